"""The patent NLP pipeline on real sentences (石墨烯/锂离子电池/碳纤维, boilerplate, offsets, ORG)."""

from __future__ import annotations

import json

import jieba
import pytest

from nlp.pipeline import PatentNlp, load_pipeline
from tests.paths import BDCI_JSONL

BDCI = BDCI_JSONL


@pytest.fixture(scope="module")
def pipeline() -> PatentNlp:
    return load_pipeline()


@pytest.fixture(scope="module")
def bdci_rows() -> list[dict[str, str]]:
    with BDCI.open(encoding="utf-8") as handle:
        return [json.loads(next(handle)) for _ in range(40)]


@pytest.mark.parametrize("term", ["石墨烯", "锂离子电池", "碳纤维"])
def test_domain_terms_stay_whole(pipeline: PatentNlp, term: str) -> None:
    words = pipeline.segment(f"本发明公开了一种{term}复合材料的制备方法，所述{term}经过表面处理。")
    assert words.count(term) == 2


def test_plain_jieba_splits_graphene_but_global_jieba_is_untouched(pipeline: PatentNlp) -> None:
    # 石墨烯 is our dictionary's doing, and it did not leak into jieba's global tokenizer
    assert "石墨烯" not in jieba.Tokenizer().lcut("石墨烯复合材料")
    assert "石墨烯" not in jieba.lcut("石墨烯复合材料")
    assert "石墨烯" in pipeline.segment("石墨烯复合材料")


def test_claim_numbers_and_identifiers_stay_one_token(pipeline: PatentNlp) -> None:
    words = pipeline.segment("1.一种压力传感器，读取vmcoreinfo_data的值")
    assert words[0] == "1."
    assert "vmcoreinfo_data" in words
    assert "".join(words) == "1.一种压力传感器，读取vmcoreinfo_data的值"


def test_search_tokens_drop_boilerplate(pipeline: PatentNlp) -> None:
    text = "本发明公开了一种锂离子电池，其特征在于，所述锂离子电池包括正极、负极和设置有隔膜的壳体。"
    analysis = next(pipeline.analyse_patents([("锂离子电池", text, "")]))
    for boilerplate in ("本发明", "公开", "一种", "所述", "其", "特征", "在于", "包括", "设置", "，", "。"):
        assert boilerplate not in analysis.tokens
    assert "锂离子电池" in analysis.tokens
    assert "隔膜" in analysis.tokens
    assert analysis.technologies[0][0] == "锂离子电池"


def test_term_offsets_on_a_real_bdci_abstract(pipeline: PatentNlp, bdci_rows: list[dict[str, str]]) -> None:
    row = bdci_rows[1]  # 一种5G通讯电缆故障监控系统
    terms = pipeline.terms(row["abstract"])
    assert terms
    for term in terms:
        assert row["abstract"][term.start : term.end] == term.text
        assert term.label in {"TECH", "ORG"}
    texts = {t.text for t in terms}
    assert any(t.endswith("监控系统") for t in texts)
    assert any("电路" in t for t in texts)


def test_org_mentions_and_linker_hook() -> None:
    base = load_pipeline()
    linked = PatentNlp(base.nlp, org_linker=lambda name: "holder:" + name if name == "清华大学" else None)
    terms = linked.terms("本发明由清华大学和华为技术有限公司共同研发，涉及氢氧化铝和碳酸锂的制备")
    orgs = {t.text: t.key for t in terms if t.label == "ORG"}
    assert orgs == {"清华大学": "holder:清华大学", "华为技术有限公司": "华为技术有限公司"}
    assert {"氢氧化铝", "碳酸锂"} <= {t.text for t in terms if t.label == "TECH"}


def test_synonyms_and_full_width_map_to_one_key(pipeline: PatentNlp) -> None:
    keys = {t.text: t.key for t in pipeline.terms("一种锂电池和石墨稀涂层，采用ＬＥＤ照明")}
    assert keys["锂电池"] == "锂离子电池"
    assert keys["石墨稀"] == "石墨烯"
    assert keys["ＬＥＤ"] == "发光二极管"


def test_sme_need_meets_document_vocabulary(pipeline: PatentNlp) -> None:
    query = pipeline.query_terms("我们需要提高玉米秸秆饲料化利用效率的技术")
    assert "玉米秸秆" in query
    assert "饲料" in query
    assert not {"我们", "需要", "的"} & set(query)
    doc = next(pipeline.analyse_patents([("玉米秸秆青贮饲料的制备方法", "以玉米秸秆为原料制备饲料。", "")]))
    assert {"玉米秸秆", "饲料"} <= set(doc.tokens)


def test_two_processes_give_the_same_analyses(pipeline: PatentNlp, bdci_rows: list[dict[str, str]]) -> None:
    texts = [(r["title"], r["abstract"], "") for r in bdci_rows]
    one = list(pipeline.analyse_patents(texts))
    two = list(pipeline.analyse_patents(texts, n_process=2, batch_size=4))
    assert one == two
    assert all(a.keywords for a in one)
    assert any(a.orgs == [] for a in one)

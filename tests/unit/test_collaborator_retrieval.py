"""Need terms, the character text index and relevance scoring of collaborator discovery."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.collaborator_baseline import Bm25Baseline
from bench.collaborators import Need, accepted_keys, score_variant
from graph.models import HolderType, PatentText
from graph.navigation.need_terms import parse_need_terms, term_features
from graph.navigation.relevance import RelevanceParams, score_need
from graph.navigation.text_index import TextIndex, feature_key, pair_features

U, INST, E = HolderType.UNIVERSITY, HolderType.INSTITUTE, HolderType.ENTERPRISE
ROWS = [
    PatentText("CN1A", "一种污泥脱水方法", "向污泥中加入调理剂后压滤，泥饼含水率降低。", (U,)),
    PatentText("CN2A", "一种污水处理装置", "污水经格栅和沉淀池处理后排放，污水厂运行稳定。", (E,)),
    PatentText("CN3A", "锂离子电池回收方法", "从废旧锂电池中回收锂、镍、钴，流程短。", (INST,)),
    PatentText("CN4A", "一种LED灯珠", "LED灯珠的封装结构，散热好。", (U, E)),
]


@pytest.fixture(scope="module")
def index() -> TextIndex:
    return TextIndex(ROWS)


def test_filler_and_generic_words_are_not_searched() -> None:
    need = parse_need_terms(
        ["我们", "想", "污泥", "脱水", "技术", "利用效率", "提高", "污泥", "泥", "ＬＥＤ"]
    )
    assert need.searched == ("污泥", "脱水", "led")
    assert need.counts == (3, 1, 1)  # said twice and once inside 泥: weighs three times
    assert {"我们", "想", "技术", "利用效率", "提高", "泥"} <= set(need.dropped)  # 泥 is inside 污泥
    assert parse_need_terms(["技术", "方法", "提高效率"]).searched == ()


def test_term_features_are_pairs_and_characters() -> None:
    assert term_features("污泥饼", 0.5) == {"污泥": 1.0, "泥饼": 1.0, "污": 0.5, "泥": 0.5, "饼": 0.5}
    assert term_features("钴", 0.5) == {"钴": 1.0}
    assert term_features("PM2.5", 0.5) == {"pm2.5": 1.0}
    keys = {feature_key(f) for f in ("污", "污泥", "led")}
    assert len(keys) == 3 and feature_key("污") < 2**21 <= feature_key("污泥") < 2**42 <= feature_key("led")


def test_index_postings_and_holder_mask(index: TextIndex) -> None:
    assert index.document_frequency("污泥") == 1
    assert index.document_frequency("污水") == 1
    assert index.document_frequency("污") == 2
    assert index.document_frequency("led") == 1
    assert index.document_frequency("没有") == 0
    postings = index.postings("污泥")
    assert postings is not None and list(postings.docs) == [0] and 0 < float(postings.tfs[0]) < 1
    assert index.idf(1) > index.idf(2) > 0 == index.idf(0)
    assert list(index.holder_type_mask([U])) == [True, False, False, True]
    assert pair_features("污泥。污泥饼") == {"污泥": 2, "泥饼": 1}


def test_an_empty_store_has_an_empty_index() -> None:
    empty = TextIndex([])
    assert (empty.size, empty.document_frequency("污"), empty.postings("污泥")) == (0, 0, None)
    assert score_need(empty, ["污泥"], RelevanceParams()).terms == ()


def test_coverage_rewards_meeting_more_words(index: TextIndex) -> None:
    scores = score_need(index, ["污泥", "泥饼", "含水率"], RelevanceParams(feedback_weight=0.0))
    assert int(np.argmax(scores.coverage)) == 0
    assert scores.coverage[0] > scores.coverage[1] > 0  # 污水 shares only the character 污
    assert scores.matched_terms(index.texts[0], 0.5) == ("污泥", "泥饼", "含水率")
    assert scores.evidence[0] == pytest.approx(scores.coverage[0] * sum(scores.term_weights) / index.idf(1))
    single = score_need(index, ["锂", "镍", "钴"], RelevanceParams())
    assert int(np.argmax(single.relevance)) == 2
    assert score_need(index, ["不存在"], RelevanceParams()).terms == ()


def test_feedback_re_ranks_on_the_coverage_scale(index: TextIndex) -> None:
    scores = score_need(index, ["污泥", "脱水"], RelevanceParams(feedback_docs=2, feedback_features=5))
    assert scores.feedback and sum(scores.feedback.values()) == pytest.approx(1.0)
    assert float(scores.relevance.max()) == pytest.approx(float(scores.coverage.max()), rel=1e-5)


def test_bench_scoring_and_joint_accept_names(tmp_path: Path) -> None:
    assert {"中国科学院", "水利部成都山地灾害与环境研究所"} <= accepted_keys(
        "中国科学院、水利部成都山地灾害与环境研究所"
    )
    needs = [Need("a", ("甲大学",), ""), Need("b", ("乙研究所",), "")]
    score = score_variant("v", needs, [["丙大学", "甲大学"], ["丁学院"]])
    assert (score.ranks, score.recall_at_5, score.mrr) == ((2, None), 0.5, 0.25)
    corpus = tmp_path / "patents.jsonl"
    records = [
        {"title": "污泥脱水方法", "abstract": "污泥压滤脱水。", "assignee": "甲大学"},
        {"title": "污水处理", "abstract": "污水沉淀。", "assignee": "乙公司"},
        {"title": "电池回收", "abstract": "回收锂。", "assignee": "丙研究所"},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    baseline = Bm25Baseline(corpus)
    assert baseline.rank_holders("污泥怎么脱水") == ["甲大学"]  # companies are never ranked
    assert baseline.rank_holders("回收锂") == ["丙研究所"]


def test_the_askers_own_business_is_searched_as_its_trade() -> None:
    """轴承厂 says who asks (a bearing factory); the need is about 轴承, which must be searched,
    not dropped as a word contained in 轴承厂. A one-character trade keeps its word (电厂)."""
    need = parse_need_terms(["洛阳", "小型", "轴承厂", "想", "找", "轴承", "密封", "润滑", "专利"])
    assert "轴承" in need.searched and "轴承厂" not in need.searched
    assert need.count("轴承") == 2  # said twice: as the trade and as the need
    assert "专利" in need.dropped  # every candidate is a patent: never a search word
    assert parse_need_terms(["电厂", "脱硫"]).searched == ("电厂", "脱硫")
    assert parse_need_terms(["空调配件公司"]).searched == ("空调配件",)


def test_property_words_alone_are_no_need() -> None:
    """稳定性 / 可靠性 belong to every field (as 性能, 质量): matched alone they offered wind-power
    patents for a hot-pot seasoning need."""
    need = parse_need_terms(["火锅", "底料", "风味", "稳定性"])
    assert need.searched == ("火锅", "底料", "风味") and "稳定性" in need.dropped
    assert parse_need_terms(["小厂", "空调", "节能", "控制"]).searched == ("空调", "节能")

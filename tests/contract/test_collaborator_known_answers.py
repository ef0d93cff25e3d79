"""Collaborator discovery on both stores: the text rows it reads, and answers known by hand.

The hand-built corpus: three valid or pending patents on root-knot nematodes held by academics,
one lapsed one with an open licence, one a university assigned to a company, and background
patents of other fields. Known answers: the lapsed patent is never offered (and its open
licence never counts as available); a pending application is offered and marked; a need made
of generic words only has no candidate; the assignor university is offered with the patent
marked as transferred.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.models import (
    HolderRecord,
    HolderType,
    LegalEventKind,
    LegalEventRecord,
    PatentBatch,
    PatentFilter,
    PatentRecord,
    PatentType,
    ReferenceBatch,
)
from graph.navigation import find_collaborators
from graph.navigation.collaborator_rules import NO_MATCH
from graph.navigation.text_index import drop_text_index
from graph.store import GraphStore

Seed = tuple[ReferenceBatch, PatentBatch]
AS_OF = date(2025, 6, 30)
NEMATODE_NEED = ["蔬菜", "根", "长满", "疙瘩", "生物", "办法", "防治", "线虫"]

HOLDERS = [
    HolderRecord("syau", "沈阳农业大学", HolderType.UNIVERSITY, "name"),
    HolderRecord("njau", "南京农业大学", HolderType.UNIVERSITY, "name"),
    HolderRecord("ipp", "中国农业科学院植物保护研究所", HolderType.INSTITUTE, "name"),
    HolderRecord("scau", "华南农业大学", HolderType.UNIVERSITY, "name"),
    HolderRecord("agri_co", "广州绿源生物科技有限公司", HolderType.SME, "name", is_sme=True),
    HolderRecord("hit", "哈尔滨工业大学", HolderType.UNIVERSITY, "name"),
    HolderRecord("paint_co", "江苏涂料有限公司", HolderType.ENTERPRISE, "name"),
]


def _patent(
    pub_no: str, holder: str, title: str, abstract: str, valid: bool | None, status: str, applicant: str = ""
) -> PatentRecord:
    return PatentRecord(
        pub_no=pub_no,
        app_no=None,
        patent_type=PatentType.INVENTION,
        title=title,
        abstract=abstract,
        app_date="2016-03-01",
        grant_date="2018-03-01" if valid is not None else None,
        is_valid=valid,
        legal_status=status,
        applicants=(applicant or holder,),
        holders=(holder,),
        tokens=title,
    )


PATENTS = [
    _patent(
        "CN7001A",
        "syau",
        "一种杀根结线虫的木霉菌株及其应用",
        "本发明公开了一种木霉菌株，其发酵液对蔬菜根结线虫具有很强的杀灭活性，可用于生物防治根结线虫病。",
        True,
        "有权-审定授权",
    ),
    _patent(
        "CN7002A",
        "njau",
        "防治黄瓜根结线虫的芽孢杆菌菌剂",
        "一种芽孢杆菌菌剂，施入土壤后定殖于蔬菜根际，减少根结线虫侵染，根部疙瘩明显减少。",
        False,
        "无权-未缴年费",
    ),
    _patent(
        "CN7003A",
        "ipp",
        "一种线虫生防菌的筛选方法",
        "从番茄根际土壤中筛选拮抗根结线虫的生防细菌，用于蔬菜线虫病的生物防治。",
        None,
        "审中-实质审查",
    ),
    _patent(
        "CN7004A",
        "agri_co",
        "淡紫拟青霉防治根结线虫的制剂",
        "淡紫拟青霉孢子制剂寄生线虫卵，降低蔬菜根结线虫数量。",
        True,
        "有权-审定授权",
        applicant="scau",
    ),
    _patent(
        "CN7101A",
        "hit",
        "一种锂离子电池正极材料",
        "一种高镍三元正极材料及其制备方法，提高电池容量。",
        True,
        "有权",
    ),
    _patent(
        "CN7102A",
        "hit",
        "一种图像识别方法",
        "基于卷积神经网络识别图像中的目标，提高识别准确率。",
        True,
        "有权",
    ),
    _patent(
        "CN7103A",
        "paint_co",
        "一种水性防锈涂料",
        "以水性丙烯酸树脂为基料的防锈涂料，环保耐用。",
        True,
        "有权",
    ),
    _patent("CN7104A", "hit", "一种混凝土裂缝修复剂", "用于修复混凝土结构裂缝的微生物修复剂。", True, "有权"),
]
EVENTS = [
    LegalEventRecord("k1", "CN7001A", LegalEventKind.OPEN_LICENCE, "2023-01-10", ("syau",), amount=5.0),
    LegalEventRecord("k2", "CN7002A", LegalEventKind.OPEN_LICENCE, "2020-01-10", ("njau",), amount=3.0),
    LegalEventRecord("k3", "CN7004A", LegalEventKind.TRANSFER, "2021-05-01", ("scau",), ("agri_co",)),
]


@pytest.fixture
def known(store: GraphStore) -> GraphStore:
    store.upsert_patents(PatentBatch(holders=list(HOLDERS), patents=list(PATENTS), events=list(EVENTS)))
    drop_text_index(store)
    return store


def test_patent_texts_are_the_patents_in_pub_no_order(seeded: GraphStore, seed: Seed) -> None:
    _, batch = seed
    types = {h.key: h.holder_type for h in batch.holders}
    rows = list(seeded.patent_texts(PatentFilter()))
    patents = sorted(batch.patents, key=lambda p: p.pub_no)
    assert [r.pub_no for r in rows] == [p.pub_no for p in patents]
    for row, patent in zip(rows, patents, strict=True):
        assert (row.title, row.abstract) == (patent.title, patent.abstract)
        expected = {types[k] for k in (*patent.applicants, *patent.holders) if k in types}
        assert row.holder_types == tuple(sorted(expected))
    jilin = {r.pub_no for r in seeded.patent_texts(PatentFilter(region_prefixes=("22",)))}
    assert jilin == {p.pub_no for p in patents if (p.region_code or "").startswith("22")}


def test_a_lapsed_patent_is_never_offered(known: GraphStore) -> None:
    for need in (NEMATODE_NEED, ["芽孢杆菌", "黄瓜", "线虫"], ["根结线虫"]):
        answer = find_collaborators(known, need, as_of=AS_OF)
        offered = {p.pub_no for c in answer.candidates for p in c.patents}
        assert "CN7002A" not in offered
        assert "njau" not in {c.holder_key for c in answer.candidates}
    shown = find_collaborators(known, ["芽孢杆菌", "黄瓜", "线虫"], as_of=AS_OF, include_lapsed=True)
    lapsed = next(p for c in shown.candidates for p in c.patents if p.pub_no == "CN7002A")
    assert (lapsed.validity, lapsed.is_valid, lapsed.availability) == ("invalid", False, None)


def test_offered_patents_carry_status_and_availability(known: GraphStore) -> None:
    answer = find_collaborators(known, NEMATODE_NEED, as_of=AS_OF)
    by_holder = {c.holder_key: c for c in answer.candidates}
    assert {c.holder_key for c in answer.candidates[:3]} == {"syau", "ipp", "scau"}
    syau = by_holder["syau"].patents[0].to_dict()
    assert {"pub_no", "title", "legal_status", "is_valid", "availability", "open_licence_fee"} <= set(syau)
    assert (syau["pub_no"], syau["legal_status"], syau["is_valid"]) == ("CN7001A", "有权-审定授权", True)
    assert syau["availability"] is not None and "open_licence" in syau["availability"]
    assert syau["open_licence_fee"] == 5.0
    pending = by_holder["ipp"].patents[0]
    assert (pending.validity, pending.is_valid) == ("pending", None)
    assert "审中" in by_holder["ipp"].reasons[0]
    moved = by_holder["scau"].patents[0]
    assert moved.transferred_to == ("广州绿源生物科技有限公司",) and moved.availability is None
    assert "线虫" in by_holder["syau"].matched_terms
    assert "办法" in answer.need_terms.dropped


def test_generic_words_alone_get_no_candidate(known: GraphStore) -> None:
    answer = find_collaborators(
        known, ["我们", "需要", "提高", "效率", "技术", "方法", "利用效率"], as_of=AS_OF
    )
    assert answer.candidates == () and answer.need_terms.searched == ()
    assert answer.message is not None and answer.message.startswith(NO_MATCH)


def test_no_relevant_patent_says_so(known: GraphStore) -> None:
    answer = find_collaborators(known, ["婚礼", "策划", "布置"], as_of=AS_OF)
    assert answer.candidates == ()
    assert answer.message is not None and answer.message.startswith(NO_MATCH)
    assert answer.definitions["min_relevance"].startswith("最低相关度")

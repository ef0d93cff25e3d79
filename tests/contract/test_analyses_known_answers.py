"""Known answers on a hand-built corpus, on both stores (tests/analyses_corpus.py says why)."""

from __future__ import annotations

import pytest

from graph.models import PatentFilter
from graph.navigation import (
    KpiTarget,
    SleepingPatentFilter,
    detect_abnormal_transfers,
    find_high_value_patents,
    screen_sleeping_patents,
    sleeping_exclusion,
    transformation_kpis,
)
from graph.navigation.high_value import ACADEMIC_HOLDER_FILTER, HighValueParams
from graph.store import GraphStore
from tests.analyses_corpus import AS_OF, load_known_answers


@pytest.fixture
def corpus(store: GraphStore) -> GraphStore:
    return load_known_answers(store)


def test_a_licensed_patent_is_not_sleeping(corpus: GraphStore) -> None:
    found = {p.pub_no: p for p in screen_sleeping_patents(corpus, AS_OF)}
    assert set(found) == {"KA102", "KA103", "KA201", "KA202", "KA203"}
    licensed = corpus.get_patent("KA101")
    assert licensed is not None
    assert "(许可)" in (sleeping_exclusion(licensed, AS_OF) or "")
    declared = found["KA103"]
    assert declared.open_licensed and declared.open_licence_fee_wan == 5.0
    # KA102 has no claims count or family data: left out, weights 0.20 + 0.20 + 0.10 + 0.20 known
    ka102 = found["KA102"]
    assert ka102.known_weight == pytest.approx(0.70)
    assert ka102.score == pytest.approx((0.2 * 0.8 + 0.2 * 1.0 + 0.1 / 3) / 0.7, abs=1e-4)
    assert (ka102.level, ka102.region_name) == ("B", "吉林省长春市")
    by_region = screen_sleeping_patents(corpus, AS_OF, SleepingPatentFilter(region_prefixes=("41",)))
    assert {p.pub_no for p in by_region} == {"KA201", "KA202", "KA203"}


def test_sei_keyword_condition_and_ipc_only_basis(corpus: GraphStore) -> None:
    report = find_high_value_patents(corpus, AS_OF, PatentFilter(region_prefixes=("41",)))
    by_pub = {a.pub_no: a for a in report.patents}
    assert by_pub["KA201"].is_high_value and not by_pub["KA201"].sei_ipc_only
    assert "滚动轴承" in (by_pub["KA201"].criteria[0].evidence or "")
    assert not by_pub["KA202"].is_high_value  # 滑动轴承: the rule's products are not mentioned
    assert "未出现" in (by_pub["KA202"].criteria[0].evidence or "")
    assert by_pub["KA203"].is_high_value and by_pub["KA203"].sei_ipc_only
    summary = report.summary
    assert summary is not None
    assert (summary.eligible_count, summary.high_value_count) == (4, 2)  # KA110 as well
    assert (summary.sei_keyword_count, summary.sei_ipc_only_count) == (1, 1)
    upper = find_high_value_patents(
        corpus, AS_OF, PatentFilter(region_prefixes=("41",)), HighValueParams(sei_keyword_condition=False)
    )
    assert upper.summary is not None and upper.summary.high_value_count == 3
    academic = find_high_value_patents(
        corpus, AS_OF, params=HighValueParams(holder_types=ACADEMIC_HOLDER_FILTER)
    )
    assert {a.holders for a in academic.patents} <= {("jlu",), ("zzu",)}
    assert academic.summary is not None and academic.summary.holder_types == ("university", "institute")


def test_kpis_counted_by_hand(corpus: GraphStore) -> None:
    growth = KpiTarget(
        "sme_received_from_academic_soe", annual_growth=0.20, baseline_year=2020, region_prefix="22"
    )
    total = KpiTarget(
        "sme_received",
        cumulative_minimum=5,
        period_start=2021,
        period_end=2023,
        region_prefix="22",
        strict=True,  # 超过
    )
    report = transformation_kpis(corpus, ["22", "41"], [2021, 2022, 2023], [growth, total])
    rows = {(r.region_prefix, r.year): r for r in report.rows}
    assert [rows[("22", y)].value("sme_received").count for y in (2020, 2021, 2022, 2023)] == [1, 0, 3, 2]
    from_public = [rows[("22", y)].value("sme_received_from_academic_soe").count for y in (2020, 2022, 2023)]
    assert from_public == [1, 2, 2]
    assert [rows[("22", y)].value("academic_outgoing").count for y in (2020, 2022, 2023)] == [1, 2, 1]
    pledges = rows[("22", 2023)].value("pledges")
    assert (pledges.count, pledges.amount) == (1, 300.0)  # one project, its amount once
    assert rows[("41", 2023)].value("academic_to_sme").count == 1  # ZZU -> Changchun SME
    assert rows[("41", 2023)].value("sme_received").count == 0
    checks = {(c.year, c.target.metric): c for c in report.checks}
    cagr = checks[(2023, "sme_received_from_academic_soe")]
    assert cagr.actual_growth == pytest.approx(2 ** (1 / 3) - 1) and cagr.met is True
    assert checks[(2022, "sme_received")].status == "in_progress"  # 3 by 2022, period not over
    assert (checks[(2023, "sme_received")].actual, checks[(2023, "sme_received")].met) == (
        5,
        False,
    )  # not > 5


def test_planted_abnormal_transfers_are_found(corpus: GraphStore) -> None:
    report = detect_abnormal_transfers(corpus, as_of=AS_OF)
    found = {(w.rule, w.pub_nos) for w in report.warnings}
    assert found == {
        ("bulk_same_day", ("KA301", "KA302", "KA303")),
        ("transfer_before_lapse", ("KA305",)),
        ("transfer_before_lapse", ("KA306",)),  # a licence, 45 days before lapse
    }
    bulk = next(w for w in report.warnings if w.rule == "bulk_same_day")
    assert "3 件专利, 占其当日在库有效专利 4 件的 75%" in bulk.evidence
    licence = next(w for w in report.warnings if w.pub_nos == ("KA306",))
    assert licence.kinds == ("licence",) and "未缴年费" in licence.evidence
    assert report.events_by_kind == {"transfer": 10, "licence": 3}

"""Transformation KPIs: counts equal the events built into the crafted graph, counted by hand.

Regions follow the metric's side: "SMEs received" in the receiving SME's region, the others in
the giver's (tests/navigation_graphs.py lists the events e01-e34).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.errors import InvalidQueryError
from graph.models import PatentBatch
from graph.navigation import KpiTarget, transformation_kpis
from graph.store import GraphStore
from tests.navigation_graphs import BEIJING, _p, crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    """The crafted graph, its data running into 2024 (a lapsed Beijing patent granted then,
    no events), so 2023 is a complete year and its targets are judged."""
    graph_store = crafted_embedded_store()
    later, _, _ = _p("CN9901A", "bj_ent", BEIJING, None, "2021-06-01", grant_date="2024-02-01", valid=False)
    graph_store.upsert_patents(PatentBatch(patents=[later]))
    yield graph_store
    graph_store.close()


def test_a_year_the_data_end_inside_is_marked_and_not_judged() -> None:
    """The crafted graph alone ends 2023-09-09: 2023 is incomplete, its target not judged."""
    bare = crafted_embedded_store()
    try:
        target = KpiTarget("academic_outgoing", annual_minimum=1, region_prefix="22")
        report = transformation_kpis(bare, ["22"], [2022, 2023], [target])
    finally:
        bare.close()
    assert report.data_cutoff == "2023-09-09"
    assert [(r.year, r.complete) for r in report.rows] == [(2022, True), (2023, False)]
    assert [(c.year, c.status, c.met) for c in report.checks] == [
        (2022, "met", True),
        (2023, "incomplete", None),
    ]


def test_counts_and_amounts_match_construction(store: GraphStore) -> None:
    report = transformation_kpis(store, ["22", "51"], [2022, 2023])
    rows = {(r.region_prefix, r.year): r for r in report.rows}
    jl22, jl23 = rows[("22", 2022)], rows[("22", 2023)]
    assert (jl22.value("academic_to_sme").count, jl22.value("academic_to_sme").amount) == (2, 70.0)
    assert jl22.value("academic_to_sme_transfers").count == 1
    assert jl22.value("academic_to_sme_licences").count == 1
    assert jl23.value("academic_to_sme").count == 2  # transfer CN1003A + equity CN1001A
    assert jl23.value("academic_to_sme_equity").count == 1
    assert jl23.value("academic_outgoing").count == 3  # plus CIAC -> shell2
    assert (jl23.value("pledges").count, jl23.value("pledges").amount) == (1, 1200.0)
    assert jl23.value("pledges").amount_display == "1,200 万元"
    assert jl23.value("academic_to_sme").growth_count == pytest.approx(0.0)
    assert jl23.value("academic_outgoing").growth_count == pytest.approx(0.5)
    sc22, sc23 = rows[("51", 2022)], rows[("51", 2023)]
    assert sc23.value("open_licences").count == 1
    assert sc23.value("academic_to_sme_equity").amount == 100.0
    # the Chengdu SME received a licence (e11) and a transfer (e34) from a Beijing firm in 2022:
    # they count in Sichuan, the receiver's region, not in Beijing, the patents' region
    assert sc22.value("sme_received").count == 2
    assert sc22.value("sme_received_from_academic_soe").count == 0
    # 2023: SCU's equity (e08) and THU's four same-day transfers (e27-e30) to the Chengdu SME
    assert sc23.value("sme_received").count == 5
    assert sc23.value("sme_received_from_academic_soe").count == 5
    assert sc23.value("academic_to_sme").count == 1  # THU's deals count in Beijing, the giver's region
    assert (rows[("22", 2022)].region_name, rows[("51", 2022)].region_name) == ("吉林省", "四川省")
    assert "受让的中小企业所在地" in report.definitions["sme_received"]


def test_national_row_and_year_range(store: GraphStore) -> None:
    report = transformation_kpis(store, ["", "11"], [2021, 2023])
    rows = {(r.region_prefix, r.year): r for r in report.rows}
    assert rows[("", 2021)].value("transfers_and_licences").count == 3  # CN5004A moved three times in 2021
    assert rows[("", 2021)].value("academic_outgoing").count == 1  # only THU -> bj_ent
    assert rows[("11", 2023)].value("academic_to_sme").count == 4  # THU -> Chengdu SME, counted at THU
    assert rows[("", 2023)].region_name == "全国"
    # the pledgee (a bank without address, name without a division) never matters: pledges count
    # at the pledgor; nothing in this graph is left unplaced
    assert set(report.unplaced.values()) == {0}


def test_growth_compounds_from_the_baseline(store: GraphStore) -> None:
    target = KpiTarget("sme_received", annual_growth=0.10, baseline_year=2021, region_prefix="22")
    report = transformation_kpis(store, ["22"], [2022, 2023], [target])
    # Changchun SME: 1 received in 2021 (e33), 2 in 2023 (e03, e04): (2 / 1) ** (1 / 2) - 1 = 41.4 %
    check = next(c for c in report.checks if c.year == 2023)
    assert check.actual_growth == pytest.approx(2**0.5 - 1)
    assert check.met is True and check.status == "met"
    assert "较基准年2021年的年均增幅(复合) +41.4%" in check.reason
    assert [r.year for r in report.rows] == [2021, 2022, 2023]  # the baseline row is shown


def test_cumulative_and_stock_targets(store: GraphStore) -> None:
    total = KpiTarget(
        "sme_received", cumulative_minimum=5, period_start=2021, period_end=2023, region_prefix="22"
    )
    sleeping = KpiTarget("sleeping_patents", stock_minimum=3, region_prefix="51")
    report = transformation_kpis(store, ["22", "51"], [2022, 2023], [total, sleeping])
    checks = {(c.region_prefix, c.year, c.target.metric): c for c in report.checks}
    # Jilin SMEs: 1 (2021) + 2 (2022) = 3 by 2022, not yet 5: in progress, not failed
    assert (checks[("22", 2022, "sme_received")].actual, checks[("22", 2022, "sme_received")].met) == (
        3,
        None,
    )
    assert checks[("22", 2022, "sme_received")].status == "in_progress"
    reached = checks[("22", 2023, "sme_received")]
    assert (reached.actual, reached.met, reached.unit) == (5, True, "件")
    assert "2021—2023年累计 5 件" in reached.reason
    # Sichuan sleeping patents at 2023-12-31: CN2001A, CN3001A, CN3002A (CN3004A/CN3005A not 3 years yet)
    stock = checks[("51", 2023, "sleeping_patents")]
    assert (stock.actual, stock.met) == (3, True)
    assert checks[("51", 2022, "sleeping_patents")].actual == 2  # CN2001A granted 2020-05-01: 2023


def test_targets_are_checked(store: GraphStore) -> None:
    targets = [
        KpiTarget("academic_outgoing", "count", annual_growth=0.2, source="test"),
        KpiTarget("academic_to_sme", "count", annual_growth=0.1, annual_minimum=1),
        KpiTarget("pledges", "amount", annual_minimum=1000, region_prefix="22"),
    ]
    report = transformation_kpis(store, ["22", "51"], [2023], targets)
    checks = {(c.region_prefix, c.target.metric): c for c in report.checks}
    assert checks[("22", "academic_outgoing")].met is True  # +50 % >= +20 %
    assert checks[("22", "academic_to_sme")].met is False  # 0 % < +10 %
    pledge = checks[("22", "pledges")]
    assert pledge.met is True and pledge.unit == "万元" and pledge.target_display == "1,000 万元"
    assert ("51", "pledges") not in checks  # target limited to region 22
    assert checks[("51", "academic_to_sme")].met is None  # no 2022 base in Sichuan
    assert checks[("51", "academic_to_sme")].status == "no_base"


def test_bad_input() -> None:
    with pytest.raises(InvalidQueryError):
        transformation_kpis(crafted_embedded_store(), ["22"], [])
    with pytest.raises(InvalidQueryError):
        transformation_kpis(crafted_embedded_store(), ["22"], [2023], [KpiTarget("no_such_metric")])


def _plan_targets(province: str) -> tuple[list[KpiTarget], list[object]]:
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province
    from graph.settings import REPO_ROOT

    targets, skipped = kpi_targets_from_plan(
        plan_for_province(province, REPO_ROOT / "data" / "plans" / "targets.yaml")
    )
    return targets, list(skipped)


def test_plan_targets_are_mapped_and_checked(store: GraphStore) -> None:
    targets, skipped = _plan_targets("22")
    by_key = {(t.metric, t.measure): t for t in targets if t.kind != "not_computable"}
    assert by_key[("academic_outgoing", "count")].annual_growth == pytest.approx(0.2)
    assert by_key[("pledges", "amount")].annual_growth == pytest.approx(0.15)
    assert {t.baseline_year for t in by_key.values()} == {2020}
    assert all(t.region_prefix == "22" for t in targets)
    not_computable = [t for t in targets if t.kind == "not_computable"]
    assert len(not_computable) == len(skipped) >= 2  # listed in the report, not only on stderr
    report = transformation_kpis(store, ["22"], [2023], targets)
    checks = {(c.target.metric, c.target.measure): c for c in report.checks}
    # nothing in 2020 in the crafted graph: compound growth from the baseline cannot be computed
    assert checks[("academic_outgoing", "count")].status == "no_base"
    assert checks[("sme_received", "count")].met is None
    assert sum(c.status == "not_computable" for c in report.checks) == len(not_computable)


def test_every_plan_target_is_in_the_report() -> None:
    from graph.plan_targets import load_plan_targets
    from graph.settings import REPO_ROOT

    for plan in load_plan_targets(REPO_ROOT / "data" / "plans" / "targets.yaml"):
        targets, _ = _plan_targets(plan.province_code)
        assert {t.target_id for t in targets} == {t.id for t in plan.targets}


def test_henan_totals_sichuan_database_and_shandong_givers() -> None:
    henan = {t.target_id: t for t in _plan_targets("41")[0]}
    assert henan["41/sme_received_total"].kind == "cumulative"
    assert (henan["41/sme_received_total"].period_start, henan["41/sme_received_total"].period_end) == (
        2021,
        2023,
    )
    assert henan["41/pledge_amount_total"].cumulative_minimum == 1_300_000.0  # 130 亿元 in 万元
    assert henan["41/pledge_amount_total"].strict is True  # 超过
    sichuan = {t.target_id: t for t in _plan_targets("51")[0]}
    assert sichuan["51/sleeping_patent_database_size"].kind == "stock"
    assert sichuan["51/sleeping_patent_database_size"].stock_minimum == 10_000
    shandong = [t for t in _plan_targets("37")[0] if t.target_id == "37/transfers_to_sme_growth"]
    assert {t.metric for t in shandong if t.kind == "growth"} == {"sme_received_from_academic_soe"}
    jilin = [t for t in _plan_targets("22")[0] if t.target_id == "22/transfers_to_sme_growth"]
    assert {t.metric for t in jilin if t.kind == "growth"} == {"sme_received"}


def test_yearly_minimum_in_yi_yuan_is_converted_and_shown_in_yi_yuan(store: GraphStore) -> None:
    targets, _ = _plan_targets("37")
    yearly = [t for t in targets if t.annual_minimum is not None]
    assert [(t.metric, t.measure, t.annual_minimum, t.year) for t in yearly] == [
        ("pledges", "amount", 2_000_000.0, 2023)  # 200 亿元 = 2,000,000 万元
    ]
    report = transformation_kpis(store, ["37"], [2023], yearly)
    check = report.checks[0]
    assert check.target_display == "200 亿元" and "e+" not in check.reason
    assert check.reason == "2023年 0 万元, 目标 >= 200 亿元"

"""Transformation KPIs: counts equal the events built into the crafted graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.errors import InvalidQueryError
from graph.navigation import KpiTarget, transformation_kpis
from graph.store import GraphStore
from tests.navigation_graphs import crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


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
    assert jl23.value("academic_to_sme").growth_count == pytest.approx(0.0)
    assert jl23.value("academic_outgoing").growth_count == pytest.approx(0.5)
    sc23 = rows[("51", 2023)]
    assert sc23.value("open_licences").count == 1
    assert sc23.value("academic_to_sme_equity").amount == 100.0
    assert rows[("51", 2022)].value("sme_received").count == 0


def test_national_row_and_year_range(store: GraphStore) -> None:
    report = transformation_kpis(store, [""], [2021])
    row = report.rows[0]
    assert row.value("transfers_and_licences").count == 3  # CN5004A moved three times in 2021
    assert row.value("academic_outgoing").count == 1  # only THU -> bj_ent


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
    assert checks[("22", "pledges")].met is True
    assert ("51", "pledges") not in checks  # target limited to region 22
    assert checks[("51", "academic_to_sme")].met is None  # no 2022 base in Sichuan


def test_bad_input() -> None:
    with pytest.raises(InvalidQueryError):
        transformation_kpis(crafted_embedded_store(), ["22"], [])
    with pytest.raises(InvalidQueryError):
        transformation_kpis(crafted_embedded_store(), ["22"], [2023], [KpiTarget("no_such_metric")])


def test_plan_targets_are_mapped_and_checked(store: GraphStore) -> None:
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province
    from graph.settings import REPO_ROOT

    plan = plan_for_province("22", REPO_ROOT / "data" / "plans" / "targets.yaml")
    targets, skipped = kpi_targets_from_plan(plan)
    by_key = {(t.metric, t.measure): t for t in targets}
    assert by_key[("academic_outgoing", "count")].annual_growth == pytest.approx(0.2)
    assert by_key[("pledges", "amount")].annual_growth == pytest.approx(0.15)
    assert all(t.region_prefix == "22" for t in targets)
    assert any("external" in s.reason or "非法律事件" in s.reason for s in skipped)
    report = transformation_kpis(store, ["22"], [2023], targets)
    checks = {(c.target.metric, c.target.measure): c for c in report.checks}
    assert checks[("academic_outgoing", "count")].met is True  # 3 vs 2: +50 % >= +20 %
    assert checks[("sme_received", "count")].met is False  # 2 vs 2: 0 % < +10 %
    assert checks[("pledges", "count")].met is None  # no pledge in 2022


def test_yearly_minimum_in_yi_yuan_is_converted() -> None:
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province
    from graph.settings import REPO_ROOT

    targets, _ = kpi_targets_from_plan(plan_for_province("37", REPO_ROOT / "data" / "plans" / "targets.yaml"))
    yearly = [t for t in targets if t.annual_minimum is not None]
    assert [(t.metric, t.measure, t.annual_minimum, t.year) for t in yearly] == [
        ("pledges", "amount", 2_000_000.0, 2023)  # 200 亿元 = 2,000,000 万元
    ]

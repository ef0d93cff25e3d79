"""Contract: a demand registered before an ingest lists the matching patents that ingest
brought, on both stores (供需对接: 入库后重新匹配)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.demand_records import DemandRecord, DemandStatus, MatchKind
from graph.models import ReferenceBatch
from graph.navigation.demands import REGISTRATION_RUN, demand_view, register_demand
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import IngestOptions, default_components, run_ingest
from nlp.pipeline import load_pipeline
from tests.paths import SCHEMA_FIXTURE

NEED = "我们需要无人机巡检和空气污染物监测的技术"


def _split_fixture(tmp_path: Path) -> tuple[Path, Path, set[str]]:
    """The real incoPat fixture as two exports: the first three rows, then the other seven."""
    lines = SCHEMA_FIXTURE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("\n".join([header, *rows[:3]]) + "\n", encoding="utf-8")
    second.write_text("\n".join([header, *rows[3:]]) + "\n", encoding="utf-8")
    pub_at = header.split(",").index("公开号")
    return first, second, {row.split(",")[pub_at] for row in rows[3:]}


def test_a_demand_lists_the_new_matching_patents_after_an_ingest(store: GraphStore, tmp_path: Path) -> None:
    from graph.chains import load_chain_nodes

    components = dataclasses.replace(
        default_components(),
        reference=lambda: ReferenceBatch(chain_nodes=load_chain_nodes()),
        reference_version=None,
    )
    settings = Settings(db_path=tmp_path / "var" / "graph.sqlite")
    first, second, later_pub_nos = _split_fixture(tmp_path)
    assert run_ingest([first], store, IngestOptions(), settings=settings, components=components).ok

    demand = DemandRecord(
        demand_id="DEM-20260101-000001",
        need=NEED,
        sme="长春市某环保科技有限公司",
        status=DemandStatus.OPEN,
        created="2026-01-01T00:00:00Z",
        terms=tuple(load_pipeline().query_terms(NEED)),
        region_code="220100000000",
    )
    registered = register_demand(store, demand)
    before = {m.target for m in store.demand_matches(demand.demand_id) if m.kind is MatchKind.PATENT}
    assert registered.match_runs == (REGISTRATION_RUN,) and before
    assert not before & later_pub_nos

    report = run_ingest([second], store, IngestOptions(), settings=settings, components=components)
    assert report.ok
    current = store.get_demand(demand.demand_id)
    assert current is not None and current.match_runs == (REGISTRATION_RUN, report.run_id)
    new = demand_view(store, current, since_run=REGISTRATION_RUN)
    new_pub_nos = {m.target for m in new.patents}
    assert new_pub_nos and new_pub_nos <= later_pub_nos  # only what the second ingest brought
    assert all(m.first_run == report.run_id for m in new.patents)
    assert any("无人机" in m.name or "污染" in m.name for m in new.patents)
    every = demand_view(store, current)
    assert before <= {m.target for m in every.patents}  # the earlier candidates are kept

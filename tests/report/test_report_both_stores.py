"""The navigation report and the operation database are the same on both stores (both are built
on the store contract only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.navigation.operation_db import operation_db_entries
from graph.navigation.report import assemble_navigation_report
from graph.store import GraphStore
from tests.navigation_graphs import crafted_embedded_store, load_crafted_graph

AS_OF = date(2023, 2, 1)


def _content(store: GraphStore) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    report = assemble_navigation_report(store, "22", ["tc"], benchmark="51+11").to_dict()
    report.pop("store")
    return report, [e.to_dict() for e in operation_db_entries(store, AS_OF)]


def test_report_is_the_same_on_both_stores(store: GraphStore) -> None:
    reference = crafted_embedded_store()
    try:
        expected = _content(reference)
    finally:
        reference.close()
    load_crafted_graph(store)
    report, entries = _content(store)
    assert report["chains"][0]["gaps"]["benchmark"] == "51+11"
    assert report == expected[0], f"{store.name}: the report differs from the embedded reference"
    assert entries == expected[1] and entries

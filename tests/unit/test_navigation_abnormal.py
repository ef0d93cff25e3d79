"""Abnormal transfers: each rule fires on the pattern built for it, and only there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.models import EventFilter
from graph.navigation import AbnormalTransferParams, detect_abnormal_transfers
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


def _by_rule(store: GraphStore, params: AbnormalTransferParams) -> dict[str, list[tuple[str, ...]]]:
    report = detect_abnormal_transfers(store, params=params, as_of=AS_OF)
    found: dict[str, list[tuple[str, ...]]] = {}
    for w in report.warnings:
        found.setdefault(w.rule, []).append(w.pub_nos)
    return found


def test_every_rule_on_its_pattern(store: GraphStore) -> None:
    found = _by_rule(store, AbnormalTransferParams(bulk_min_patents=4))
    assert found == {
        "bulk_same_day": [("CN5007A", "CN5008A", "CN5009A", "CN5010A")],
        "round_trip": [("CN5002A",)],
        "repeated_transfers": [("CN5004A",)],
        "transfer_before_lapse": [("CN5006A",)],
        "unrelated_assignee": [("CN1007A",)],  # shell2: no C22B patents, no other events
    }


def test_round_trip_evidence(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, as_of=AS_OF)
    trip = next(w for w in report.warnings if w.rule == "round_trip")
    assert trip.event_ids == ("e09", "e10")
    assert trip.from_holders == ("bj_ent", "shell") and trip.dates == ("2023-01-10", "2023-03-01")
    assert "50 天" in trip.evidence
    assert report.counts["bulk_same_day"] == 0  # 4 patents < default 10


def test_thresholds_are_configurable(store: GraphStore) -> None:
    tight = _by_rule(
        store,
        AbnormalTransferParams(
            round_trip_days=30,
            repeat_min_transfers=4,
            pre_lapse_days=30,
            check_unrelated_assignees=False,
        ),
    )
    assert tight == {}


def test_event_filter_limits_scope(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, EventFilter(region_prefixes=("22",)), as_of=AS_OF)
    assert report.events_examined == 3  # e01, e03, e06
    assert [w.rule for w in report.warnings] == ["unrelated_assignee"]
    early = detect_abnormal_transfers(store, EventFilter(date_to="2022-12-31"), as_of=AS_OF)
    assert "round_trip" not in {w.rule for w in early.warnings}


@pytest.mark.parametrize("days", [45, 44])
def test_pre_lapse_boundary(store: GraphStore, days: int) -> None:
    params = AbnormalTransferParams(pre_lapse_days=days, check_unrelated_assignees=False)
    found = _by_rule(store, params)
    assert ("transfer_before_lapse" in found) is (days >= 45)

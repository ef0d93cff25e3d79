"""Abnormal transfers: each rule fires on the pattern built for it, and only there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from graph.models import EventFilter, LegalEventKind
from graph.navigation import AbnormalTransferParams, detect_abnormal_transfers
from graph.navigation.abnormal_rules import lapse_reason
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
    found = _by_rule(store, AbnormalTransferParams())
    assert found == {
        # THU moves 4 of its 7 patents in force that day to one SME: 57 % >= 40 %
        "bulk_same_day": [("CN5007A", "CN5008A", "CN5009A", "CN5010A")],
        "round_trip": [("CN5002A",)],
        "repeated_transfers": [("CN5004A",)],
        "transfer_before_lapse": [("CN5006A",)],
    }  # shell2's single C22B patent is no longer an "unrelated assignee": one purchase proves nothing


def test_bulk_needs_a_large_share_of_the_portfolio(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, as_of=AS_OF)
    bulk = next(w for w in report.warnings if w.rule == "bulk_same_day")
    assert "4 件专利, 占其当日在库有效专利 7 件的 57%" in bulk.evidence
    assert bulk.from_names == ("清华大学",) and bulk.to_names == ("成都新能源有限公司",)
    assert "bulk_same_day" not in _by_rule(store, AbnormalTransferParams(bulk_min_portfolio_share_pct=60))
    # or it is large in itself
    large = AbnormalTransferParams(bulk_min_portfolio_share_pct=60, bulk_large_patents=4)
    assert "bulk_same_day" in _by_rule(store, large)


def test_round_trip_evidence(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, as_of=AS_OF)
    trip = next(w for w in report.warnings if w.rule == "round_trip")
    assert trip.event_ids == ("e09", "e10")
    assert trip.from_holders == ("bj_ent", "shell") and trip.dates == ("2023-01-10", "2023-03-01")
    assert "50 天" in trip.evidence and "北京动力集团有限公司" in trip.evidence


def test_report_states_its_scope_and_rules(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, as_of=AS_OF)
    assert report.events_by_kind == {"transfer": 13, "licence": 2}
    assert report.events_examined == 15
    assert report.warned_events == 4 + 2 + 3 + 1
    assert report.warned_share == pytest.approx(10 / 15)
    assert set(report.definitions) == set(report.counts)
    assert f"{AbnormalTransferParams().pre_lapse_days} 天" in report.definitions["transfer_before_lapse"]
    assert report.definitions["transfer_before_lapse"].endswith("[转让/许可]")
    assert all(isinstance(v, int) for v in report.thresholds.values())


def test_thresholds_are_configurable(store: GraphStore) -> None:
    tight = _by_rule(
        store,
        AbnormalTransferParams(
            bulk_min_patents=5,
            round_trip_days=30,
            repeat_min_transfers=4,
            pre_lapse_days=30,
            check_unrelated_assignees=False,
        ),
    )
    assert tight == {}


def test_event_filter_limits_scope(store: GraphStore) -> None:
    report = detect_abnormal_transfers(store, EventFilter(region_prefixes=("22",)), as_of=AS_OF)
    assert report.events_examined == 4  # e01, e03, e06 transfers and the e02 licence
    assert report.warnings == ()
    early = detect_abnormal_transfers(store, EventFilter(date_to="2022-12-31"), as_of=AS_OF)
    assert "round_trip" not in {w.rule for w in early.warnings}
    transfers_only = AbnormalTransferParams(kinds=(LegalEventKind.TRANSFER,))
    assert detect_abnormal_transfers(store, params=transfers_only, as_of=AS_OF).events_examined == 13


@pytest.mark.parametrize("days", [45, 44])
def test_pre_lapse_boundary(store: GraphStore, days: int) -> None:
    params = AbnormalTransferParams(pre_lapse_days=days, check_unrelated_assignees=False)
    found = _by_rule(store, params)
    assert ("transfer_before_lapse" in found) is (days >= 45)


def test_a_lapse_at_the_end_of_term_is_no_warning(store: GraphStore) -> None:
    fact = store.get_patent("CN5006A")
    assert fact is not None
    assert lapse_reason(fact) == "原因未知"
    assert lapse_reason(replace(fact, legal_status="无权-未缴年费")) == "未缴年费"
    assert lapse_reason(replace(fact, legal_status="无权-期限届满")) == "期限届满"
    assert lapse_reason(replace(fact, lapse_date="2035-01-01")) == "期限届满"  # filed 2015-01-01 + 20 y

"""High-value invention patents: each CNIPA criterion separately, with evidence and shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from graph.models import PatentFilter
from graph.navigation import HighValueParams, assess_high_value, find_high_value_patents
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, SEI_CODE, crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


def _criteria(store: GraphStore, pub_no: str, params: HighValueParams | None = None) -> dict[str, bool]:
    fact = store.get_patent(pub_no)
    assert fact is not None
    return {c.code: c.met for c in assess_high_value(fact, AS_OF, params).criteria}


def test_each_criterion_with_evidence(store: GraphStore) -> None:
    fact = store.get_patent("CN3001A")
    assert fact is not None
    result = assess_high_value(fact, AS_OF)
    assert result.is_high_value
    assert result.met_criteria == ("sei", "overseas_family")
    sei = result.criteria[0]
    # the crafted graph links H01M50/20 to a category the shipped concordance has no rule for
    assert sei.evidence is not None and SEI_CODE.removeprefix("sei:") in sei.evidence
    assert sei.basis == "ipc_only" and "仅依据 IPC" in sei.evidence and result.sei_ipc_only
    assert _criteria(store, "CN1002A") == {
        "sei": False,
        "overseas_family": None,  # no family data: unknown (无数据), not "not met"
        "maintained_10y": True,  # filed 2012-05-01, valid on 2024-06-30
        "pledge_financing": True,  # 1,200 >= 1,000 万元
        "award": None,  # no award recorded: unknown
    }
    unknown = {c.code: c.evidence for c in assess_high_value(store.get_patent("CN1002A"), AS_OF).criteria}  # type: ignore[arg-type]
    assert "无法判断" in unknown["overseas_family"] and "无法判断" in unknown["award"]


def test_pledge_threshold_is_a_parameter(store: GraphStore) -> None:
    assert not _criteria(store, "CN1002A", HighValueParams(pledge_amount_threshold_wan=1500))[
        "pledge_financing"
    ]


def test_only_valid_inventions_qualify(store: GraphStore) -> None:
    lapsed = store.get_patent("CN5006A")
    utility = store.get_patent("CN1006U")
    assert lapsed is not None and utility is not None
    assert not assess_high_value(lapsed, AS_OF).is_high_value
    award = replace(utility, award="中国专利奖")
    assessment = assess_high_value(award, AS_OF)
    assert assessment.criteria[4].met and not assessment.is_high_value


def test_report_and_shares(store: GraphStore) -> None:
    report = find_high_value_patents(store, AS_OF)
    assert [a.pub_no for a in report.patents if a.is_high_value] == ["CN1002A", "CN3001A"]
    assert all(a.pub_no != "CN1006U" for a in report.patents)  # utility model not assessed
    by_holder = {s.key: s for s in report.by_holder}
    assert by_holder["jlu"].eligible_count == 5
    assert by_holder["jlu"].high_value_count == 1
    assert by_holder["jlu"].share == pytest.approx(0.2)
    assert by_holder["scu"].criterion_counts["overseas_family"] == 1
    by_region = {s.key: s for s in report.by_region}
    assert by_region["22"].high_value_count == 1
    by_node = {s.key: s for s in report.by_chain_node}
    assert by_node["tc/packs"].high_value_count == 1
    assert any("上限" in c for c in report.caveats)


def test_report_filter(store: GraphStore) -> None:
    report = find_high_value_patents(store, AS_OF, PatentFilter(region_prefixes=("51",)))
    assert {a.pub_no for a in report.patents} == {
        "CN2001A",
        "CN3001A",
        "CN3002A",
        "CN3003A",
        "CN3004A",
        "CN3005A",
    }

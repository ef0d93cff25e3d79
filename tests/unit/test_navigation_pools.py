"""Patent-pool candidates: encumbrances, complementarity and the greedy founding-member cover."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from graph.errors import InvalidQueryError
from graph.navigation import PoolParams, propose_patent_pool
from graph.navigation.pool_cover import greedy_cover, holder_pairs, jaccard
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, crafted_embedded_store

# technology terms without a floor: the crafted graph's terms are chosen to exercise the cover
TERMS = PoolParams(unit_kinds=("technology",), min_unit_patents=1)


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


def test_default_units_are_ipc_main_groups_and_nodes_above_a_floor(store: GraphStore) -> None:
    pool = propose_patent_pool(store, "tc/packs", as_of=AS_OF)
    # H01M10 is on 4 of the 5 pack patents; H01M50 on one only (below the floor of 3); the
    # pool's own node is no unit, and the patents carry no other node
    assert pool.units == ("ipc:H01M10",)
    assert pool.unit_patents == {"ipc:H01M10": 4}
    definition = pool.unit_definition
    assert definition is not None
    assert (definition.kinds, definition.min_unit_patents) == (("ipc_main_group", "chain_node"), 3)
    assert (definition.candidate_units, definition.dropped_units) == (2, 1)
    assert "IPC 大组" in definition.description_zh
    # every holder covers the one unit: the one with most usable patents founds the pool
    assert [s.holder_key for s in pool.founding_members] == ["scu"]
    looser = propose_patent_pool(store, "tc/packs", params=PoolParams(min_unit_patents=1), as_of=AS_OF)
    assert looser.units == ("ipc:H01M10", "ipc:H01M50")
    assert [s.holder_key for s in looser.founding_members] == ["scu"]  # scu holds both


def test_unit_kinds_are_validated(store: GraphStore) -> None:
    with pytest.raises(InvalidQueryError):
        propose_patent_pool(store, "tc/packs", params=PoolParams(unit_kinds=("words",)), as_of=AS_OF)


def test_target_coverage_stops_the_cover_early(store: GraphStore) -> None:
    params = PoolParams(unit_kinds=("technology",), min_unit_patents=1, target_coverage=0.5)
    pool = propose_patent_pool(store, "tc/packs", params=params, as_of=AS_OF)
    assert [s.holder_key for s in pool.founding_members] == ["scu"]  # 3 of 5 units >= 50 %


def test_greedy_cover_picks_the_obvious_minimal_set(store: GraphStore) -> None:
    pool = propose_patent_pool(store, "tc/packs", params=TERMS, as_of=AS_OF)
    assert [(s.holder_key, s.new_units) for s in pool.founding_members] == [
        ("scu", ("tech:液冷", "tech:热管理", "tech:电池包")),
        ("thu", ("tech:电池管理",)),
    ]
    # 快换 sits only on bj_ent's exclusively licensed CN5003A, which is kept out of the cover
    assert pool.uncovered_units == ("tech:快换",)
    assert pool.coverage == pytest.approx(4 / 5)
    assert any("贪心" in n for n in pool.notes)


def test_encumbrances_and_holders(store: GraphStore) -> None:
    pool = propose_patent_pool(store, "tc/packs", params=TERMS, as_of=AS_OF)
    encumbered = {p.pub_no: p.encumbrances for p in pool.patents if p.encumbrances}
    assert encumbered == {"CN5003A": ("exclusive_licence",)}
    assert [h.holder.key for h in pool.holders] == ["bj_ent", "scu", "thu"]
    bj = pool.holders[0]
    assert (bj.patents, bj.usable_patents, bj.encumbered_patents) == (2, 1, 1)
    # patents per holder 2, 2, 1 of 5 -> HHI 0.16 + 0.16 + 0.04
    assert pool.hhi == pytest.approx(0.36)
    near = propose_patent_pool(store, "tc/packs", params=PoolParams(near_expiry_years=12), as_of=AS_OF)
    assert "near_expiry" in next(p for p in near.patents if p.pub_no == "CN3001A").encumbrances


def test_pledged_patent_is_flagged_and_kept_out_of_the_cover(store: GraphStore) -> None:
    pool = propose_patent_pool(store, "tc/materials", as_of=AS_OF)
    cn1002 = next(p for p in pool.patents if p.pub_no == "CN1002A")
    # no licence into the pool without the pledgee's consent (民法典 Art. 444)
    assert cn1002.encumbrances == ("pledged",) and not cn1002.usable
    assert any("民法典" in note for note in pool.notes)
    # before the pledge it was unencumbered and usable
    earlier = propose_patent_pool(store, "tc/materials", as_of=date(2023, 1, 1))
    before = next(p for p in earlier.patents if p.pub_no == "CN1002A")
    assert before.encumbrances == () and before.usable
    assert pool.chain_node_name == "正极材料"  # the node's name, not its key
    assert all(not label.startswith("node:") for label in pool.unit_labels.values())


def test_complementarity_pairs(store: GraphStore) -> None:
    pool = propose_patent_pool(store, "tc/packs", params=TERMS, as_of=AS_OF)
    pairs = {(p.holder_a, p.holder_b): p for p in pool.pairs}
    # bj_ent {电池包, 快换} vs scu {电池包, 热管理, 液冷}: 1 shared of 4
    assert pairs[("bj_ent", "scu")].jaccard == pytest.approx(0.25)
    assert pairs[("bj_ent", "thu")].complementarity == pytest.approx(1.0)


def test_technology_target_and_validation(store: GraphStore) -> None:
    pool = propose_patent_pool(store, technology_keys=("液冷",), as_of=AS_OF)
    assert {p.pub_no for p in pool.patents} == {"CN3002A", "CN5001A"}
    with pytest.raises(InvalidQueryError):
        propose_patent_pool(store)


def test_greedy_cover_helpers() -> None:
    units = {"a": {"1", "2", "3"}, "b": {"3", "4"}, "c": {"1"}, "d": {"4"}}
    steps = greedy_cover(units, {"a": 1, "b": 1, "c": 5, "d": 9}, {})
    assert [s.holder_key for s in steps] == ["a", "d"]  # tie b/d on gain broken by patent count
    assert steps[-1].cumulative_units == 4
    assert greedy_cover({}, {}, {}) == ()
    assert jaccard({"1"}, {"1", "2"}) == 0.5
    assert holder_pairs([("x", ("1",)), ("y", ("2",))])[0].complementarity == 1.0
    # a holder without units is not "complementary" to everyone: it is left out
    assert holder_pairs([("x", ("1",)), ("y", ()), ("z", ("1", "2"))]) == holder_pairs(
        [("x", ("1",)), ("z", ("1", "2"))]
    )
    assert [s.holder_key for s in greedy_cover(units, {}, {}, goal=3)] == ["a"]

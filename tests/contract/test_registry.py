"""Contract: holder lookup, full-text search and the demand registry, on both stores."""

from __future__ import annotations

import dataclasses

from graph.demand_records import DemandMatchRecord, DemandRecord, DemandStatus, MatchKind
from graph.models import PatentBatch, PatentFilter, ReferenceBatch, Validity
from graph.store import GraphStore

Seed = tuple[ReferenceBatch, PatentBatch]


def _token_hits(seed: Seed, term: str) -> set[str]:
    """Patents holding the term as a whole token or as a technology link (computed from the seed)."""
    needle = term.lower()
    hits = {p.pub_no for p in seed[1].patents if needle in {t.lower() for t in p.tokens.split()}}
    return hits | {lk.pub_no for lk in seed[1].technology_links if lk.technology_key == needle}


def test_holders_are_found_by_key_name_and_alias(seeded: GraphStore, seed: Seed) -> None:
    with_alias = next(h for h in seed[1].holders if h.aliases)
    by_key = seeded.holders_named(with_alias.key, "无此名称")
    by_alias = seeded.holders_named("无此键", with_alias.aliases[0])
    by_name = seeded.holders_named("无此键", with_alias.name)
    found = [[v.key for v in views] for views in (by_key, by_alias, by_name)]
    assert found == [[with_alias.key]] * 3
    assert by_key[0].aliases == tuple(sorted(with_alias.aliases))
    assert seeded.holders_named("无此键", "无此名称") == []


def test_holder_names_list_every_holder_in_key_order(seeded: GraphStore, seed: Seed) -> None:
    names = seeded.holder_names()
    assert [n.key for n in names] == sorted(h.key for h in seed[1].holders)
    assert {n.key: n.name for n in names} == {h.key: h.name for h in seed[1].holders}


def test_search_finds_any_term_under_a_filter(seeded: GraphStore, seed: Seed) -> None:
    terms = ["电池", "锂电池"]
    either = _token_hits(seed, "电池") | _token_hits(seed, "锂电池")
    both = _token_hits(seed, "电池") & _token_hits(seed, "锂电池")
    assert either and both and both != either
    assert {
        h.pub_no for h in seeded.search_patents(terms, PatentFilter()) if len(h.matched_terms) == 2
    } == both
    any_hits = seeded.search_patents(terms, PatentFilter())
    assert {h.pub_no for h in any_hits} == either
    counts = [len(h.matched_terms) for h in any_hits]
    assert counts == sorted(counts, reverse=True)
    titles = {p.pub_no: (p.title, p.app_date) for p in seed[1].patents}
    assert all((h.title, h.app_date) == titles[h.pub_no] for h in any_hits)
    assert len(seeded.search_patents(terms, PatentFilter(), limit=2)) == 2
    valid = {p.pub_no for p in seed[1].patents if p.is_valid is True}
    hits = seeded.search_patents(terms, PatentFilter(validity=(Validity.VALID,)))
    assert {h.pub_no for h in hits} == either & valid


def test_validity_filter_selects_the_legal_status_classes(seeded: GraphStore, seed: Seed) -> None:
    classes = {True: Validity.VALID, False: Validity.INVALID, None: Validity.PENDING}
    for wanted in (
        (Validity.VALID,),
        (Validity.INVALID,),
        (Validity.PENDING,),
        (Validity.PENDING, Validity.INVALID),
    ):
        expected = sorted(p.pub_no for p in seed[1].patents if classes[p.is_valid] in wanted)
        got = [f.pub_no for f in seeded.patent_facts(PatentFilter(validity=wanted))]
        assert got == expected, wanted
    assert expected  # the seed has pending and lapsed patents


def _demand(demand_id: str, created: str, **changes: object) -> DemandRecord:
    base = DemandRecord(
        demand_id=demand_id,
        need="需要锂电池正极材料的改性技术",
        sme="长春某电池材料有限公司",
        status=DemandStatus.OPEN,
        created=created,
        terms=("锂电池", "正极", "不存在的词"),
        region_code="220100000000",
        chain_node="nev/battery_cell",
        contact="张工 0431-00000000",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_demands_are_stored_listed_and_linked(seeded: GraphStore) -> None:
    first = _demand("DEM-1", "2026-01-02T08:00:00Z")
    second = _demand("DEM-2", "2026-01-01T08:00:00Z", chain_node=None, region_code="999999999999")
    seeded.upsert_demand(first)
    seeded.upsert_demand(second)
    assert seeded.get_demand("DEM-1") == first
    assert seeded.get_demand("DEM-9") is None
    assert [d.demand_id for d in seeded.demands()] == ["DEM-2", "DEM-1"]  # by created
    rels = seeded.stats().relationships
    # SEEKS only to technologies that exist; the unknown region is not linked
    assert (rels["SEEKS"], rels["TARGETS"]) == (2, 1)
    closed = dataclasses.replace(
        first, status=DemandStatus.CLOSED, closed="2026-02-01T00:00:00Z", chain_node=None
    )
    seeded.upsert_demand(closed)
    assert seeded.get_demand("DEM-1") == closed
    assert [d.demand_id for d in seeded.demands(DemandStatus.OPEN)] == ["DEM-2"]
    assert [d.demand_id for d in seeded.demands(DemandStatus.CLOSED)] == ["DEM-1"]
    assert seeded.stats().relationships["TARGETS"] == 0  # replaced by the upsert
    assert seeded.stats().nodes["Demand"] == 2


def test_matches_keep_the_run_that_first_found_them(seeded: GraphStore, seed: Seed) -> None:
    seeded.upsert_demand(_demand("DEM-1", "2026-01-02T08:00:00Z"))
    first, second = seed[1].patents[0].pub_no, seed[1].patents[1].pub_no
    holder = seed[1].holders[0].key
    seeded.record_demand_matches(
        "DEM-1",
        "run-a",
        "2026-01-03T00:00:00Z",
        [
            DemandMatchRecord(MatchKind.PATENT, first, 0.9, 1, holder),
            DemandMatchRecord(MatchKind.HOLDER, holder, 1.2, 1),
            DemandMatchRecord(MatchKind.PATENT, "CN000000000X", 0.5, 2),  # no such patent: skipped
        ],
    )
    seeded.record_demand_matches(
        "DEM-1",
        "run-b",
        "2026-02-03T00:00:00Z",
        [
            DemandMatchRecord(MatchKind.PATENT, second, 0.95, 1, holder),
            DemandMatchRecord(MatchKind.PATENT, first, 0.7, 2, holder),
        ],
    )
    seeded.record_demand_matches("DEM-1", "run-b", "2026-02-03T00:00:00Z", [])  # same run again
    seeded.record_demand_matches("DEM-9", "run-b", "2026-02-03T00:00:00Z", [])  # unknown demand
    matches = seeded.demand_matches("DEM-1")
    shown = [(m.kind, m.target, m.rank, m.first_run, m.last_run) for m in matches]
    assert shown == [
        (MatchKind.HOLDER, holder, 1, "run-a", "run-a"),
        (MatchKind.PATENT, second, 1, "run-b", "run-b"),
        (MatchKind.PATENT, first, 2, "run-a", "run-b"),
    ]
    by_target = {m.target: m for m in matches}
    assert by_target[first].score == 0.7 and by_target[first].first_seen == "2026-01-03T00:00:00Z"
    assert by_target[first].name == seed[1].patents[0].title
    assert by_target[holder].name == seed[1].holders[0].name
    demand = seeded.get_demand("DEM-1")
    assert demand is not None and demand.match_runs == ("run-a", "run-b")
    assert seeded.get_demand("DEM-9") is None

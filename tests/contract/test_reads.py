"""Contract: every read method of the GraphStore, on both stores, against the seed."""

from __future__ import annotations

import dataclasses

import pytest

from graph.errors import InvalidQueryError, NotFoundError
from graph.models import (
    EventFilter,
    Facet,
    HolderType,
    LegalEventKind,
    PatentBatch,
    PatentFilter,
    PatentType,
    ReferenceBatch,
)
from graph.store import GraphStore

Seed = tuple[ReferenceBatch, PatentBatch]


def _pubs(seed: Seed, keep: object) -> list[str]:
    return sorted(p.pub_no for p in seed[1].patents if keep(p))  # type: ignore[operator]


def _chain_map(seed: Seed) -> dict[str, set[str]]:
    known = {c.key: c.chain for c in seed[0].chain_nodes}
    out: dict[str, set[str]] = {}
    for link in seed[1].chain_links:
        if link.node_key in known:
            out.setdefault(link.pub_no, set()).add(link.node_key)
    return out


def _holder_types(seed: Seed) -> dict[str, set[str]]:
    types = {h.key: h.holder_type.value for h in seed[1].holders}
    return {p.pub_no: {types[k] for k in p.holders if k in types} for p in seed[1].patents}


def test_get_patent_returns_the_whole_fact(seeded: GraphStore, seed: Seed) -> None:
    patent = seed[1].patents[0]
    fact = seeded.get_patent(patent.pub_no)
    assert fact is not None
    assert (fact.pub_no, fact.title, fact.abstract, fact.app_date) == (
        patent.pub_no,
        patent.title,
        patent.abstract,
        patent.app_date,
    )
    assert fact.patent_type is PatentType.INVENTION and fact.is_valid is False
    assert fact.ipc_codes == ("H01M10/052", "H01M4/13")
    assert fact.sei_codes == ("sei:6.1",)  # via main group H01M10/00; the GB/T link is not SEI
    assert fact.chain_nodes == (("nev/battery_cell", 0.9),)
    assert fact.technologies == ("锂电池",)
    assert [e.event_id for e in fact.events] == ["ev-000"]
    assert fact.events[0].to_holders[0].holder_type in (HolderType.UNIVERSITY, HolderType.INSTITUTE)
    assert fact.overseas_family is True and fact.claims_count == 5
    assert seeded.get_patent("CN999999999A") is None


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (("H01M10/0525",), ("sei:6.1",)),  # unknown code, same main group as concordance H01M10/00
        (("H04W72/04",), ("sei:1.1",)),
        (("H04L5/00", "H04W72/04"), ("sei:1.1",)),
        (("G06F16/30",), ("sei:1.2",)),
        (("C12N15/82",), ()),
    ],
)
def test_sei_codes_follow_equal_or_main_group_rule(
    seeded: GraphStore, seed: Seed, codes: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    patent = next(p for p in seed[1].patents if p.ipc_codes == codes)
    fact = seeded.get_patent(patent.pub_no)
    assert fact is not None and fact.sei_codes == expected


def test_get_holder_counts_applied_or_held_patents(seeded: GraphStore, seed: Seed) -> None:
    holder = seed[1].holders[0]
    view = seeded.get_holder(holder.key)
    assert view is not None
    assert view.name == holder.name and view.holder_type is holder.holder_type
    assert view.aliases == tuple(sorted(holder.aliases))
    expected = {p.pub_no for p in seed[1].patents if holder.key in (*p.applicants, *p.holders)}
    assert view.patent_count == len(expected) > 0
    assert seeded.get_holder("nobody") is None


def test_existing_pub_nos(seeded: GraphStore, seed: Seed) -> None:
    known = [p.pub_no for p in seed[1].patents[:3]]
    assert seeded.existing_pub_nos([*known, "CN1X"]) == set(known)
    assert seeded.existing_pub_nos([]) == set()


FILTER_CASES = {
    "none": (PatentFilter(), lambda s: lambda p: True),
    "jilin": (
        PatentFilter(region_prefixes=("22",)),
        lambda s: lambda p: (p.region_code or "").startswith("22"),
    ),
    "changchun_or_chengdu": (
        PatentFilter(region_prefixes=("2201", "5101")),
        lambda s: lambda p: (p.region_code or "")[:4] in ("2201", "5101"),
    ),
    "chain": (
        PatentFilter(chain="nev"),
        lambda s: (
            lambda p: bool(
                _chain_map(s).get(p.pub_no, set())
                & {"nev/battery", "nev/materials", "nev/battery_cell", "nev/battery_pack", "nev/vehicle"}
            )
        ),
    ),
    "chain_node": (
        PatentFilter(chain_node_keys=("nev/materials", "ict/software")),
        lambda s: lambda p: bool(_chain_map(s).get(p.pub_no, set()) & {"nev/materials", "ict/software"}),
    ),
    "academic": (
        PatentFilter(holder_types=(HolderType.UNIVERSITY, HolderType.INSTITUTE)),
        lambda s: lambda p: bool(_holder_types(s)[p.pub_no] & {"university", "institute"}),
    ),
    "invention_valid": (
        PatentFilter(patent_types=(PatentType.INVENTION,), valid_only=True),
        lambda s: lambda p: p.patent_type is PatentType.INVENTION and p.is_valid is True,
    ),
    "years": (
        PatentFilter(app_year_from=2015, app_year_to=2019),
        lambda s: lambda p: p.app_date is not None and 2015 <= int(p.app_date[:4]) <= 2019,
    ),
    "technology": (
        PatentFilter(technology_keys=("5g", "量子密钥")),
        lambda s: (
            lambda p: any(
                lk.pub_no == p.pub_no and lk.technology_key in ("5g", "量子密钥")
                for lk in s[1].technology_links
            )
        ),
    ),
    "confident_node": (
        PatentFilter(chain_node_keys=("nev/battery_cell", "nev/materials"), min_mapping_confidence=0.8),
        lambda s: lambda p: p.pub_no in _confident(s, {"nev/battery_cell", "nev/materials"}, 0.8),
    ),
    "holders_outside_jilin": (
        PatentFilter(holders_outside=("22",)),
        lambda s: lambda p: any(not _located(s, h, p).startswith("22") for h in _held(s, p)),
    ),
    "holders_within_chengdu": (
        PatentFilter(holders_within=("5101",)),
        lambda s: lambda p: any(_located(s, h, p).startswith("5101") for h in _held(s, p)),
    ),
    "open_licensed": (
        PatentFilter(event_kinds=(LegalEventKind.OPEN_LICENCE, LegalEventKind.PLEDGE)),
        lambda s: (
            lambda p: any(
                e.pub_no == p.pub_no and e.kind in (LegalEventKind.OPEN_LICENCE, LegalEventKind.PLEDGE)
                for e in s[1].events
            )
        ),
    ),
}


def _confident(seed: Seed, nodes: set[str], least: float) -> set[str]:
    return {lk.pub_no for lk in seed[1].chain_links if lk.node_key in nodes and lk.confidence >= least}


def _held(seed: Seed, patent: object) -> list[str]:
    known = {h.key for h in seed[1].holders}
    return [k for k in patent.holders if k in known]  # type: ignore[attr-defined]


def _located(seed: Seed, holder_key: str, patent: object) -> str:
    """The holder's own region code, else the patent's, else ""."""
    own = next(h.region_code for h in seed[1].holders if h.key == holder_key)
    return own or patent.region_code or ""  # type: ignore[attr-defined]


def _merged(*names: str) -> tuple[PatentFilter, object]:
    """The filter setting every field the named cases set, and the conjunction of their predicates."""
    fields = {
        f.name: getattr(FILTER_CASES[n][0], f.name)
        for n in names
        for f in dataclasses.fields(PatentFilter)
        if getattr(FILTER_CASES[n][0], f.name) != f.default
    }

    def predicate(s: Seed) -> object:
        tests = [FILTER_CASES[n][1](s) for n in names]
        return lambda p: all(t(p) for t in tests)

    return PatentFilter(**fields), predicate


# Filters setting several fields: the Neo4j store enters by one of them and checks the others.
FILTER_CASES.update(
    {
        "+".join(names): _merged(*names)
        for names in (
            ("jilin", "chain"),
            ("changchun_or_chengdu", "academic"),
            ("chain_node", "invention_valid"),
            ("technology", "years"),
            ("chain", "academic", "years"),
            ("chain", "holders_outside_jilin"),
            ("confident_node", "holders_within_chengdu"),
            ("chain_node", "open_licensed"),
        )
    }
)


@pytest.mark.parametrize("case", sorted(FILTER_CASES))
def test_patent_facts_apply_each_filter_in_pub_no_order(seeded: GraphStore, seed: Seed, case: str) -> None:
    flt, predicate = FILTER_CASES[case]
    got = [f.pub_no for f in seeded.patent_facts(flt)]
    expected = _pubs(seed, predicate(seed))
    assert got == expected
    assert expected, "each filter case must select something"


def test_patent_facts_by_holder_keys_pub_nos_and_limit(seeded: GraphStore, seed: Seed) -> None:
    holder = seed[1].holders[1].key
    got = [f.pub_no for f in seeded.patent_facts(PatentFilter(holder_keys=(holder,)))]
    assert got == _pubs(seed, lambda p: holder in p.holders)
    wanted = tuple(p.pub_no for p in seed[1].patents[:4])
    assert [f.pub_no for f in seeded.patent_facts(PatentFilter(pub_nos=wanted), limit=2)] == sorted(wanted)[
        :2
    ]
    assert len(list(seeded.patent_facts(PatentFilter(), limit=5))) == 5


def test_facet_counts_by_province_and_year(seeded: GraphStore, seed: Seed) -> None:
    counts = seeded.facet_counts([Facet.PROVINCE], PatentFilter())
    expected: dict[str | None, int] = {}
    for p in seed[1].patents:
        key = p.region_code[:2] if p.region_code else None
        expected[key] = expected.get(key, 0) + 1
    assert [(c.values[0], c.count) for c in counts] == sorted(
        expected.items(), key=lambda kv: (kv[0] is None, kv[0] or "")
    )
    years = seeded.facet_counts([Facet.APP_YEAR], PatentFilter(region_prefixes=("22",)))
    assert sum(c.count for c in years) == len(_pubs(seed, lambda p: (p.region_code or "").startswith("22")))
    assert all(v.values[0] is None or v.values[0].isdigit() for v in years)


def test_facet_counts_multi_valued_facets_count_each_group(seeded: GraphStore, seed: Seed) -> None:
    counts = seeded.facet_counts([Facet.CHAIN_NODE, Facet.CITY], PatentFilter(chain="nev"))
    nodes = {v.values[0] for v in counts}
    assert nodes <= {"nev/battery_cell", "nev/materials"}  # values restricted to the filter's chain
    cells = sum(c.count for c in counts if c.values[0] == "nev/battery_cell")
    assert cells == sum(1 for p, ks in _chain_map(seed).items() if "nev/battery_cell" in ks)
    by_type = seeded.facet_counts([Facet.PATENT_TYPE, Facet.HOLDER_TYPE], PatentFilter())
    assert sum(c.count for c in by_type) == sum(len(t) or 1 for t in _holder_types(seed).values())
    assert by_type == sorted(by_type, key=lambda c: tuple((v is None, v or "") for v in c.values))
    total = seeded.facet_counts([], PatentFilter(valid_only=True))
    assert total[0].values == () and total[0].count == len(_pubs(seed, lambda p: p.is_valid is True))
    with pytest.raises(InvalidQueryError):
        seeded.facet_counts([Facet.CITY] * 7, PatentFilter())


def test_facet_counts_by_holder_meet_every_holder_condition(seeded: GraphStore, seed: Seed) -> None:
    types = {h.key: h.holder_type for h in seed[1].holders}
    flt = PatentFilter(
        holders_outside=("22",), holder_types=(HolderType.SME, HolderType.ENTERPRISE), valid_only=True
    )
    expected: dict[str, int] = {}
    for p in seed[1].patents:
        if p.is_valid is not True:
            continue
        for k in _held(seed, p):
            if types[k] in flt.holder_types and not _located(seed, k, p).startswith("22"):
                expected[k] = expected.get(k, 0) + 1
    got = seeded.facet_counts([Facet.HOLDER], flt)
    assert {c.values[0]: c.count for c in got if c.values[0]} == expected
    assert any(h.region_code is None for h in seed[1].holders if h.key in expected)  # the fallback is used
    by_node = seeded.facet_counts(
        [Facet.HOLDER, Facet.CHAIN_NODE],
        PatentFilter(chain_node_keys=("nev/battery_cell", "nev/materials"), min_mapping_confidence=0.8),
    )
    assert {c.values[1] for c in by_node} == {"nev/battery_cell"}  # values below the confidence drop


def test_holder_refs_and_matching_pub_nos(seeded: GraphStore, seed: Seed) -> None:
    keys = [h.key for h in seed[1].holders[:3]]
    refs = seeded.holder_refs([*reversed(keys), "nobody"])
    assert [r.key for r in refs] == sorted(keys)
    assert {r.key: r.region_code for r in refs} == {h.key: h.region_code for h in seed[1].holders[:3]}
    flt = PatentFilter(region_prefixes=("22",))
    assert seeded.matching_pub_nos(flt) == [f.pub_no for f in seeded.patent_facts(flt)]
    assert seeded.matching_pub_nos(flt, limit=2) == seeded.matching_pub_nos(flt)[:2]


def _token_docs(seed: Seed, term: str) -> set[str]:
    needle = term.lower()
    docs = {p.pub_no for p in seed[1].patents if needle in {t.lower() for t in p.tokens.split()}}
    return docs | {lk.pub_no for lk in seed[1].technology_links if lk.technology_key == needle}


@pytest.mark.parametrize("term", ["电池", "锂电池", "LED", "li-ion", "Li", "量子密钥", "锂电池组", "通信"])
def test_match_terms_match_whole_tokens_case_insensitively(seeded: GraphStore, seed: Seed, term: str) -> None:
    expected = _token_docs(seed, term)
    got = seeded.match_terms([term], PatentFilter())
    assert {m.pub_no for m in got} == expected
    assert expected, f"seed has no document for {term}"
    assert seeded.term_document_frequencies([term])[term] == len(expected)


def test_match_terms_rank_by_matched_terms_then_pub_no(seeded: GraphStore, seed: Seed) -> None:
    terms = ["锂电池", "电池", "led", "Li-ion", "两个 词", ""]
    got = seeded.match_terms(terms, PatentFilter())
    assert got == sorted(got, key=lambda m: (-len(m.matched_terms), m.pub_no))
    assert got[0].matched_terms == tuple(
        sorted(t for t in terms[:4] if got[0].pub_no in _token_docs(seed, t))
    )
    assert len(seeded.match_terms(terms, PatentFilter(), limit=3)) == 3
    jilin = seeded.match_terms(terms, PatentFilter(region_prefixes=("22",)))
    assert {m.pub_no for m in jilin} == {m.pub_no for m in got} & set(
        _pubs(seed, lambda p: (p.region_code or "").startswith("22"))
    )


def test_term_document_frequencies_include_the_total(seeded: GraphStore, seed: Seed) -> None:
    freq = seeded.term_document_frequencies(["锂电池", "没有这个词", "两个 词"])
    assert freq["*"] == len(seed[1].patents)
    assert freq["没有这个词"] == 0 and freq["两个 词"] == 0
    assert freq["锂电池"] == len(_token_docs(seed, "锂电池"))


def test_events_are_ordered_and_filtered(seeded: GraphStore, seed: Seed) -> None:
    events = seeded.events(EventFilter())
    assert [e.event_id for e in events] == [
        e.event_id for e in sorted(seed[1].events, key=lambda e: (e.date is None, e.date or "", e.event_id))
    ]
    orphan = next(e for e in events if e.event_id == "ev-orphan")
    assert orphan.from_holders == () and orphan.to_holders == ()
    two = next(e for e in events if e.event_id == "ev-002")
    assert len(two.to_holders) == 1  # the unknown assignee is not linked
    kinds = (LegalEventKind.TRANSFER, LegalEventKind.LICENCE)
    picked = seeded.events(EventFilter(kinds=kinds, date_from="2019-06-01", date_to="2023-12-31"))
    assert picked and all(e.kind in kinds and "2019-06-01" <= (e.date or "") <= "2023-12-31" for e in picked)
    region = {p.pub_no for p in seed[1].patents if (p.region_code or "").startswith("51")}
    assert {e.pub_no for e in seeded.events(EventFilter(region_prefixes=("51",)))} == {
        e.pub_no for e in seed[1].events if e.pub_no in region
    }
    holder = events[0].to_holders[0].key
    by_holder = seeded.events(EventFilter(holder_keys=(holder,)))
    assert by_holder and all(holder in {h.key for h in (*e.from_holders, *e.to_holders)} for e in by_holder)
    both = seeded.events(EventFilter(holder_keys=(holder,), region_prefixes=("51", "22"), kinds=kinds))
    assert both and {e.event_id for e in both} == {
        e.event_id
        for e in seed[1].events
        if holder in (*e.from_holders, *e.to_holders)
        and e.kind in kinds
        and e.pub_no in {p.pub_no for p in seed[1].patents if (p.region_code or "")[:2] in ("51", "22")}
    }
    sichuan = seeded.events(EventFilter(region_prefixes=("51",), kinds=kinds, date_from="2019-06-01"))
    assert sichuan and {e.event_id for e in sichuan} == {
        e.event_id
        for e in seed[1].events
        if e.pub_no in region and e.kind in kinds and (e.date or "") >= "2019-06-01"
    }
    assert [e.event_id for e in seeded.events(EventFilter(pub_nos=(events[0].pub_no,)))] == [
        events[0].event_id
    ]


def test_chain_nodes_as_loaded(seeded: GraphStore, seed: Seed) -> None:
    assert seeded.chain_nodes() == sorted(seed[0].chain_nodes, key=lambda c: c.key)
    assert [c.key for c in seeded.chain_nodes("ict")] == ["ict/network", "ict/software"]
    assert seeded.chain_nodes("none") == []


def test_neighbourhood_is_bounded_and_deterministic(seeded: GraphStore) -> None:
    alone = seeded.neighbourhood("ChainNode", "nev/battery_cell", depth=0)
    assert [n.id for n in alone.nodes] == ["ChainNode:nev/battery_cell"] and alone.edges == ()
    one = seeded.neighbourhood("ChainNode", "nev/battery_cell", depth=1, limit=500)
    ids = {n.id for n in one.nodes}
    assert {"ChainNode:nev/battery", "ChainNode:nev/battery_pack", "ChainNode:nev/materials"} <= ids
    assert ("ChainNode:nev/materials", "ChainNode:nev/battery_cell", "SUPPLIES") in {
        (e.source, e.target, e.rel_type) for e in one.edges
    }
    assert not one.truncated
    small = seeded.neighbourhood("ChainNode", "nev/battery_cell", depth=2, limit=4)
    assert len(small.nodes) == 4 and small.truncated
    assert {e.source for e in small.edges} | {e.target for e in small.edges} <= {n.id for n in small.nodes}
    with pytest.raises(NotFoundError):
        seeded.neighbourhood("Patent", "CN-none")
    with pytest.raises(InvalidQueryError):
        seeded.neighbourhood("Patent", "x", depth=4)
    with pytest.raises(InvalidQueryError):
        seeded.neighbourhood("NoSuchLabel", "x")

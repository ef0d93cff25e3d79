"""The patent-count cells (graph.stores.patent_counts) answer facet requests exactly as the
patent scan does, on both stores, after first loads, re-upserts that move patents between
cells, and a rebuild."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from graph.models import Facet, PatentBatch, PatentFilter, PatentType, ReferenceBatch, Validity
from graph.store import GraphStore
from graph.stores.patent_counts import plan

Seed = tuple[ReferenceBatch, PatentBatch]

FACETS: list[tuple[Facet, ...]] = [
    (),
    (Facet.PROVINCE,),
    (Facet.CITY,),
    (Facet.APP_YEAR,),
    (Facet.PATENT_TYPE,),
    (Facet.CHAIN_NODE,),
    (Facet.CHAIN_NODE, Facet.APP_YEAR),
    (Facet.PROVINCE, Facet.PATENT_TYPE),
]
FILTERS: list[PatentFilter] = [
    PatentFilter(),
    PatentFilter(region_prefixes=("22",)),
    PatentFilter(region_prefixes=("2201", "51")),
    PatentFilter(chain="nev"),
    PatentFilter(chain="nev", region_prefixes=("22",)),
    PatentFilter(chain_node_keys=("nev/battery_cell",)),
    PatentFilter(chain_node_keys=("nev/battery_cell", "nev/materials")),
    PatentFilter(chain="nev", chain_node_keys=("nev/battery_cell",)),
    PatentFilter(valid_only=True),
    PatentFilter(patent_types=(PatentType.INVENTION,), valid_only=True, chain="nev"),
    PatentFilter(validity=(Validity.INVALID, Validity.PENDING)),
    PatentFilter(valid_only=True, validity=(Validity.INVALID,)),  # nothing can match
    PatentFilter(app_year_from=2018, app_year_to=2021, chain="nev"),
    PatentFilter(region_prefixes=("220102",)),  # a district: scanned
    PatentFilter(holder_keys=("x",)),  # a holder filter: scanned
]


def _all_agree(store: GraphStore) -> int:
    planned = 0
    for facets, flt in itertools.product(FACETS, FILTERS):
        planned += plan(facets, flt) is not None
        got = store.facet_counts(list(facets), flt)
        assert got == store.scan_facet_counts(list(facets), flt), (facets, flt)  # type: ignore[attr-defined]
    return planned


def test_cells_answer_as_the_scan_does(seeded: GraphStore) -> None:
    planned = _all_agree(seeded)
    assert planned >= 60  # most of the matrix really goes through the cells
    assert seeded.facet_counts([], PatentFilter())[0].count == seeded.stats().nodes["Patent"]


def test_cells_follow_re_upserts_and_a_rebuild_changes_nothing(seeded: GraphStore, seed: Seed) -> None:
    _, batch = seed
    moved = batch.patents[::3]
    changed = [
        replace(
            p,
            region_code="510100000000" if (p.region_code or "").startswith("22") else "220102000000",
            is_valid=not p.is_valid if p.is_valid is not None else True,
            app_date="2016-05-01" if (p.app_date or "") < "2016" else "2012-03-01",
        )
        for p in moved
    ]
    kept = {p.pub_no for p in changed[::2]}  # half keep their chain links, half lose them
    seeded.upsert_patents(
        PatentBatch(
            patents=changed,
            holders=batch.holders,
            chain_links=[lk for lk in batch.chain_links if lk.pub_no in kept],
        )
    )
    _all_agree(seeded)
    before = seeded.canonical_dump()  # type: ignore[attr-defined]
    seeded.rebuild_patent_counts()  # type: ignore[attr-defined]
    assert seeded.canonical_dump() == before  # type: ignore[attr-defined]
    seeded.upsert_patents(batch)  # back to the seed: the same cells as a first load
    _all_agree(seeded)


@pytest.mark.parametrize(
    ("facets", "flt"),
    [
        ([Facet.HOLDER_TYPE], PatentFilter()),
        ([], PatentFilter(holder_types=())),
        ([Facet.CHAIN_NODE], PatentFilter()),
        ([], PatentFilter(region_prefixes=("220102",))),
        ([], PatentFilter(chain_node_keys=("a", "b"))),
        ([], PatentFilter(technology_keys=("锂电池",))),
    ],
)
def test_plan_refuses_what_the_cells_cannot_answer_exactly(facets: list[Facet], flt: PatentFilter) -> None:
    expected_none = flt != PatentFilter() or facets
    assert (plan(facets, flt) is None) == bool(expected_none)

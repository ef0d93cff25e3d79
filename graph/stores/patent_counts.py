"""Patent counts both stores keep (专利计数表): the aggregate behind ``facet_counts``.

A national benchmark counts every patent of a chain; grouping a million patents per question
costs seconds. The stores therefore keep, per cell, how many patents fall into it:

    (chain, chain node, region code cut to 4 digits, application year, patent type, validity)

at three levels: all patents (chain and node empty), patents of a chain (node empty; a patent on
two nodes of one chain is counted once) and patents of a node. The table is maintained in the
transaction of every ``upsert_patents`` from the patent's stored attributes read before and
after the write (so the count rule lives here, once, for both stores), and can be rebuilt
from scratch idempotently (``ensure_schema`` does on a store written before it existed).

``plan`` decides whether a facet request is answerable from the cells exactly as the patent
scan answers it; when it is not (holder filters, a district prefix, an unrestricted chain-node
facet ...) the store scans as before. ``tests/contract`` checks cells and scan agree.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from graph.codes.regions import CITY_DIGITS
from graph.models import Facet, PatentFilter, Validity

CELL_REGION_DIGITS = CITY_DIGITS  # district prefixes (6 digits) fall back to the scan


@dataclass(frozen=True, slots=True)
class CountAttrs:
    """What a patent contributes to the counts, as stored (read back from the store)."""

    pub_no: str
    region_code: str | None
    app_year: int | None
    patent_type: str
    is_valid: bool | None
    nodes: tuple[tuple[str, str], ...]  # (chain, chain node key) it is mapped to


class Cell(NamedTuple):  # a tuple: hashed and counted at C speed in a rebuild of a million patents
    chain: str | None
    node: str | None
    region4: str | None
    app_year: int | None
    patent_type: str
    validity: str

    @property
    def key(self) -> str:
        """The cell's identity as one string (both stores' unique key)."""
        return json.dumps(list(self), ensure_ascii=False)

    def row(self) -> dict[str, object]:
        return {
            "cell": self.key,
            "chain": self.chain,
            "node": self.node,
            "region4": self.region4,
            "app_year": self.app_year,
            "patent_type": self.patent_type,
            "validity": self.validity,
        }


def validity_of(is_valid: bool | None) -> str:
    """The stores' three legal-status classes (same CASE as the filters)."""
    if is_valid is None:
        return Validity.PENDING.value
    return Validity.VALID.value if is_valid else Validity.INVALID.value


def cells(attrs: CountAttrs) -> list[Cell]:
    region4 = attrs.region_code[:CELL_REGION_DIGITS] if attrs.region_code is not None else None
    base = (region4, attrs.app_year, attrs.patent_type, validity_of(attrs.is_valid))
    found = [Cell(None, None, *base)]
    found += [Cell(chain, None, *base) for chain in sorted({chain for chain, _ in attrs.nodes})]
    found += [Cell(chain, node, *base) for chain, node in sorted(set(attrs.nodes))]
    return found


def deltas(before: Iterable[CountAttrs], after: Iterable[CountAttrs]) -> dict[Cell, int]:
    """Per cell, what a write changed (non-zero entries only)."""
    change: Counter[Cell] = Counter()
    for attrs in before:
        change.subtract(cells(attrs))
    for attrs in after:
        change.update(cells(attrs))
    return {cell: n for cell, n in change.items() if n}


def tally(attrs: Iterable[CountAttrs]) -> dict[Cell, int]:
    """The cells of a whole store (a rebuild)."""
    return deltas((), attrs)


# --------------------------------------------------------------------------- answering from cells

_CELL_FILTER_FIELDS = frozenset(
    {"region_prefixes", "chain", "chain_node_keys", "patent_types", "valid_only", "validity"}
    | {"app_year_from", "app_year_to"}
)
_CELL_FACETS = frozenset({Facet.CHAIN_NODE, Facet.PROVINCE, Facet.CITY, Facet.APP_YEAR, Facet.PATENT_TYPE})


@dataclass(frozen=True, slots=True)
class CellQuery:
    """A facet request rewritten over the cells: one level, plain conditions, summed counts."""

    facets: tuple[Facet, ...]
    level: str  # "all" | "chain" | "node"
    chain: str | None
    nodes: tuple[str, ...]
    region_prefixes: tuple[str, ...]
    patent_types: tuple[str, ...]
    validities: tuple[str, ...]  # the allowed classes (all three when unconstrained; none: no patent)
    year_from: int | None
    year_to: int | None


def plan(facets: Sequence[Facet], flt: PatentFilter) -> CellQuery | None:
    """The cell query answering ``facet_counts(facets, flt)`` exactly, or None (scan instead)."""
    from graph.stores.common import is_set

    used = {name for name in PatentFilter.__dataclass_fields__ if is_set(getattr(flt, name))}
    if used - _CELL_FILTER_FIELDS or set(facets) - _CELL_FACETS:
        return None
    if any(len(p) > CELL_REGION_DIGITS for p in flt.region_prefixes):
        return None
    by_node = Facet.CHAIN_NODE in facets
    if by_node and not (flt.chain or flt.chain_node_keys):
        return None  # unmapped patents would be a None row: the scan knows them, the cells do not
    if not by_node and len(flt.chain_node_keys) > 1:
        return None  # distinct patents over several nodes are not a sum of node cells
    level = "node" if by_node or flt.chain_node_keys else "chain" if flt.chain else "all"
    validities = {v.value for v in Validity}
    if flt.valid_only:
        validities &= {Validity.VALID.value}
    if flt.validity:
        validities &= {v.value for v in flt.validity}
    return CellQuery(
        facets=tuple(facets),
        level=level,
        chain=flt.chain,
        nodes=tuple(flt.chain_node_keys),
        region_prefixes=tuple(flt.region_prefixes),
        patent_types=tuple(t.value for t in flt.patent_types),
        validities=tuple(sorted(validities)),
        year_from=flt.app_year_from,
        year_to=flt.app_year_to,
    )

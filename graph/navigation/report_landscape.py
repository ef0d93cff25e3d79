"""Per-node patent landscape of a chain (产业链各环节专利态势) for the navigation report.

GB/T 39551 part 3: for every node of the chain decomposition, the filing trend by year, who
holds the technology (top applicants / right holders), where it is (leading provinces), the
holder-type composition, and how many patents are valid and high-value. Counts come from the
store's ``facet_counts``; holders from ``patent_facts`` (bounded); high-value from the
high-value analysis itself (``find_high_value_patents``), never a second copy of its rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from graph.models import ChainNodeRecord, Facet, PatentFilter, PatentType
from graph.navigation.common import ToDictMixin, region_name, safe_ratio
from graph.navigation.high_value import find_high_value_patents
from graph.navigation.labels import HOLDER_TYPE_ZH
from graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class NamedCount(ToDictMixin):
    key: str  # province prefix, holder-type value or holder key
    name: str  # Chinese name
    patents: int
    share: float | None = None  # of the node's patents


@dataclass(frozen=True, slots=True)
class ApplicantCount(ToDictMixin):
    key: str
    name: str
    holder_type_zh: str
    region_name: str | None
    patents: int  # fractional co-holding is not used here: each co-holder counts the patent once


@dataclass(frozen=True, slots=True)
class NodeLandscape(ToDictMixin):
    node_key: str
    name: str
    position: str
    patents: int  # all regions (the data in the store)
    valid_patents: int
    valid_inventions: int
    high_value_patents: int  # valid inventions meeting at least one of the five criteria
    region_patents: int
    years: dict[int, int]  # application year -> patents, all regions
    region_years: dict[int, int]  # the same for the report's region
    top_applicants: tuple[ApplicantCount, ...]
    leading_regions: tuple[NamedCount, ...]  # provinces, most patents first
    holder_types: tuple[NamedCount, ...]
    region_rank: int | None  # the region's place among the provinces (or cities) on this node


@dataclass(frozen=True, slots=True)
class LandscapeParams:
    top_applicants: int = 5
    top_regions: int = 5
    max_patents_scanned: int = 20000  # per chain, for the applicant lists


def _by_node(store: GraphStore, flt: PatentFilter) -> dict[str, int]:
    return {str(c.values[0]): c.count for c in store.facet_counts([Facet.CHAIN_NODE], flt) if c.values[0]}


def _by_node_and(store: GraphStore, facet: Facet, flt: PatentFilter) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for c in store.facet_counts([Facet.CHAIN_NODE, facet], flt):
        node, value = c.values
        if node and value is not None:
            found[str(node)][str(value)] = c.count
    return found


def _applicants(store: GraphStore, chain: str, params: LandscapeParams) -> dict[str, list[ApplicantCount]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    refs = {}
    for fact in store.patent_facts(PatentFilter(chain=chain), limit=params.max_patents_scanned):
        for node, _ in fact.chain_nodes:
            for holder in fact.holders:
                counts[node][holder.key] += 1
                refs[holder.key] = (holder, holder.region_code or fact.region_code)
    ranked: dict[str, list[ApplicantCount]] = {}
    for node, tally in counts.items():
        top = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[: params.top_applicants]
        ranked[node] = [
            ApplicantCount(
                key,
                refs[key][0].name,
                HOLDER_TYPE_ZH.get(refs[key][0].holder_type.value, "其他"),
                region_name(refs[key][1]),
                n,
            )
            for key, n in top
        ]
    return ranked


def _rank(counts: dict[str, int], region_prefix: str) -> int | None:
    mine = counts.get(region_prefix)
    if not mine:
        return None
    return 1 + sum(1 for n in counts.values() if n > mine)


def _named(
    counts: dict[str, int], total: int, top: int | None, name_of: dict[str, str]
) -> tuple[NamedCount, ...]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(
        NamedCount(k, name_of.get(k) or region_name(k) or k, n, safe_ratio(n, total))
        for k, n in ordered[:top]
    )


def chain_landscape(
    store: GraphStore,
    chain: str,
    nodes: list[ChainNodeRecord],
    region_prefix: str,
    as_of: date,
    params: LandscapeParams | None = None,
) -> tuple[NodeLandscape, ...]:
    """One ``NodeLandscape`` per node of ``chain``, in the order of ``nodes``."""
    params = params or LandscapeParams()
    everywhere = PatentFilter(chain=chain)
    region = PatentFilter(chain=chain, region_prefixes=(region_prefix,))
    totals = _by_node(store, everywhere)
    valid = _by_node(store, PatentFilter(chain=chain, valid_only=True))
    inventions = _by_node(
        store, PatentFilter(chain=chain, valid_only=True, patent_types=(PatentType.INVENTION,))
    )
    local = _by_node(store, region)
    years = _by_node_and(store, Facet.APP_YEAR, everywhere)
    region_years = _by_node_and(store, Facet.APP_YEAR, region)
    provinces = _by_node_and(store, Facet.PROVINCE, everywhere)
    rank_facet = Facet.CITY if len(region_prefix) >= 4 else Facet.PROVINCE
    ranks = provinces if rank_facet is Facet.PROVINCE else _by_node_and(store, Facet.CITY, everywhere)
    holder_types = _by_node_and(store, Facet.HOLDER_TYPE, everywhere)
    high_value = {
        s.key: s.high_value_count for s in find_high_value_patents(store, as_of, everywhere).by_chain_node
    }
    applicants = _applicants(store, chain, params)
    return tuple(
        NodeLandscape(
            node_key=n.key,
            name=n.name,
            position=n.position.value,
            patents=totals.get(n.key, 0),
            valid_patents=valid.get(n.key, 0),
            valid_inventions=inventions.get(n.key, 0),
            high_value_patents=high_value.get(n.key, 0),
            region_patents=local.get(n.key, 0),
            years={int(y): c for y, c in sorted(years.get(n.key, {}).items())},
            region_years={int(y): c for y, c in sorted(region_years.get(n.key, {}).items())},
            top_applicants=tuple(applicants.get(n.key, ())),
            leading_regions=_named(provinces.get(n.key, {}), totals.get(n.key, 0), params.top_regions, {}),
            holder_types=_named(holder_types.get(n.key, {}), totals.get(n.key, 0), None, HOLDER_TYPE_ZH),
            region_rank=_rank(
                ranks.get(n.key, {}), region_prefix[:4] if len(region_prefix) >= 4 else region_prefix
            ),
        )
        for n in nodes
    )

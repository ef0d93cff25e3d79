"""Collaborator discovery for SMEs (合作对象发现): who holds relevant, available technology?

Input is a need already turned into query terms (the API/CLI calls ``nlp.query_terms``;
navigation never imports nlp). Candidate patents come from ``match_terms``; holders are
ranked by a weighted sum of named parts, each explained by a graph path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from graph.errors import InvalidQueryError
from graph.models import (
    TRANSFORMATION_EVENT_KINDS,
    EventFilter,
    HolderRef,
    HolderType,
    PatentFact,
    PatentFilter,
)
from graph.navigation.collaborator_parts import (
    PART_NAMES_ZH,
    HolderEvidence,
    MatchedPatent,
    holder_paths,
    holder_reasons,
    part_values,
    sme_transfer_counts,
)
from graph.navigation.common import ToDictMixin, province_of
from graph.navigation.gap_sources import adjacent_nodes
from graph.navigation.gap_sources import availability as patent_availability
from graph.navigation.scoring import ScorePart, term_weights, weighted_overlap, weighted_parts
from graph.navigation.sleeping import SleepingParams
from graph.store import MAX_TERM_MATCHES, GraphStore

logger = logging.getLogger(__name__)


class Availability(StrEnum):
    ANY = "any"  # every matched holder
    AVAILABLE = "available"  # holders with a sleeping or open-licensed matched patent
    OPEN_LICENCE = "open_licence"  # holders with an open-licensed matched patent


@dataclass(frozen=True, slots=True)
class CollaboratorParams:
    """Weights of the score parts (normalised by their sum; a part that does not apply,
    chain fit without a chain node or distance without a region, gets weight 0)."""

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "text_relevance": 0.40,
            "technology_overlap": 0.15,
            "chain_fit": 0.10,
            "availability": 0.15,
            "transfer_record": 0.10,
            "distance": 0.10,
        }
    )
    max_candidates: int = MAX_TERM_MATCHES
    transfer_saturation: int = 3  # 3 transfers/licences/equity deals to SMEs score 1
    patents_per_holder: int = 5
    paths_per_holder: int = 3
    same_province_only: bool = False
    sleeping: SleepingParams = field(default_factory=SleepingParams)


@dataclass(frozen=True, slots=True)
class CollaboratorCandidate(ToDictMixin):
    holder_key: str
    name: str
    holder_type: str
    region_code: str | None
    score: float
    score_parts: tuple[ScorePart, ...]
    patents: tuple[MatchedPatent, ...]  # best first
    matched_terms: tuple[str, ...]
    reasons: tuple[str, ...]
    paths: tuple[str, ...]


def clean_terms(query_terms: Sequence[str]) -> tuple[str, ...]:
    """Strip, drop empties and duplicates, keep the caller's order."""
    seen: dict[str, None] = {}
    for term in query_terms:
        if term.strip():
            seen.setdefault(term.strip(), None)
    return tuple(seen)


def discover_collaborators(
    store: GraphStore,
    query_terms: Sequence[str],
    region: str | None = None,
    chain_node: str | None = None,
    holder_types: Sequence[HolderType] = (HolderType.UNIVERSITY, HolderType.INSTITUTE),
    availability_filter: Availability = Availability.ANY,
    top_k: int = 10,
    params: CollaboratorParams | None = None,
    as_of: date | None = None,
) -> list[CollaboratorCandidate]:
    """Holders ranked best first (score desc, holder key); ``region`` is the seeker's NBS code."""
    params = params or CollaboratorParams()
    as_of = as_of or date.today()
    terms = clean_terms(query_terms)
    if not terms:
        raise InvalidQueryError("需求中没有可检索的技术词 (no query terms)")
    types = tuple(holder_types)
    matches = store.match_terms(terms, PatentFilter(holder_types=types), limit=params.max_candidates)
    if not matches:
        return []
    weights = term_weights(terms, store.term_document_frequencies(terms))
    matched_terms = {m.pub_no: m.matched_terms for m in matches}
    facts = store.patent_facts(PatentFilter(pub_nos=tuple(sorted(matched_terms))))
    evidence = _group_by_holder(facts, matched_terms, weights, set(types), chain_node, store, params, as_of)
    evidence = _apply_filters(evidence, availability_filter, region, params)
    transfers = sme_transfer_counts(
        store.events(
            EventFilter(kinds=tuple(sorted(TRANSFORMATION_EVENT_KINDS)), holder_keys=tuple(sorted(evidence)))
        ),
        as_of,
    )
    weights_used = dict(params.weights)
    if chain_node is None:
        weights_used["chain_fit"] = 0.0
    if region is None:
        weights_used["distance"] = 0.0
    ranked = [
        _candidate(ev, terms, weights, weights_used, transfers.get(key, []), region, chain_node, params)
        for key, ev in evidence.items()
    ]
    ranked.sort(key=lambda c: (-round(c.score, 9), c.holder_key))
    logger.info("collaborators for %d terms: %d holders", len(terms), len(ranked))
    return ranked[:top_k]


def _group_by_holder(
    facts: Iterable[PatentFact],
    matched_terms: dict[str, tuple[str, ...]],
    weights: dict[str, float],
    types: set[HolderType],
    chain_node: str | None,
    store: GraphStore,
    params: CollaboratorParams,
    as_of: date,
) -> dict[str, HolderEvidence]:
    adjacent: tuple[str, ...] = ()
    if chain_node is not None:
        adjacent = adjacent_nodes(chain_node, store.chain_nodes(chain_node.split("/", 1)[0]))
    grouped: dict[str, HolderEvidence] = {}
    for fact in facts:
        terms = matched_terms.get(fact.pub_no, ())
        patent = MatchedPatent(
            pub_no=fact.pub_no,
            title=fact.title,
            matched_terms=terms,
            relevance=round(weighted_overlap(terms, weights), 6),
            availability=patent_availability(fact, as_of, params.sleeping),
            chain_nodes=tuple(k for k, _ in fact.chain_nodes),
            technologies=fact.technologies,
        )
        for holder in fact.holders:
            if holder.holder_type in types:
                grouped.setdefault(holder.key, HolderEvidence(holder, chain_node, adjacent)).patents.append(
                    patent
                )
    return grouped


def _apply_filters(
    evidence: dict[str, HolderEvidence], wanted: Availability, region: str | None, params: CollaboratorParams
) -> dict[str, HolderEvidence]:
    kept = {}
    for key, ev in evidence.items():
        kinds = [p.availability or "" for p in ev.patents]
        if wanted is Availability.AVAILABLE and not any(kinds):
            continue
        if wanted is Availability.OPEN_LICENCE and not any("open_licence" in k for k in kinds):
            continue
        if params.same_province_only and region and province_of(ev.holder.region_code) != province_of(region):
            continue
        kept[key] = ev
    return kept


def _candidate(
    ev: HolderEvidence,
    terms: tuple[str, ...],
    weights: dict[str, float],
    weights_used: dict[str, float],
    transfers: list[str],
    region: str | None,
    chain_node: str | None,
    params: CollaboratorParams,
) -> CollaboratorCandidate:
    values = part_values(ev, terms, weights, len(transfers), region, params.transfer_saturation)
    score, parts = weighted_parts(values, weights_used, PART_NAMES_ZH)
    patents = sorted(ev.patents, key=lambda p: (-p.relevance, p.availability is None, p.pub_no))
    holder: HolderRef = ev.holder
    return CollaboratorCandidate(
        holder_key=holder.key,
        name=holder.name,
        holder_type=holder.holder_type.value,
        region_code=holder.region_code,
        score=round(score, 6),
        score_parts=parts,
        patents=tuple(patents[: params.patents_per_holder]),
        matched_terms=tuple(sorted({t for p in ev.patents for t in p.matched_terms})),
        reasons=holder_reasons(ev, values, transfers, region),
        paths=holder_paths(ev, patents[: params.paths_per_holder], transfers, region, chain_node),
    )

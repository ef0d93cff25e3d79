"""Collaborator discovery for SMEs (合作对象发现): who holds relevant, available technology?

Input is a need already turned into words (the API/CLI calls ``PatentNlp.query_terms``;
navigation never imports nlp). The rules, stated in every answer's ``definitions``:

1. Relevance decides. Patents are scored by ``relevance.score_need`` over the character text
   index; a patent is relevant only when it covers at least ``min_coverage`` of the need and
   its matched evidence reaches ``min_evidence``.
2. Holders are aggregated over their relevant offered patents: the best patent's relevance plus
   ``breadth_bonus`` times each of the next two (a holder with several relevant patents
   outranks one lucky match of equal strength).
3. Availability, transfer record, distance and chain fit re-rank only among comparably relevant
   holders: together they raise a holder's score by at most ``secondary_share`` (10 %), so a
   holder can overtake only one whose relevance is within that margin. Asked for as filters
   (``availability_filter``, ``same_province_only``) they remove holders instead.
4. By default only patents in force and pending applications (marked 审中) are offered.
5. No relevant patent: no candidate, and the answer says so (未找到合适的合作对象) with the
   nearest technical fields.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from graph.errors import InvalidQueryError
from graph.models import TRANSFORMATION_EVENT_KINDS, EventFilter, HolderType, PatentFact, PatentFilter
from graph.navigation.collaborator_parts import (
    PART_NAMES_ZH,
    HolderEvidence,
    MatchedPatent,
    as_transferred,
    holder_paths,
    holder_reasons,
    is_offered,
    obtainable,
    open_licence_fee,
    patent_holders,
    secondary_values,
    sme_transfer_counts,
    validity,
)
from graph.navigation.collaborator_rules import (
    Availability,
    CollaboratorParams,
    NearestField,
    definitions,
    nearest_fields,
    no_match_message,
)
from graph.navigation.common import ToDictMixin, analysis_date, province_of
from graph.navigation.gap_sources import adjacent_nodes
from graph.navigation.need_terms import NeedTerms, is_generic, parse_need_terms
from graph.navigation.relevance import NeedScores, score_need
from graph.navigation.scoring import ScorePart
from graph.navigation.text_index import TextIndex, text_index
from graph.store import GraphStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CollaboratorCandidate(ToDictMixin):
    holder_key: str
    name: str
    holder_type: str
    region_code: str | None
    score: float
    relevance: float  # the text part alone (rule 2)
    score_parts: tuple[ScorePart, ...]
    patents: tuple[MatchedPatent, ...]  # best first
    matched_terms: tuple[str, ...]
    reasons: tuple[str, ...]
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CollaboratorAnswer(ToDictMixin):
    need_terms: NeedTerms
    candidates: tuple[CollaboratorCandidate, ...]
    message: str | None  # 未找到合适的合作对象 ... when there is no candidate
    nearest_fields: tuple[NearestField, ...]  # only when there is no candidate
    definitions: dict[str, str]


def clean_terms(query_terms: Sequence[str]) -> tuple[str, ...]:
    """Strip, drop empties and duplicates, keep the caller's order."""
    return tuple(dict.fromkeys(t.strip() for t in query_terms if t.strip()))


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
    include_lapsed: bool = False,
) -> list[CollaboratorCandidate]:
    """Holders ranked best first (score desc, holder key); see ``find_collaborators``."""
    answer = find_collaborators(
        store,
        query_terms,
        region=region,
        chain_node=chain_node,
        holder_types=holder_types,
        availability_filter=availability_filter,
        top_k=top_k,
        params=params,
        as_of=as_of,
        include_lapsed=include_lapsed,
    )
    return list(answer.candidates)


def find_collaborators(
    store: GraphStore,
    query_terms: Sequence[str],
    region: str | None = None,
    chain_node: str | None = None,
    holder_types: Sequence[HolderType] = (HolderType.UNIVERSITY, HolderType.INSTITUTE),
    availability_filter: Availability = Availability.ANY,
    top_k: int = 10,
    params: CollaboratorParams | None = None,
    as_of: date | None = None,
    include_lapsed: bool = False,
) -> CollaboratorAnswer:
    """The ranked holders with the rules applied, or the reason there is none.

    ``region`` is the seeker's NBS code; ``include_lapsed`` also offers lapsed, rejected and
    withdrawn patents (never as available).
    """
    params = params or CollaboratorParams()
    as_of, _ = analysis_date(store, as_of)
    if not clean_terms(query_terms):
        raise InvalidQueryError("需求中没有可检索的技术词")
    need = parse_need_terms(query_terms)
    rules = definitions(params, include_lapsed)
    if not need.searched:
        return CollaboratorAnswer(need, (), no_match_message(need, None), (), rules)
    index = text_index(store)
    scores = score_need(index, need.searched, params.relevance, need.counts)
    rows = _relevant_rows(index, scores, tuple(holder_types), params)
    pub_nos = tuple(sorted(index.pub_nos[r] for r in rows))
    facts = store.patent_facts(PatentFilter(pub_nos=pub_nos)) if pub_nos else iter(())
    evidence = _group_by_holder(
        facts, index, scores, set(holder_types), chain_node, store, params, as_of, include_lapsed
    )
    evidence = _apply_filters(evidence, availability_filter, region, params)
    ranked = _rank(store, evidence, region, chain_node, params, as_of)[:top_k]
    logger.info("collaborators for %d words: %d holders", len(need.searched), len(ranked))
    if ranked:
        return CollaboratorAnswer(need, tuple(ranked), None, (), rules)
    fields = nearest_fields(store, index, scores)
    return CollaboratorAnswer(need, (), no_match_message(need, fields), fields, rules)


def _relevant_rows(
    index: TextIndex, scores: NeedScores, types: tuple[HolderType, ...], params: CollaboratorParams
) -> list[int]:
    keep = (scores.coverage >= params.min_coverage) & (scores.evidence >= params.min_evidence)
    keep &= index.holder_type_mask(types)
    rows = np.flatnonzero(keep)
    order = np.lexsort((rows, -scores.relevance[rows]))  # relevance desc, then pub_no order
    share = params.relevance.term_match_share
    found = []
    for row in (int(r) for r in rows[order]):
        words = params.min_matched_words
        if not words or len(scores.matched_terms(index.texts[row], share)) >= words:
            found.append(row)
            if len(found) == params.max_candidates:
                break
    return found


def _group_by_holder(
    facts: Iterable[PatentFact],
    index: TextIndex,
    scores: NeedScores,
    types: set[HolderType],
    chain_node: str | None,
    store: GraphStore,
    params: CollaboratorParams,
    as_of: date,
    include_lapsed: bool,
) -> dict[str, HolderEvidence]:
    adjacent: tuple[str, ...] = ()
    if chain_node is not None:
        adjacent = adjacent_nodes(chain_node, store.chain_nodes(chain_node.split("/", 1)[0]))
    grouped: dict[str, HolderEvidence] = {}
    for fact in facts:
        if not is_offered(fact, include_lapsed):
            continue
        patent = _matched_patent(fact, index, scores, params, as_of)
        for holder, holds in patent_holders(fact):
            if holder.holder_type in types:
                evidence = grouped.setdefault(holder.key, HolderEvidence(holder, chain_node, adjacent))
                evidence.patents.append(patent if holds else as_transferred(patent, fact))
    return grouped


def _matched_patent(
    fact: PatentFact, index: TextIndex, scores: NeedScores, params: CollaboratorParams, as_of: date
) -> MatchedPatent:
    row = index.row_of[fact.pub_no]
    text = index.texts[row]
    return MatchedPatent(
        pub_no=fact.pub_no,
        title=fact.title,
        legal_status=fact.legal_status,
        is_valid=fact.is_valid,
        validity=validity(fact),
        availability=obtainable(fact, as_of, params.sleeping),
        open_licence_fee=open_licence_fee(fact, as_of),
        relevance=round(float(scores.relevance[row]), 6),
        coverage=round(float(scores.coverage[row]), 6),
        matched_terms=scores.matched_terms(text, params.relevance.term_match_share),
        related_terms=tuple(f for f in list(scores.feedback)[:10] if f in text and not is_generic(f)),
        chain_nodes=tuple(k for k, _ in fact.chain_nodes),
    )


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


def _rank(
    store: GraphStore,
    evidence: dict[str, HolderEvidence],
    region: str | None,
    chain_node: str | None,
    params: CollaboratorParams,
    as_of: date,
) -> list[CollaboratorCandidate]:
    if not evidence:
        return []
    events = store.events(
        EventFilter(kinds=tuple(sorted(TRANSFORMATION_EVENT_KINDS)), holder_keys=tuple(sorted(evidence)))
    )
    transfers = sme_transfer_counts(events, as_of)
    weights = dict(params.secondary_weights)
    if chain_node is None:
        weights["chain_fit"] = 0.0
    if region is None:
        weights["distance"] = 0.0
    ranked = [
        _candidate(ev, weights, transfers.get(key, []), region, chain_node, params)
        for key, ev in evidence.items()
    ]
    ranked.sort(key=lambda c: (-round(c.score, 9), c.holder_key))
    return ranked


def _candidate(
    ev: HolderEvidence,
    weights: dict[str, float],
    transfers: list[str],
    region: str | None,
    chain_node: str | None,
    params: CollaboratorParams,
) -> CollaboratorCandidate:
    patents = sorted(ev.patents, key=lambda p: (-p.relevance, p.availability is None, p.pub_no))
    relevance = patents[0].relevance + params.breadth_bonus * sum(p.relevance for p in patents[1:3])
    values = secondary_values(ev, len(transfers), region, params.transfer_saturation)
    total = sum(weights.values()) or 1.0
    parts = [ScorePart("text_relevance", PART_NAMES_ZH["text_relevance"], relevance, 1.0, relevance)]
    for name, weight in weights.items():
        share = params.secondary_share * weight / total
        parts.append(
            ScorePart(name, PART_NAMES_ZH[name], values[name], share, relevance * share * values[name])
        )
    shown = patents[: params.patents_per_holder]
    return CollaboratorCandidate(
        holder_key=ev.holder.key,
        name=ev.holder.name,
        holder_type=ev.holder.holder_type.value,
        region_code=ev.holder.region_code,
        score=round(sum(p.contribution for p in parts), 6),
        relevance=round(relevance, 6),
        score_parts=tuple(parts),
        patents=tuple(shown),
        matched_terms=tuple(sorted({t for p in ev.patents for t in p.matched_terms})),
        reasons=holder_reasons(ev, shown, values, transfers, region),
        paths=holder_paths(ev, patents[: params.paths_per_holder], transfers, region, chain_node),
    )

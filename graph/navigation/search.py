"""Full-text patent search (专利全文检索) over title, abstract and claims, with filters and pages.

The caller segments the query (the API/CLI use the NLP pipeline's query terms); filler and
generic words are dropped as for collaborator discovery (``need_terms``), so "一种方法" alone
searches nothing. The store finds the patents whose search tokens or technologies hold the
words (``GraphStore.search_patents``: any word, or every word with ``match_all``), under the
filter. Ranking, the same on both stores: more query words first, then more of them in the
title, then the newest application, then the publication number. ``total`` counts every hit
(at most ``MAX_SEARCH_HITS``, ``truncated`` says when there were more).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.codes.regions import region_name
from graph.models import PatentFact, PatentFilter, SearchHit
from graph.navigation.collaborator_parts import VALIDITY_ZH, validity
from graph.navigation.common import ToDictMixin
from graph.navigation.labels import HOLDER_TYPE_ZH, PATENT_TYPE_ZH, chain_node_labels
from graph.navigation.need_terms import NeedTerms, normalise_text, parse_need_terms
from graph.store import MAX_SEARCH_HITS, GraphStore

RANKING_ZH = "命中检索词数多者在前, 其次标题命中词数多者, 再次申请日新者, 最后按公开号"


@dataclass(frozen=True, slots=True)
class FoundPatent(ToDictMixin):
    pub_no: str
    title: str
    patent_type: str
    patent_type_zh: str
    app_date: str | None
    legal_status: str | None
    validity: str  # valid / invalid / pending / unknown
    validity_zh: str
    holders: tuple[dict[str, str], ...]  # {"key", "name", "type_zh"}
    region: dict[str, str | None]  # {"code", "name"}
    chain_nodes: tuple[str, ...]  # "产业链·节点" names
    matched_terms: tuple[str, ...]
    abstract: str


@dataclass(frozen=True, slots=True)
class SearchResult(ToDictMixin):
    terms: NeedTerms
    total: int
    truncated: bool
    patents: tuple[FoundPatent, ...]  # this page
    match_all: bool
    ranking: str = RANKING_ZH


def rank_hits(hits: Sequence[SearchHit]) -> list[SearchHit]:
    def key(hit: SearchHit) -> tuple[int, int, str, str]:
        title = normalise_text(hit.title)
        in_title = sum(1 for term in hit.matched_terms if normalise_text(term) in title)
        newest = "".join(chr(0x10FFFF - ord(c)) for c in (hit.app_date or ""))  # descending, undated last
        return (-len(hit.matched_terms), -in_title, newest or "\U0010ffff", hit.pub_no)

    return sorted(hits, key=key)


def search_patents(
    store: GraphStore,
    query_terms: Sequence[str],
    flt: PatentFilter,
    *,
    match_all: bool = False,
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    terms = parse_need_terms(query_terms)
    if not terms.searched:
        return SearchResult(terms, 0, False, (), match_all)
    hits = rank_hits(store.search_patents(terms.searched, flt, match_all=match_all))
    page = hits[offset : offset + limit]
    facts = {f.pub_no: f for f in store.patent_facts(PatentFilter(pub_nos=tuple(h.pub_no for h in page)))}
    labels = chain_node_labels(store) if page else {}
    found = tuple(_found(facts[h.pub_no], h, labels) for h in page)
    return SearchResult(terms, len(hits), len(hits) >= MAX_SEARCH_HITS, found, match_all)


def _found(fact: PatentFact, hit: SearchHit, labels: dict[str, str]) -> FoundPatent:
    state = validity(fact)
    return FoundPatent(
        pub_no=fact.pub_no,
        title=fact.title,
        patent_type=fact.patent_type.value,
        patent_type_zh=PATENT_TYPE_ZH[fact.patent_type.value],
        app_date=fact.app_date,
        legal_status=fact.legal_status,
        validity=state,
        validity_zh=VALIDITY_ZH[state],
        holders=tuple(
            {"key": h.key, "name": h.name, "type_zh": HOLDER_TYPE_ZH[h.holder_type.value]}
            for h in fact.holders
        ),
        region={"code": fact.region_code, "name": region_name(fact.region_code)},
        chain_nodes=tuple(labels.get(key, key) for key, _ in fact.chain_nodes),
        matched_terms=hit.matched_terms,
        abstract=fact.abstract,
    )

"""Full-text patent search (专利全文检索) over title, abstract and claims, with filters and pages.

The caller segments the query into words, each with its sub-words (the API/CLI use the NLP
pipeline's search tokens, the segmentation the patents were indexed with: 锂离子电池 -> 锂离子,
离子, 电池). Filler and generic words (``need_terms``: 一种, 方法, 材料 ...) are not searched, alone
or as sub-words. A query word is *found* in a patent when the patent's search tokens (title,
abstract, claims) or technologies hold the word, or all of its searched sub-words (负极材料 is
found by 负极 when 材料 is generic); the store (``GraphStore.search_patents``) finds the patents
holding any token under the filter. ``match_all`` keeps the patents that hold every query word.
Ranking, the same on both stores: more query words found first, then more tokens, then more
tokens in the title, then the newest application, then the publication number. ``total`` counts
every hit (at most ``MAX_SEARCH_HITS``; ``truncated`` says when there were more).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.codes.regions import region_name
from graph.models import PatentFact, PatentFilter, SearchHit
from graph.navigation.collaborator_parts import VALIDITY_ZH, validity
from graph.navigation.common import ToDictMixin
from graph.navigation.labels import HOLDER_TYPE_ZH, PATENT_TYPE_ZH, chain_node_labels
from graph.navigation.need_terms import FILLER_WORDS, GENERIC_WORDS, normalise_text
from graph.store import MAX_SEARCH_HITS, GraphStore

UNSEARCHED = FILLER_WORDS | GENERIC_WORDS
RANKING_ZH = "命中检索词多者在前, 其次命中词元多者, 再次标题命中多者, 再次申请日新者, 最后按公开号"


@dataclass(frozen=True, slots=True)
class QueryWords(ToDictMixin):
    """检索词: the query's searched words, each with the tokens that find it, and what was dropped."""

    searched: tuple[str, ...]
    tokens: dict[str, tuple[str, ...]]  # word -> its searched sub-words (empty: the word alone)
    dropped: tuple[str, ...]

    def all_tokens(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for w in self.searched for t in (w, *self.tokens[w])))

    def found(self, matched: Sequence[str]) -> tuple[str, ...]:
        held = set(matched)
        return tuple(
            w for w in self.searched if w in held or (self.tokens[w] and held >= set(self.tokens[w]))
        )


def query_words(groups: Sequence[Sequence[str]]) -> QueryWords:
    """Per query word ``[word, *sub-words]`` -> the searched words (filler and generic dropped)."""
    searched: dict[str, tuple[str, ...]] = {}
    dropped: dict[str, None] = {}
    for group in groups:
        items = [normalise_text(t.strip()) for t in group if t.strip()]
        if not items:
            continue
        word, subs = items[0], [t for t in items[1:] if t not in UNSEARCHED and t != items[0]]
        if word in UNSEARCHED:
            dropped.setdefault(word, None)
        elif word not in searched:
            searched[word] = tuple(dict.fromkeys(subs))
    return QueryWords(tuple(searched), searched, tuple(dropped))


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
    matched_words: tuple[str, ...]  # query words found
    matched_terms: tuple[str, ...]  # tokens found
    abstract: str


@dataclass(frozen=True, slots=True)
class SearchResult(ToDictMixin):
    terms: QueryWords
    total: int
    truncated: bool
    patents: tuple[FoundPatent, ...]  # this page
    match_all: bool
    ranking: str = RANKING_ZH


def rank_hits(words: QueryWords, hits: Sequence[SearchHit]) -> list[tuple[SearchHit, tuple[str, ...]]]:
    """(hit, query words found), best first (``RANKING_ZH``)."""

    def key(item: tuple[SearchHit, tuple[str, ...]]) -> tuple[int, int, int, str, str]:
        hit, found = item
        title = normalise_text(hit.title)
        in_title = sum(1 for term in hit.matched_terms if normalise_text(term) in title)
        newest = "".join(chr(0x10FFFF - ord(c)) for c in (hit.app_date or ""))  # descending
        return (-len(found), -len(hit.matched_terms), -in_title, newest or "\U0010ffff", hit.pub_no)

    return sorted(((hit, words.found(hit.matched_terms)) for hit in hits), key=key)


def search_patents(
    store: GraphStore,
    word_groups: Sequence[Sequence[str]],
    flt: PatentFilter,
    *,
    match_all: bool = False,
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    words = query_words(word_groups)
    if not words.searched:
        return SearchResult(words, 0, False, (), match_all)
    hits = store.search_patents(words.all_tokens(), flt)
    wanted = len(words.searched) if match_all else 1
    ranked = [(hit, found) for hit, found in rank_hits(words, hits) if len(found) >= wanted]
    page = ranked[offset : offset + limit]
    shown = PatentFilter(pub_nos=tuple(hit.pub_no for hit, _ in page))
    facts = {f.pub_no: f for f in store.patent_facts(shown)} if page else {}
    labels = chain_node_labels(store) if page else {}
    found = tuple(_found(facts[h.pub_no], h, f, labels) for h, f in page)
    return SearchResult(words, len(ranked), len(hits) >= MAX_SEARCH_HITS, found, match_all)


def _found(fact: PatentFact, hit: SearchHit, words: tuple[str, ...], labels: dict[str, str]) -> FoundPatent:
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
        matched_words=words,
        matched_terms=hit.matched_terms,
        abstract=fact.abstract,
    )

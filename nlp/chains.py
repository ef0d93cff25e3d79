"""Map a patent onto industry-chain nodes (专利-产业链节点映射) and IPC codes onto technologies.

Evidence per node: IPC (one of the node's IPC patterns covers a code of the patent, by the one
rule ``graph.codes.ipc.ipc_covers``: ``A61B1`` covers A61B1/04, not A61B17/00), node terms
(keywords) in the title and in the abstract, and whether a term is generic (通用词,
``data/chains/generic_terms.txt``). The confidence of each evidence pattern and the threshold
below which no mapping is returned (hence none is stored or counted) are defined once in
``graph.chain_evidence``: IPC and a specific term together rank highest; generic words never map
alone; the classification alone or one passing mention in the abstract stays below the threshold.
The reason names the evidence so analysts can check it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from functools import lru_cache

import ahocorasick

from graph.chain_evidence import EVIDENCE_ZH, MAPPING_CONFIDENCE, MAPPING_MIN_CONFIDENCE, load_generic_terms
from graph.codes.ipc import CLASS_LENGTH, SUBCLASS_LENGTH, covering_hits, ipc_subclass, normalise_ipc
from graph.models import ChainNodeRecord
from nlp.resources import normalise_text

_canonical = lru_cache(maxsize=16384)(normalise_ipc)  # the same few thousand codes recur
_LATIN = re.compile(r"^[a-z0-9\-]+$")
_LATIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _ipc_hits(ipc_codes: Sequence[str], patterns: tuple[str, ...]) -> list[str]:
    """The patent's codes (canonical, sorted) that one of the node's IPC patterns covers."""
    return sorted({code for code in map(_canonical, ipc_codes) if _covered(patterns, code)})


@lru_cache(maxsize=1 << 16)
def _covered(patterns: tuple[str, ...], code: str) -> bool:
    """Whether a node's patterns cover one canonical code (the rule: ``covering_hits``)."""
    return bool(covering_hits([_canonical(p) for p in patterns], [code]))


@lru_cache(maxsize=4096)
def _node_terms(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in (normalise_text(k) for k in keywords) if t))


@lru_cache(maxsize=4096)
def _subclasses(patterns: tuple[str, ...]) -> frozenset[str]:
    """Each pattern's subclass (or its class/section when coarser): a quick pre-filter."""
    return frozenset(_canonical(p)[:SUBCLASS_LENGTH] for p in patterns)


@lru_cache(maxsize=8)
def _normalised(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(normalise_text(t) for t in terms)


def _automaton(terms: Set[str]) -> ahocorasick.Automaton:
    """One Aho-Corasick automaton over every term: one pass over a text finds all of them."""
    automaton = ahocorasick.Automaton()
    for term in filter(None, terms):
        automaton.add_word(term, (term, _LATIN.match(term) is not None))
    automaton.make_automaton()
    return automaton


def _standing_terms(text: str, automaton: ahocorasick.Automaton) -> set[str]:
    """Terms with at least one occurrence not inside a longer term's occurrence: in
    锂离子电池正极材料 the cathode term stands, the cell term 锂离子电池 does not. A Latin term
    (BMS, PCR, 5g) must not sit inside a longer Latin word."""
    if not text:
        return set()
    spans = []
    for last, (term, latin) in automaton.iter(text):
        start, end = last + 1 - len(term), last + 1
        if latin and (_is_latin(text, start - 1) or _is_latin(text, end)):
            continue
        spans.append((start, end, term))
    standing: set[str] = set()
    for a, b, term in spans:
        if term not in standing and not any(a2 <= a and b <= b2 and b2 - a2 > b - a for a2, b2, _ in spans):
            standing.add(term)
    return standing


def _is_latin(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] in _LATIN_CHARS


def evidence_kind(
    ipc: bool, title_terms: Sequence[str], other_terms: Sequence[str], generic: bool
) -> str | None:
    """The evidence pattern (a key of ``MAPPING_CONFIDENCE``), or None when nothing may map.

    ``title_terms`` / ``other_terms``: specific node terms standing in the title / only in the abstract;
    ``generic``: a generic node term occurs somewhere.
    """
    specific = len(title_terms) + len(other_terms)
    if ipc and specific:
        return "ipc_and_term"
    if title_terms and specific >= 2:
        return "title_term_and_more"
    if ipc and generic:
        return "ipc_and_generic_term"
    if title_terms:
        return "title_term"
    if specific >= 2:
        return "abstract_terms"
    if ipc:
        return "ipc_only"
    return "abstract_term" if specific else None


class ChainMatcher:
    """``map_chain_nodes`` for one fixed node list: the term automaton, each node's terms and
    the IPC pre-filter are built once, so a patent costs one pass over its text plus the few
    nodes its terms or codes can reach."""

    def __init__(
        self,
        nodes: Sequence[ChainNodeRecord],
        *,
        min_confidence: float = MAPPING_MIN_CONFIDENCE,
        generic_terms: Set[str] | None = None,
    ) -> None:
        self.nodes = list(nodes)
        self.min_confidence = min_confidence
        self.generic = _normalised(
            load_generic_terms() if generic_terms is None else frozenset(generic_terms)
        )
        self.terms = [_node_terms(node.keywords) for node in self.nodes]
        self._automaton = _automaton(self.generic | {t for terms in self.terms for t in terms})
        self._by_term: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}
        for index, node in enumerate(self.nodes):
            for term in self.terms[index]:
                self._by_term.setdefault(term, []).append(index)
            for prefix in _subclasses(node.ipc_codes):
                self._by_prefix.setdefault(prefix, []).append(index)

    def map(self, title: str, abstract: str, ipc_codes: Sequence[str]) -> list[tuple[str, float, str]]:
        """(node_key, confidence, reason) for every node mapped at ``min_confidence`` or above, best first."""
        canonical = [_canonical(c) for c in ipc_codes]
        # subclass, class and section of each code, so coarse node patterns pass the pre-filter too
        patent_prefixes = {c[:n] for c in canonical for n in (SUBCLASS_LENGTH, CLASS_LENGTH, 1)}
        in_title = _standing_terms(normalise_text(title), self._automaton)
        in_text = in_title | _standing_terms(normalise_text(abstract), self._automaton)
        reached = {i for t in in_text for i in self._by_term.get(t, ())}
        reached.update(i for p in patent_prefixes for i in self._by_prefix.get(p, ()))
        links = []
        for index in reached:
            link = self._link(
                self.nodes[index], self.terms[index], canonical, patent_prefixes, in_title, in_text
            )
            if link is not None:
                links.append(link)
        links.sort(key=lambda link: (-link[1], link[0]))
        return links

    def _link(
        self,
        node: ChainNodeRecord,
        terms: tuple[str, ...],
        ipc_codes: Sequence[str],
        patent_prefixes: Set[str],
        in_title: Set[str],
        in_text: Set[str],
    ) -> tuple[str, float, str] | None:
        covers = not patent_prefixes.isdisjoint(_subclasses(node.ipc_codes))
        ipc = _ipc_hits(ipc_codes, node.ipc_codes) if covers else []
        hits = [t for t in terms if t in in_text]
        if not ipc and not hits:
            return None
        generic = self.generic
        specific = [t for t in hits if t not in generic]
        title_terms = [t for t in specific if t in in_title]
        kind = evidence_kind(
            bool(ipc), title_terms, [t for t in specific if t not in in_title], len(specific) < len(hits)
        )
        if kind is None or MAPPING_CONFIDENCE[kind] < self.min_confidence:
            return None
        reasons = [EVIDENCE_ZH[kind]]
        if ipc:
            reasons.append("IPC " + ",".join(ipc))
        if hits:
            title_note = f"（标题: {','.join(title_terms)}）" if title_terms else ""
            reasons.append("关键词 " + ",".join(hits) + title_note)
        return node.key, MAPPING_CONFIDENCE[kind], "; ".join(reasons)


def map_chain_nodes(
    title: str,
    abstract: str,
    ipc_codes: Sequence[str],
    nodes: Sequence[ChainNodeRecord],
    *,
    min_confidence: float = MAPPING_MIN_CONFIDENCE,
    generic_terms: Set[str] | None = None,
) -> list[tuple[str, float, str]]:
    """(node_key, confidence, reason) for every node mapped at ``min_confidence`` or above, best first.

    One patent at a time; for many patents build a ``ChainMatcher`` once (ingest does)."""
    generic = None if generic_terms is None else frozenset(generic_terms)
    return _matcher(tuple(nodes), min_confidence, generic).map(title, abstract, ipc_codes)


@lru_cache(maxsize=8)
def _matcher(
    nodes: tuple[ChainNodeRecord, ...], min_confidence: float, generic_terms: frozenset[str] | None
) -> ChainMatcher:
    return ChainMatcher(nodes, min_confidence=min_confidence, generic_terms=generic_terms)


def ipc_technologies(
    ipc_codes: Sequence[str], ipc_titles: Mapping[str, str], level: str = "subclass"
) -> list[tuple[str, str, float]]:
    """IPC-based technologies (key ``ipc:H01M``, name = the Chinese title), weight 1.0 for the first code."""
    out: dict[str, tuple[str, str, float]] = {}
    for rank, code in enumerate(_canonical(c) for c in ipc_codes):
        prefix = code[:CLASS_LENGTH] if level == "class" else ipc_subclass(code)
        if prefix and prefix not in out:
            out[prefix] = (f"ipc:{prefix}", ipc_titles.get(prefix, prefix), 1.0 if rank == 0 else 0.6)
    return list(out.values())

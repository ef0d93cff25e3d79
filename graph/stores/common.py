"""Semantics both stores share (共享语义), written once so they cannot drift.

Both ``EmbeddedStore`` and ``Neo4jStore`` prepare their write rows and finish their read
answers with these helpers; the contract suite checks the two stores agree.

Shared rules (the contract):

* Batches are de-duplicated before writing: the last record with a key wins; holders with
  the same key merge their aliases (union, stored sorted).
* A link to a node that does not exist is not created (holders, inventors, technologies,
  chain nodes, regions, industries, parents). Exception: an IPC code referenced by a patent
  or by an IPC-industry link creates the IPC node if missing, with level ``"unknown"`` and an
  empty title; a later reference upsert fills it in.
* Term matching is on whole tokens, case-insensitive through ``str.lower`` on both sides;
  technology keys (already normalised) are compared with the lowered term.
* SEI codes of a patent: an IPC code of the patent matches a concordance code if equal, or
  if the concordance code is the main group of the patent's code. Main groups are the rule of
  ``graph.codes.ipc``, written onto each IPC node as ``main_group`` / ``is_main_group``.
* Facet value ``None`` (unknown) sorts last; events sort by (date, event_id), undated last.
* A technology's display name is the smallest form (by code point) ever written for its key
  (``smallest_names`` in a batch, ``min`` against the stored one), so the graph does not
  depend on batch size or row order (one patent writes 锂电池, another 锂离子电池).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from graph.demand_records import DemandMatchView
from graph.models import (
    EdgeView,
    EventFact,
    Facet,
    FacetCount,
    HolderRecord,
    HolderRef,
    HolderType,
    NodeView,
    PatentRecord,
    Subgraph,
    TechnologyRecord,
)

T = TypeVar("T")
UNKNOWN_IPC_LEVEL = "unknown"


def smallest_names(records: Iterable[TechnologyRecord]) -> list[TechnologyRecord]:
    """One record per key, the smallest name (see the module's rules); keys in first-seen order."""
    names: dict[str, str] = {}
    for record in records:
        known = names.get(record.key)
        names[record.key] = record.name if known is None or record.name < known else known
    return [TechnologyRecord(key, name) for key, name in names.items()]


def dedupe_last(records: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Keep the last record per key, in first-seen key order."""
    by_key: dict[str, T] = {}
    for record in records:
        by_key[key(record)] = record
    return list(by_key.values())


def merge_holders(holders: Iterable[HolderRecord]) -> list[tuple[HolderRecord, tuple[str, ...]]]:
    """Last holder record per key wins; aliases are the union over the batch (sorted)."""
    merged: dict[str, tuple[HolderRecord, set[str]]] = {}
    for holder in holders:
        aliases = merged[holder.key][1] if holder.key in merged else set()
        merged[holder.key] = (holder, aliases | set(holder.aliases))
    return [(record, tuple(sorted(aliases))) for record, aliases in merged.values()]


def is_set(value: object) -> bool:
    """Whether a filter field constrains: not None, not False, not an empty list (0 is a value)."""
    if isinstance(value, tuple | list | set | frozenset):
        return bool(value)
    return value is not None and value is not False


def chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def search_tokens(patent: PatentRecord) -> list[str]:
    """The patent's tokens as matched by term search: split on whitespace, lowered, unique."""
    return sorted({token.lower() for token in patent.tokens.split()})


def normalise_terms(terms: Sequence[str]) -> dict[str, list[str]]:
    """Lowered search needle -> the caller's terms that produce it (terms with spaces never match)."""
    needles: dict[str, list[str]] = {}
    for term in terms:
        needle = term.strip().lower()
        if needle and not any(ch.isspace() for ch in needle):
            needles.setdefault(needle, []).append(term)
    return needles


def encode_fts_token(token: str) -> str:
    """Encode a lowered token so SQLite's unicode61 tokenizer sees exactly one token.

    ASCII letters/digits and CJK unified ideographs stay as they are; every other
    character becomes ``_<hex>_`` (``_`` is declared a token character), so "li-ion" is one
    FTS token and matches only the whole token "li-ion".
    """
    out: list[str] = []
    for ch in token:
        if ("a" <= ch <= "z") or ("0" <= ch <= "9") or ("\u4e00" <= ch <= "\u9fff"):
            out.append(ch)
        else:
            out.append(f"_{ord(ch):x}_")
    return "".join(out)


def facet_sort_key(values: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, value or "") for value in values)


def sort_facet_counts(counts: Iterable[FacetCount]) -> list[FacetCount]:
    return sorted(counts, key=lambda fc: facet_sort_key(fc.values))


def event_sort_key(event: EventFact) -> tuple[bool, str, str]:
    return (event.date is None, event.date or "", event.event_id)


def holder_ref(
    key: str, name: str, holder_type: str, is_sme: bool | None, region_code: str | None
) -> HolderRef:
    return HolderRef(
        key=key,
        name=name,
        holder_type=HolderType(holder_type),
        is_sme=None if is_sme is None else bool(is_sme),
        region_code=region_code,
    )


def node_id(label: str, key: str) -> str:
    return f"{label}:{key}"


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship seen while expanding a node: ``source -[rel_type]-> target``."""

    source: str
    target: str
    rel_type: str
    neighbour: NodeView


MAX_FACETS = 6  # facets one facet-count request may group by (both stores)


def check_facet_request(facets: Sequence[Facet]) -> None:
    from graph.errors import InvalidQueryError

    if len(facets) > MAX_FACETS:
        raise InvalidQueryError(f"at most {MAX_FACETS} facets, got {len(facets)} (分面过多)")


def check_subgraph_request(label: str, depth: int, limit: int) -> None:
    from graph.errors import InvalidQueryError
    from graph.schema import Label
    from graph.store import MAX_SUBGRAPH_DEPTH, MAX_SUBGRAPH_NODES

    if label not in {member.value for member in Label}:
        raise InvalidQueryError(f"unknown node label {label!r} (未知节点类型)")
    if not 0 <= depth <= MAX_SUBGRAPH_DEPTH:
        raise InvalidQueryError(f"depth must be 0..{MAX_SUBGRAPH_DEPTH}, got {depth}")
    if not 1 <= limit <= MAX_SUBGRAPH_NODES:
        raise InvalidQueryError(f"limit must be 1..{MAX_SUBGRAPH_NODES}, got {limit}")


def bounded_subgraph(
    start: NodeView, depth: int, limit: int, expand: Callable[[list[str]], list[Hop]]
) -> Subgraph:
    """Breadth-first subgraph (有界子图), identical in both stores.

    Level by level, the nodes first reached at that level are ordered by id and kept while
    there is room (at most ``limit`` nodes including the start); only kept nodes are
    expanded further and a node dropped once is never added later. ``truncated`` says some
    node was dropped. Edges are the relationships from an expanded node to a kept node,
    sorted by (source, target, rel_type); nodes are sorted by id.
    """
    kept: dict[str, NodeView] = {start.id: start}
    dropped: set[str] = set()
    edges: set[tuple[str, str, str]] = set()
    frontier = [start.id]
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        hops = expand(frontier)
        fresh = {h.neighbour.id: h.neighbour for h in hops if h.neighbour.id not in kept}
        fresh_ids = sorted(set(fresh) - dropped)
        room = max(limit - len(kept), 0)
        taken, rest = fresh_ids[:room], fresh_ids[room:]
        truncated = truncated or bool(rest)
        dropped.update(rest)
        kept.update((node, fresh[node]) for node in taken)
        edges.update((h.source, h.target, h.rel_type) for h in hops if h.neighbour.id in kept)
        frontier = taken
    return Subgraph(
        nodes=tuple(kept[node] for node in sorted(kept)),
        edges=tuple(EdgeView(source=s, target=t, rel_type=r) for s, t, r in sorted(edges)),
        truncated=truncated,
    )


def classified_codes(patent: PatentRecord) -> list[tuple[str, bool]]:
    """(IPC code, is main) for CLASSIFIED_AS: the patent's codes plus its main code, unique."""
    codes = list(dict.fromkeys([*patent.ipc_codes, *([patent.ipc_main] if patent.ipc_main else [])]))
    return [(code, code == patent.ipc_main) for code in codes if code]


def demand_match_sort_key(match: DemandMatchView) -> tuple[str, int, str]:
    return (match.kind.value, match.rank, match.target)

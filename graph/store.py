"""`GraphStore`: the semantic contract both stores implement.

Navigation analyses are written once against this protocol. Every method returns plain
models (``graph.models``) in a deterministic order, so the contract suite can compare the
two stores answer for answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from graph.demand_records import DemandMatchRecord, DemandMatchView, DemandRecord, DemandStatus
from graph.models import (
    ChainNodeRecord,
    DataCutoff,
    EventFact,
    EventFilter,
    Facet,
    FacetCount,
    HolderName,
    HolderRef,
    HolderView,
    PatentBatch,
    PatentFact,
    PatentFilter,
    PatentText,
    ReferenceBatch,
    SearchHit,
    StoreStats,
    Subgraph,
    TermMatch,
)

MAX_SUBGRAPH_DEPTH = 3
MAX_SUBGRAPH_NODES = 500
MAX_TERM_MATCHES = 5000
MAX_SEARCH_HITS = 20000  # full-text search: hits ranked and counted per query


@runtime_checkable
class GraphStore(Protocol):
    """Implemented by ``EmbeddedStore`` and ``Neo4jStore``.

    The semantics both share (idempotent upserts, replaced outgoing link sets, aliases union,
    links to missing nodes skipped, unknown IPC codes, SEI main-group matching, whole-token
    case-insensitive term matching, facet and event orderings) are written down once in
    ``graph.stores.common``; the contract suite (tests/contract) checks them on both stores.
    """

    name: str  # "embedded" or "neo4j"

    # -- lifecycle and schema
    def ensure_schema(self) -> None:
        """Create constraints/indexes (or tables); idempotent."""

    def close(self) -> None: ...

    def clear(self) -> None:
        """Delete every node and relationship (tests and `patentnav reset` only)."""

    # -- writes: idempotent batched upserts keyed on natural keys
    def upsert_reference(self, batch: ReferenceBatch) -> None: ...

    def upsert_patents(self, batch: PatentBatch) -> None: ...

    def first_load(self) -> AbstractContextManager[bool]:
        """Brackets an ingest run: True inside when the store held no patent and may defer index
        and count upkeep to the block's end (complete when it exits); False: nothing changes."""

    # -- reads
    def stats(self) -> StoreStats: ...

    def data_cutoff(self) -> DataCutoff:
        """Latest application, publication and grant dates over all patents (None when absent)."""

    def get_patent(self, pub_no: str) -> PatentFact | None: ...

    def get_holder(self, key: str) -> HolderView | None: ...

    def existing_pub_nos(self, pub_nos: Sequence[str]) -> set[str]:
        """Which of these publication numbers are already in the graph (duplicate detection)."""

    def patent_facts(self, flt: PatentFilter, limit: int | None = None) -> Iterator[PatentFact]:
        """Patents matching the filter, ordered by pub_no."""

    def matching_pub_nos(self, flt: PatentFilter, limit: int | None = None) -> list[str]:
        """The publication numbers ``patent_facts`` would yield, without hydrating the facts."""

    def facet_counts(self, facets: Sequence[Facet], flt: PatentFilter) -> list[FacetCount]:
        """Distinct-patent counts grouped by the facets, ordered by the facet values.

        A patent with several chain nodes (or holder types) counts once in each group.
        Groups whose value is unknown carry ``None``.
        """

    def match_terms(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_TERM_MATCHES
    ) -> list[TermMatch]:
        """Patents whose segmented text or technologies contain any of the terms.

        Ordered by number of matched terms (desc) then pub_no; at most ``limit`` rows.
        """

    def term_document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many patents contain each term (for IDF weighting); also returns ``"*"``: total."""

    def patent_texts(self, flt: PatentFilter) -> Iterator[PatentText]:
        """Title, abstract and the types of applicants and current holders, ordered by pub_no."""

    def events(self, flt: EventFilter) -> list[EventFact]:
        """Legal events ordered by (date, event_id)."""

    def chain_nodes(self, chain: str | None = None) -> list[ChainNodeRecord]:
        """Chain definitions as loaded, ordered by key."""

    def neighbourhood(self, label: str, key: str, depth: int = 1, limit: int = 100) -> Subgraph:
        """Bounded subgraph around one node (depth <= MAX_SUBGRAPH_DEPTH)."""

    # -- holder lookup and full-text search (权利人查询与全文检索)
    def holders_named(self, key: str, name: str) -> list[HolderView]:
        """Holders whose key is ``key`` or whose name is ``name``, ordered by key; only when there
        is none, the holders with ``name`` among their recorded spellings (aliases)."""

    def holder_names(self) -> list[HolderName]:
        """Every holder's key, name and aliases, ordered by key."""

    def holder_refs(self, keys: Sequence[str]) -> list[HolderRef]:
        """The holders with these keys (unknown keys skipped), ordered by key."""

    def search_patents(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_SEARCH_HITS
    ) -> list[SearchHit]:
        """Patents whose search tokens (title, abstract, claims) or technologies hold any of the
        terms, under the filter, with their title and application date; ``match_terms`` order,
        at most ``limit``."""

    # -- the SME technology-demand registry (需求库)
    def upsert_demand(self, demand: DemandRecord) -> None:
        """Create or replace a demand and its SEEKS / TARGETS / LOCATED_IN links (matches kept)."""

    def get_demand(self, demand_id: str) -> DemandRecord | None: ...

    def demands(self, status: DemandStatus | None = None) -> list[DemandRecord]:
        """Demands (of one status), ordered by (created, demand_id)."""

    def record_demand_matches(
        self, demand_id: str, run_id: str, seen_at: str, matches: Sequence[DemandMatchRecord]
    ) -> None:
        """Record one matching: a new candidate gets ``first_run``/``first_seen``, a known one
        keeps them; score, rank, holder and ``last_run``/``last_seen`` are this matching's;
        ``run_id`` joins the demand's ``match_runs`` once. Missing patents or holders are skipped."""

    def demand_matches(self, demand_id: str) -> list[DemandMatchView]:
        """Every candidate recorded for the demand, ordered by (kind, rank, target)."""

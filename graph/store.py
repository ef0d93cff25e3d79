"""`GraphStore`: the semantic contract both stores implement.

Navigation analyses are written once against this protocol. Every method returns plain
models (``graph.models``) in a deterministic order, so the contract suite can compare the
two stores answer for answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from graph.models import (
    ChainNodeRecord,
    DataCutoff,
    EventFact,
    EventFilter,
    Facet,
    FacetCount,
    HolderView,
    PatentBatch,
    PatentFact,
    PatentFilter,
    PatentText,
    ReferenceBatch,
    StoreStats,
    Subgraph,
    TermMatch,
)

MAX_SUBGRAPH_DEPTH = 3
MAX_SUBGRAPH_NODES = 500
MAX_TERM_MATCHES = 5000


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

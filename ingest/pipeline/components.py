"""The pluggable parts of an ingest run: row mapping, NLP enrichment, reference data.

The defaults adapt ``ingest.columns`` / ``ingest.mapping`` (validate + normalise),
``nlp`` (tokens, technologies, keywords, chain mapping) and ``ingest.reference``; they are
imported when a run starts, never at import time. Tests may pass their own components.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from graph.errors import PatentnavError, RowRejected
from graph.models import (
    ChainNodeRecord,
    HolderRecord,
    InventorRecord,
    LegalEventRecord,
    PatentChainLink,
    PatentRecord,
    PatentTechnologyLink,
    Provenance,
    ReferenceBatch,
    TechnologyRecord,
)
from ingest.readers import RowDefect

if TYPE_CHECKING:
    from ingest.columns import ColumnMap
    from nlp.pipeline import PatentNlp

logger = logging.getLogger(__name__)
C = TypeVar("C")


class MappedPatent(Protocol):
    """What validation and normalisation make of one row (``ingest.mapping.MappedRow``)."""

    @property
    def patent(self) -> PatentRecord: ...

    @property
    def holders(self) -> Sequence[HolderRecord]: ...

    @property
    def inventors(self) -> Sequence[InventorRecord]: ...

    @property
    def events(self) -> Sequence[LegalEventRecord]: ...


class RowMapper(Protocol[C]):
    """Validation and normalisation; ``C`` is its column map (``ingest.columns.ColumnMap``)."""

    def is_header(self, headers: Sequence[str]) -> bool:
        """Whether these cells are the export's header row (the required columns resolve)."""

    def resolve(self, headers: Sequence[str], source: str) -> C:
        """The column map for a file; raises a ``PatentnavError`` naming the missing fields."""

    def map(self, raw: Mapping[str, object], columns: C, provenance: Provenance) -> MappedPatent | RowDefect:
        """One validated, normalised row, or why it is rejected."""


@dataclass(slots=True)
class Enrichment:
    patents: list[PatentRecord]  # with tokens and keywords filled in
    technologies: list[TechnologyRecord] = field(default_factory=list)
    technology_links: list[PatentTechnologyLink] = field(default_factory=list)
    chain_links: list[PatentChainLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # texts cut for NLP, for the file's report


class Enricher(Protocol):
    def enrich(self, patents: Sequence[PatentRecord]) -> Enrichment: ...


@dataclass(slots=True)
class IngestComponents:
    mapper: RowMapper[Any]
    reference: Callable[[], ReferenceBatch] | None = None  # None: reference data not loaded
    reference_version: Callable[[], str] | None = None  # None: fingerprint the loaded batch
    enricher: Callable[[ReferenceBatch | None], Enricher] | None = None  # None: records as mapped


# --------------------------------------------------------------------------- defaults


class StandardRowMapper:
    """``ingest.columns.resolve_columns`` + ``ingest.mapping.map_row`` with one NormaliseContext."""

    def __init__(self, data_dir: Path | None, sme_registry: Path | None) -> None:
        from ingest.columns import resolve_columns
        from ingest.mapping import NormaliseContext, map_row

        self._resolve_columns = resolve_columns
        self._map_row = map_row
        self._context = NormaliseContext.load(data_dir=data_dir, sme_registry=sme_registry)

    def is_header(self, headers: Sequence[str]) -> bool:
        try:
            self._resolve_columns(headers, "<header probe>")
        except PatentnavError:
            return False
        return True

    def resolve(self, headers: Sequence[str], source: str) -> ColumnMap:
        return self._resolve_columns(headers, source)

    def map(
        self, raw: Mapping[str, object], columns: ColumnMap, provenance: Provenance
    ) -> MappedPatent | RowDefect:
        try:
            mapped: MappedPatent = self._map_row(raw, columns, self._context, provenance)
        except RowRejected as exc:
            return RowDefect(exc.field, exc.reason)
        return mapped


class NlpEnricher:
    """Chain-node mapping (产业链挂接, rule-based: IPC + node keywords) for every batch, and with
    ``analyse`` the spaCy analysis: search tokens, keywords, technologies (技术术语)."""

    def __init__(
        self,
        chain_nodes: Sequence[ChainNodeRecord],
        analyse: bool = True,
        max_text_chars: int = 100_000,
    ) -> None:
        from nlp.chains import ChainMatcher

        self._nlp: PatentNlp | None = None
        if analyse:
            from nlp.pipeline import load_pipeline

            self._nlp = load_pipeline()
        self._chains = ChainMatcher(chain_nodes)
        self._max_text_chars = max_text_chars

    def enrich(self, patents: Sequence[PatentRecord]) -> Enrichment:
        result = Enrichment(patents=list(patents))
        texts = [self._nlp_text(p, result.warnings) for p in patents]
        for patent, (title, abstract, _) in zip(patents, texts, strict=True):
            result.chain_links.extend(self._chain_links(patent, title, abstract))
        if self._nlp is not None:
            self._analyse(result, texts)
        return result

    def _analyse(self, result: Enrichment, texts: list[tuple[str, str, str]]) -> None:
        assert self._nlp is not None
        analyses = self._nlp.analyse_patents(texts)  # one process: the pipeline runs the workers
        names: dict[str, str] = {}  # every form goes to the store, which keeps the smallest
        enriched = []
        for patent, analysis in zip(result.patents, analyses, strict=True):
            enriched.append(
                replace(patent, tokens=" ".join(analysis.tokens), keywords=tuple(analysis.keywords))
            )
            for key, name, weight in analysis.technologies:
                names[key] = min(name, names.get(key, name))
                result.technology_links.append(
                    PatentTechnologyLink(patent.pub_no, key, weight, patent.provenance)
                )
        result.technologies = [TechnologyRecord(key=key, name=name) for key, name in names.items()]
        result.patents = enriched

    def _nlp_text(self, patent: PatentRecord, warnings: list[str]) -> tuple[str, str, str]:
        """(title, abstract, claims) cut to ``max_text_chars`` in all, for spaCy and chain mapping:
        spaCy refuses texts over its max_length (E088), keyword scans grow with the text, and the
        terms are on the first pages. The record keeps the full text."""
        parts = (patent.title, patent.abstract, patent.claims)
        total = sum(len(part) for part in parts)
        if total <= self._max_text_chars:
            return parts
        budget, cut = self._max_text_chars, []
        for part in parts:
            cut.append(part[: max(0, budget)])
            budget -= len(cut[-1])
        row = patent.provenance.row if patent.provenance else "?"
        warnings.append(
            f"第 {row} 行 {patent.pub_no}: 文本 {total} 字, 只分析前 {self._max_text_chars} 字, 全文保留 "
            f"(row {row}: text of {total} chars cut to {self._max_text_chars} for NLP; full text kept)"
        )
        return cut[0], cut[1], cut[2]

    def _chain_links(self, patent: PatentRecord, title: str, abstract: str) -> list[PatentChainLink]:
        matches = self._chains.map(title, abstract, patent.ipc_codes)
        return [
            PatentChainLink(patent.pub_no, node_key, confidence, reason, patent.provenance)
            for node_key, confidence, reason in matches
        ]


def default_components(
    *,
    data_dir: Path | None = None,
    sme_registry: Path | None = None,
    with_nlp: bool = True,
    with_reference: bool = True,
    nlp_max_text_chars: int = 100_000,
) -> IngestComponents:
    def load_reference() -> ReferenceBatch:
        from ingest.reference import load_reference_batch

        return load_reference_batch(data_dir)

    def make_enricher(reference: ReferenceBatch | None) -> Enricher:
        nodes = reference.chain_nodes if reference is not None else _load_chain_nodes(data_dir)
        return NlpEnricher(nodes, analyse=with_nlp, max_text_chars=nlp_max_text_chars)

    return IngestComponents(
        mapper=StandardRowMapper(data_dir, sme_registry),
        reference=load_reference if with_reference else None,
        reference_version=lambda: reference_files_version(data_dir),
        enricher=make_enricher,
    )


def _chains_dir(data_dir: Path | None) -> Path:
    from graph.chains import default_chains_dir

    return default_chains_dir() if data_dir is None else data_dir / "chains"


def _load_chain_nodes(data_dir: Path | None) -> list[ChainNodeRecord]:
    from graph.chains import load_chain_nodes

    chains = _chains_dir(data_dir)
    return load_chain_nodes(chains) if chains.is_dir() else []


def reference_files_version(data_dir: Path | None) -> str:
    """sha256 over the reference and chain-definition files (names and bytes): a few MB, ms."""
    from ingest.reference import reference_dir

    digest = hashlib.sha256()
    for root in (reference_dir(data_dir), _chains_dir(data_dir)):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()

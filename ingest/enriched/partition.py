"""One partition enriched (分区富化): the plain pipeline's map and enrich stages over a row range.

``enrich_partition`` is what a worker of the distributed engine runs: it maps the rows with the
same ``map_batch`` stage and enriches the accepted ones with the same ``NlpEnricher`` as
``patentnav ingest``, then writes the partition file. Dedupe and load stay with the loader,
which alone sees the store. Components are built once per worker process (cached), and the
worker reports the fingerprint of the model it used, so a cluster with mixed models is caught.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import socket
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.enriched.format import EnrichedRow, PartitionEntry, RejectedRow, write_partition
from ingest.pipeline.batches import AcceptedRow, BatchLedger, RawBatch
from ingest.pipeline.components import Enricher, Enrichment, RowMapper, default_components
from ingest.pipeline.stages import SourceRef, map_batch
from ingest.readers import RawRow


@dataclass(frozen=True, slots=True)
class EnrichConfig:
    """What the workers need to build the same components as the client (paths as strings)."""

    data_dir: str | None = None
    sme_registry: str | None = None
    analyse: bool = True  # False: chain mapping only (`--no-nlp`)
    max_text_chars: int = 100_000


@dataclass(frozen=True, slots=True)
class PartitionTask:
    source: str  # path as given: provenance and quarantine name it
    source_index: int
    partition: int
    rows: list[RawRow]
    columns: Any  # the file's column map (ingest.columns.ColumnMap)
    run_id: str
    out_dir: str
    config: EnrichConfig

    @property
    def file_name(self) -> str:
        return f"part-{self.source_index:04d}-{self.partition:06d}.jsonl.gz"


@dataclass(frozen=True, slots=True)
class PartitionResult:
    entry: PartitionEntry
    nlp_model: str  # the fingerprint of the worker's model


def enrich_partition(task: PartitionTask) -> PartitionResult:
    """Map, enrich and write one partition (on a worker)."""
    mapper, enricher = worker_components(task.config)
    source = SourceRef(task.source, task.run_id)
    lines, warnings = enrich_rows(task.rows, mapper, task.columns, enricher, source)
    digest = write_partition(Path(task.out_dir), task.file_name, lines)
    rejected = sum(1 for line in lines if isinstance(line, RejectedRow))
    entry = PartitionEntry(
        index=task.partition,
        file=task.file_name,
        first_row=task.rows[0].row,
        last_row=task.rows[-1].row,
        read=len(task.rows),
        rejected=rejected,
        sha256=digest,
        worker=socket.gethostname(),
        warnings=warnings,
    )
    return PartitionResult(entry, nlp_model_fingerprint())


def enrich_rows(
    rows: Sequence[RawRow], mapper: RowMapper[Any], columns: Any, enricher: Enricher, source: SourceRef
) -> tuple[list[EnrichedRow | RejectedRow], list[str]]:
    """The partition's lines in row order, and the enricher's warnings (texts cut for NLP)."""
    batch = RawBatch(BatchLedger(0, rows[0].row, rows[-1].row), list(rows))
    mapped = map_batch(batch, mapper, columns, source)
    enrichment = enricher.enrich([item.mapped.patent for item in mapped.accepted])
    lines: list[EnrichedRow | RejectedRow] = list(split_enrichment(mapped.accepted, enrichment))
    lines += [RejectedRow(e.row, e.field, e.reason, e.raw) for e in mapped.ledger.rejected]
    lines.sort(key=lambda line: line.row)
    return lines, list(enrichment.warnings)


def split_enrichment(accepted: Sequence[AcceptedRow], enrichment: Enrichment) -> list[EnrichedRow]:
    """A batch's enrichment cut per row (links belong to the row whose provenance they carry)."""
    tech_links: dict[tuple[str, int], list[Any]] = defaultdict(list)
    chain_links: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for link in enrichment.technology_links:
        tech_links[(link.pub_no, _row(link.provenance))].append(link)
    for chain in enrichment.chain_links:
        chain_links[(chain.pub_no, _row(chain.provenance))].append(chain)
    names = {tech.key: tech for tech in enrichment.technologies}
    out = []
    for item, patent in zip(accepted, enrichment.patents, strict=True):
        key = (item.pub_no, item.row)
        links = tuple(tech_links.get(key, ()))
        mapped = item.mapped
        out.append(
            EnrichedRow(
                row=item.row,
                patent=patent,
                holders=tuple(mapped.holders),
                inventors=tuple(mapped.inventors),
                events=tuple(mapped.events),
                technologies=tuple(names[link.technology_key] for link in links),
                technology_links=links,
                chain_links=tuple(chain_links.get(key, ())),
            )
        )
    return out


def _row(provenance: Any) -> int:
    return provenance.row if provenance is not None else -1


@lru_cache(maxsize=4)
def worker_components(config: EnrichConfig) -> tuple[RowMapper[Any], Enricher]:
    """The plain pipeline's mapper and enricher, built once per process and configuration."""
    components = default_components(
        data_dir=_path(config.data_dir),
        sme_registry=_path(config.sme_registry),
        with_nlp=config.analyse,
        with_reference=False,
        nlp_max_text_chars=config.max_text_chars,
    )
    assert components.enricher is not None
    return components.mapper, components.enricher(None)


@lru_cache(maxsize=1)
def nlp_model_fingerprint() -> str:
    """sha256 over what decides the NLP output: ``data/nlp`` (dictionaries, IDF, the trained TECH
    model), the ``nlp`` package's code and config, and the spaCy and jieba versions."""
    from nlp.resources import data_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[2] / "nlp"
    for root in (data_dir(), package):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for library in ("spacy", "jieba"):
        digest.update(f"{library}=={importlib.metadata.version(library)}".encode())
    return digest.hexdigest()


def _path(value: str | None) -> Path | None:
    return Path(value) if value is not None else None

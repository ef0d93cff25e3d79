"""The enriched-batch format (富化批次格式), version 1: what ``patentnav enrich`` writes and
``patentnav ingest --enriched`` reads, the same for both stores.

A directory holds ``manifest.json`` and one ``part-<source>-<partition>.jsonl.gz`` per
partition (a contiguous row range of one source file). Each line of a partition is one source
row in row order: ``{"kind": "patent", "row": N, "patent": {...}, "holders": [...], ...}`` (the
normalised records and that patent's NLP enrichment) or ``{"kind": "rejected", "row": N,
"field": ..., "reason": ..., "raw": {...}}``. Field names are the record models' (``graph.models``).

The manifest names every source (path as given, content key ``sha256:<hex>:<size>``, format,
encoding, warnings, and the error if reading broke part-way), every partition (file, rows,
counts, sha256 of its bytes) and the fingerprints of what made the records: the NLP model and
the reference data. A partition file is written to a temporary name and renamed, so a worker
killed mid-write leaves no partial file under the final name; its sha256 is checked on reading.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError

from graph.errors import SourceFileError
from graph.models import (
    HolderRecord,
    InventorRecord,
    LegalEventRecord,
    PatentChainLink,
    PatentRecord,
    PatentTechnologyLink,
    TechnologyRecord,
)

FORMAT = "patentnav-enriched"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class EnrichedRow:
    """One accepted row: its normalised records and the NLP enrichment of its patent (富化记录).
    ``patent`` carries tokens and keywords; ``technologies`` the names its terms were given."""

    row: int
    patent: PatentRecord
    holders: tuple[HolderRecord, ...] = ()
    inventors: tuple[InventorRecord, ...] = ()
    events: tuple[LegalEventRecord, ...] = ()
    technologies: tuple[TechnologyRecord, ...] = ()
    technology_links: tuple[PatentTechnologyLink, ...] = ()
    chain_links: tuple[PatentChainLink, ...] = ()
    kind: Literal["patent"] = "patent"


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row validation refused; it goes to the quarantine when loaded (隔离)."""

    row: int
    field: str
    reason: str
    raw: dict[str, object]
    kind: Literal["rejected"] = "rejected"


PartitionLine = Annotated[EnrichedRow | RejectedRow, Field(discriminator="kind")]
_LINE = TypeAdapter(PartitionLine)


@dataclass(slots=True)
class PartitionEntry:
    index: int
    file: str  # relative to the directory
    first_row: int
    last_row: int
    read: int
    rejected: int
    sha256: str
    worker: str = ""
    warnings: list[str] = field(default_factory=list)  # texts cut for NLP


@dataclass(slots=True)
class SourceEntry:
    path: str  # as given to `patentnav enrich`: provenance and the report name it
    key: str  # content key (ingest.checkpoint.file_key): the checkpoint of the load
    format: str
    encoding: str | None
    header_row: int | None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # reading broke part-way: the rows before the break are in
    partitions: list[PartitionEntry] = field(default_factory=list)

    @property
    def read(self) -> int:
        return sum(p.read for p in self.partitions)


@dataclass(slots=True)
class Manifest:
    run_id: str
    nlp_model: str  # fingerprint of the NLP model and code every worker used
    reference: str  # fingerprint of the reference data and chain definitions
    analysed: bool  # False: `--no-nlp` (chain mapping only)
    created: str = ""  # ISO time the manifest was written (UTC)
    engine: str = ""  # e.g. "dask 2026.8.0, 2 workers"
    sources: list[SourceEntry] = field(default_factory=list)
    format: str = FORMAT
    version: int = FORMAT_VERSION


_MANIFEST = TypeAdapter(Manifest)


PARTIAL_SUFFIX = ".partial"


def write_partition(directory: Path, name: str, lines: Iterable[EnrichedRow | RejectedRow]) -> str:
    """Write one partition atomically (temporary name, then rename); the sha256 of its bytes."""
    final = directory / name
    partial = directory / f".{name}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}"  # one per attempt: no clashes
    with partial.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        for line in lines:
            handle.write(_LINE.dump_json(line) + b"\n")
    digest = _sha256(partial)
    os.replace(partial, final)
    return digest


def remove_abandoned_partials(directory: Path) -> int:
    """Delete the temporary files of attempts whose worker died mid-write (the scheduler ran the
    partition again elsewhere); call once every partition is in. How many were removed."""
    abandoned = list(directory.glob(f".part-*{PARTIAL_SUFFIX}"))
    for path in abandoned:
        path.unlink(missing_ok=True)
    return len(abandoned)


def read_partition(directory: Path, entry: PartitionEntry) -> Iterator[EnrichedRow | RejectedRow]:
    """The lines of a partition, after checking its bytes against the manifest."""
    path = directory / entry.file
    if not path.is_file():
        raise SourceFileError(f"{path}: 富化分区文件不存在 (enriched partition missing)")
    if (actual := _sha256(path)) != entry.sha256:
        raise SourceFileError(
            f"{path}: 富化分区文件已损坏或被替换 (sha256 {actual[:12]} != manifest {entry.sha256[:12]})"
        )
    with gzip.open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                yield _LINE.validate_json(line)
            except ValidationError as exc:
                raise SourceFileError(f"{path} 第 {number} 行: 富化记录无法读取 (bad record): {exc}") from exc


def write_manifest(directory: Path, manifest: Manifest) -> Path:
    path = directory / MANIFEST
    partial = directory / f".{MANIFEST}.partial"
    partial.write_bytes(_MANIFEST.dump_json(manifest, indent=2))
    os.replace(partial, path)
    return path


def read_manifest(directory: Path) -> Manifest:
    """The manifest of an enriched directory; ``SourceFileError`` naming what is wrong."""
    path = directory / MANIFEST
    if not path.is_file():
        raise SourceFileError(f"{path}: 不是富化目录, 缺少 manifest.json (not an enriched directory)")
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SourceFileError(f"{path}: manifest 无法读取 (unreadable): {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        found = (data.get("format"), data.get("version")) if isinstance(data, dict) else None
        raise SourceFileError(
            f"{path}: 富化格式不符 (expected {FORMAT} version {FORMAT_VERSION}, found {found})"
        )
    try:
        return _MANIFEST.validate_python(data)
    except ValidationError as exc:
        raise SourceFileError(f"{path}: manifest 字段不符 (bad field): {exc}") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()

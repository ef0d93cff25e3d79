"""Reconciliation (对账): every row read is loaded, a duplicate, or rejected — per file and in total.

``read = loaded + duplicates + rejected`` must hold for each file and for the run; the CLI
exits non-zero when it does not. ``loaded`` counts only patents the store confirms after
the write (``existing_pub_nos``), so a write that silently drops rows breaks the sum.

A run that a store failure stopped (``stopped``) lists the files it did not read as
``not_read``.

Rows of a resumed file that were accounted by an earlier, interrupted run are counted from
the checkpoint (``restored`` says how many of ``read`` came from there). A file already
completed (same content hash and size) is not read again: ``status`` is ``skipped`` and
``skipped_rows`` says how many rows it had; its other counts are zero for this run.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path


class FileStatus(StrEnum):
    LOADED = "loaded"  # read to the end in this run
    RESUMED = "resumed"  # read to the end, continuing an interrupted run
    SKIPPED = "skipped"  # already completed by an earlier run (same content hash + size)
    FAILED = "failed"  # unreadable or broke part-way; rows read before the break are accounted
    DRY_RUN = "dry_run"  # validated only, nothing written
    NOT_READ = "not_read"  # not attempted: the store failed on an earlier file and the run stopped


@dataclass(slots=True)
class RowCounts:
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.loaded + self.duplicates + self.rejected

    def add(self, other: RowCounts) -> None:
        self.read += other.read
        self.loaded += other.loaded
        self.duplicates += other.duplicates
        self.rejected += other.rejected


@dataclass(slots=True)
class FileReport:
    path: str
    status: FileStatus = FileStatus.LOADED
    counts: RowCounts = field(default_factory=RowCounts)
    restored: int = 0  # rows of ``counts.read`` accounted by an earlier run's checkpoint
    skipped_rows: int = 0
    format: str | None = None
    encoding: str | None = None
    header_row: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # about the whole file (see ingest.readers)
    conflicts: list[dict[str, object]] = field(default_factory=list)  # duplicates that disagree, capped
    conflict_count: int = 0  # all of them (the first row with a pub_no wins: ingest.pipeline.batches)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        counts = data.pop("counts")
        return {**counts, **data, "status": self.status.value, "reconciled": self.counts.balanced}


@dataclass(slots=True)
class IngestReport:
    run_id: str
    dry_run: bool = False
    files: dict[str, FileReport] = field(default_factory=dict)
    quarantine: str | None = None
    checkpoint: str | None = None
    reference_loaded: bool | None = None  # None: not attempted (dry run)
    stopped: str | None = None  # the terminal store error that stopped the run
    elapsed_s: float = 0.0
    per_stage_s: dict[str, float] = field(default_factory=dict)

    @property
    def totals(self) -> RowCounts:
        total = RowCounts()
        for report in self.files.values():
            total.add(report.counts)
        return total

    @property
    def reconciled(self) -> bool:
        """Counts add up for every file and in total."""
        return self.totals.balanced and all(f.counts.balanced for f in self.files.values())

    @property
    def failed_files(self) -> list[str]:
        return [path for path, report in self.files.items() if report.status is FileStatus.FAILED]

    @property
    def ok(self) -> bool:
        return self.reconciled and not self.failed_files and self.stopped is None

    def as_dict(self) -> dict[str, object]:
        totals = self.totals
        return {
            "run_id": self.run_id,
            "dry_run": self.dry_run,
            "read": totals.read,
            "loaded": totals.loaded,
            "duplicates": totals.duplicates,
            "rejected": totals.rejected,
            "restored": sum(f.restored for f in self.files.values()),
            "skipped_rows": sum(f.skipped_rows for f in self.files.values()),
            "reconciled": self.reconciled,
            "failed_files": self.failed_files,
            "stopped": self.stopped,
            "files": {path: report.as_dict() for path, report in self.files.items()},
            "quarantine": self.quarantine,
            "checkpoint": self.checkpoint,
            "reference_loaded": self.reference_loaded,
            "elapsed_s": round(self.elapsed_s, 3),
            "per_stage_s": {stage: round(s, 3) for stage, s in self.per_stage_s.items()},
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

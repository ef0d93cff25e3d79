"""Quarantine (隔离区): every rejected row, with file, row number, field, reason and the raw row.

One JSON object per line, UTF-8, Chinese left readable. A batch's entries are written when
the batch is committed (just before its checkpoint), so a crashed run does not leave
entries for rows the resumed run reads (and quarantines) again; only a crash in the instant
between the two can repeat a batch's entries in the next run's file. The file is created on
the first entry: a clean run leaves no empty quarantine file behind.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    file: str
    row: int
    field: str
    reason: str
    raw: dict[str, object]
    run_id: str

    def as_json(self) -> str:
        payload = {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "reason": self.reason,
            "run_id": self.run_id,
            "raw": self.raw,
        }
        return json.dumps(payload, ensure_ascii=False, default=_jsonable)


def _jsonable(value: object) -> str:
    """XLSX cells can be dates or datetimes; everything else unknown becomes its text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass(slots=True)
class QuarantineWriter:
    """Appends entries to ``path``, creating it (and its folder) on the first entry."""

    path: Path | None  # None: count only (a dry run without --quarantine)
    written: int = 0
    _handle: IO[str] | None = None

    def write(self, entries: Sequence[QuarantineEntry]) -> None:
        """Called once per committed batch, just before its checkpoint commit."""
        if not entries:
            return
        if self.path is not None:
            handle = self._open()
            handle.writelines(entry.as_json() + "\n" for entry in entries)
            handle.flush()
        self.written += len(entries)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _open(self) -> IO[str]:
        if self._handle is None:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
            logger.info("quarantining rejected rows to %s", self.path)
        return self._handle


def read_quarantine(path: Path) -> list[dict[str, object]]:
    """The entries of a quarantine file (tests and `patentnav` reports)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]

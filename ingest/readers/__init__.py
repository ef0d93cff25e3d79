"""Readers for patent exports (专利数据导出文件): CSV, XLSX and JSONL, streamed.

Each reader yields ``RawRow(row, raw, defect)`` where ``row`` is the number an analyst sees
when opening the file:

* CSV and XLSX: the spreadsheet row, counting the header row (the first data row under a
  header on row 1 is row 2). For CSV it is the record number, so a quoted cell spanning
  several physical lines still counts as one row, as in Excel.
* JSONL: the physical line number (1-based; there is no header).

Blank rows and lines are skipped and are not counted as rows read. A row the reader cannot
turn into a mapping (bad JSON, more CSV values than columns) is yielded with a ``defect``
(pseudo-field ``_json`` / ``_csv`` / ``_xlsx`` and a reason) so the pipeline quarantines it.
A file that cannot be read at all, or breaks part-way (truncated XLSX, undecodable bytes),
raises ``graph.errors.SourceFileError`` naming the file.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceFileError
from ingest.readers.base import (
    HeaderProbe,
    RawRow,
    RowDefect,
    SourceFormat,
    SourceTable,
)
from ingest.readers.text import detect_encoding, open_csv, open_jsonl

__all__ = [
    "HeaderProbe",
    "RawRow",
    "RowDefect",
    "SourceFormat",
    "SourceTable",
    "detect_encoding",
    "detect_format",
    "open_source",
]

SUFFIX_FORMATS = {
    ".csv": SourceFormat.CSV,
    ".txt": SourceFormat.CSV,
    ".tsv": SourceFormat.CSV,
    ".xlsx": SourceFormat.XLSX,
    ".xlsm": SourceFormat.XLSX,
    ".jsonl": SourceFormat.JSONL,
    ".ndjson": SourceFormat.JSONL,
}


def detect_format(path: Path, override: str | None = None) -> SourceFormat:
    """The file's format from ``--format`` or else its suffix."""
    if override:
        try:
            return SourceFormat(override.lower())
        except ValueError as exc:
            raise SourceFileError(f"{path}: unknown format {override!r} (csv, xlsx or jsonl)") from exc
    try:
        return SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError as exc:
        raise SourceFileError(
            f"{path}: cannot tell the format from the suffix; pass --format csv|xlsx|jsonl"
        ) from exc


def open_source(path: Path, fmt: str | None = None, header_probe: HeaderProbe | None = None) -> SourceTable:
    """Open an export for streaming; ``header_probe(headers)`` says whether a row is the header."""
    if not path.is_file():
        raise SourceFileError(f"{path}: no such file")
    source_format = detect_format(path, fmt)
    if source_format is SourceFormat.CSV:
        return open_csv(path, header_probe)
    if source_format is SourceFormat.XLSX:
        from ingest.readers.xlsx import open_xlsx  # openpyxl is only imported when needed

        return open_xlsx(path, header_probe)
    return open_jsonl(path)

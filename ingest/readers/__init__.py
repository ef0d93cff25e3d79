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
Rows are independent: an undecodable CSV/JSONL line or a broken CSV record (a quote left
open) is one defect row, and reading goes on (``csv_records``). A file that cannot be read at
all (zip bomb, binary, UTF-16, no header), or a workbook that breaks part-way, raises
``graph.errors.SourceFileError`` naming the file. Warnings about the whole file (preamble
skipped, duplicate columns, a workbook named .csv, lines in a second encoding) are collected
in ``SourceTable.warnings``; limits come from ``graph.settings`` (``ReaderLimits``).
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceFileError
from graph.settings import get_settings
from ingest.readers.base import (
    FileWarnings,
    HeaderProbe,
    RawRow,
    ReaderLimits,
    RowDefect,
    SourceFormat,
    SourceTable,
)
from ingest.readers.text import detect_encoding, open_csv, open_jsonl

__all__ = [
    "FileWarnings",
    "HeaderProbe",
    "RawRow",
    "ReaderLimits",
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


ZIP_MAGIC = b"PK\x03\x04"


def detect_format(path: Path, override: str | None = None) -> SourceFormat:
    """The file's format from ``--format``, else its content when it is a workbook, else its suffix.

    A workbook saved as ``.csv`` (common when an export is renamed) is read as XLSX; a file
    named ``.xlsx`` that is not a zip archive is refused with what it looks like.
    """
    with path.open("rb") as fh:
        is_zip = fh.read(4) == ZIP_MAGIC
    if override:
        try:
            return SourceFormat(override.lower())
        except ValueError as exc:
            raise SourceFileError(f"{path}: unknown format {override!r} (csv, xlsx or jsonl)") from exc
    if is_zip:
        return SourceFormat.XLSX
    try:
        by_suffix = SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError as exc:
        raise SourceFileError(
            f"{path}: cannot tell the format from the suffix; pass --format csv|xlsx|jsonl"
        ) from exc
    if by_suffix is SourceFormat.XLSX:
        raise SourceFileError(
            f"{path}: 扩展名是 {path.suffix} 但内容不是 XLSX 工作簿 (not a zip workbook; a CSV renamed? "
            "pass --format csv)"
        )
    return by_suffix


def open_source(
    path: Path,
    fmt: str | None = None,
    header_probe: HeaderProbe | None = None,
    limits: ReaderLimits | None = None,
) -> SourceTable:
    """Open an export for streaming; ``header_probe(headers)`` says whether a row is the header."""
    if not path.is_file():
        raise SourceFileError(f"{path}: no such file")
    limits = limits or ReaderLimits.from_settings(get_settings())
    source_format = detect_format(path, fmt)
    if source_format is SourceFormat.CSV:
        return open_csv(path, header_probe, limits)
    if source_format is SourceFormat.XLSX:
        from ingest.readers.xlsx import open_xlsx  # openpyxl is only imported when needed

        table = open_xlsx(path, header_probe, limits)
        if path.suffix.lower() not in {".xlsx", ".xlsm"} and not fmt:
            table.warnings.add(
                f"扩展名是 {path.suffix} 但内容是 XLSX 工作簿, 按 XLSX 读取 "
                f"(named {path.suffix} but the content is an XLSX workbook; read as XLSX)"
            )
        return table
    return open_jsonl(path)

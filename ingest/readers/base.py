"""What every reader yields, the limits they obey, and the header handling they share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from graph.errors import SourceFileError
from graph.settings import Settings

HeaderProbe = Callable[[Sequence[str]], bool]
MAX_FILE_WARNINGS = 50  # a file's warning list is capped; the last entry says how many were left out


class SourceFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


class RowDefect(NamedTuple):
    """Why the reader could not turn a row into a mapping; ``field`` is a pseudo-field (``_json``)."""

    field: str
    reason: str


class RawRow(NamedTuple):
    row: int  # as an analyst sees it in the file (see the package docstring)
    raw: dict[str, object]
    defect: RowDefect | None = None


class Record(NamedTuple):
    """One record as split by a reader: its row number, its values, or why it is unusable."""

    number: int
    values: list[object]
    defect: RowDefect | None = None


@dataclass(frozen=True, slots=True)
class ReaderLimits:
    """The readers' limits (读取限制), from ``graph.settings`` (one definition of each default)."""

    header_search_rows: int
    max_cell_chars: int
    max_record_lines: int
    xlsx_max_uncompressed_bytes: int
    xlsx_max_ratio: float

    @classmethod
    def from_settings(cls, settings: Settings) -> ReaderLimits:
        return cls(
            header_search_rows=settings.ingest_header_search_rows,
            max_cell_chars=settings.ingest_max_cell_chars,
            max_record_lines=settings.ingest_max_record_lines,
            xlsx_max_uncompressed_bytes=settings.xlsx_max_uncompressed_bytes,
            xlsx_max_ratio=settings.xlsx_max_ratio,
        )


@dataclass(slots=True)
class FileWarnings:
    """Warnings about a whole file (preamble skipped, duplicate columns, mixed encodings), capped."""

    items: list[str] = field(default_factory=list)
    left_out: int = 0

    def add(self, message: str) -> None:
        if len(self.items) < MAX_FILE_WARNINGS:
            self.items.append(message)
        else:
            self.left_out += 1

    def as_list(self) -> list[str]:
        more = [f"另有 {self.left_out} 条警告未列出 ({self.left_out} more warnings)"] if self.left_out else []
        return [*self.items, *more]


@dataclass(slots=True)
class SourceTable:
    """An opened export: its header and a one-pass stream of data rows. Close it (or use ``with``)."""

    path: Path
    format: SourceFormat
    headers: list[str]
    header_row: int  # 0 for JSONL
    rows: Iterator[RawRow]
    encoding: str | None = None
    stack: ExitStack = field(default_factory=ExitStack, repr=False)
    warnings: FileWarnings = field(default_factory=FileWarnings)  # grows while rows are read

    def close(self) -> None:
        self.stack.close()

    def __enter__(self) -> SourceTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_header(
    records: Iterator[Record],
    path: Path,
    header_probe: HeaderProbe | None,
    limits: ReaderLimits,
    warnings: FileWarnings,
) -> tuple[int, list[str]]:
    """The first row the probe accepts among the first ``header_search_rows`` rows, else the
    first non-blank row; rows skipped above the header and repeated column names are warned.

    Falling back to the first non-blank row lets column resolution raise its own error,
    which names the missing fields.
    """
    first: tuple[int, list[str]] | None = None
    found: tuple[int, list[str]] | None = None
    skipped = 0
    for number, values, defect in records:
        cells = ["" if value is None else str(value) for value in values]
        if defect is None and not any(cell.strip() for cell in cells):
            continue
        if defect is None and first is None:
            first = (number, cells)
        if defect is None and (header_probe is None or header_probe(unique_headers(cells))):
            found = (number, cells)
            break
        skipped += 1
        if number >= limits.header_search_rows:
            break
    if found is None:
        if first is None:
            raise SourceFileError(f"{path}: 文件没有表头行 (the file has no header row: empty file?)")
        found, skipped = first, 0
    if skipped:
        warnings.add(
            f"表头在第 {found[0]} 行, 跳过其上方 {skipped} 行 "
            f"(header found on row {found[0]}; {skipped} preamble rows above it skipped)"
        )
    headers = unique_headers(found[1])
    for message in duplicate_header_warnings(found[1]):
        warnings.add(message)
    return found[0], headers


def _clean_header(value: str) -> str:
    return value.strip().lstrip("\ufeff").strip()


def unique_headers(values: Sequence[str]) -> list[str]:
    """Trimmed header names; a repeated name gets ``.1``, ``.2`` so no column is silently dropped."""
    seen: dict[str, int] = {}
    headers = []
    for value in values:
        name = _clean_header(value)
        count = seen.get(name, 0)
        seen[name] = count + 1
        headers.append(f"{name}.{count}" if count else name)
    return headers


def duplicate_header_warnings(values: Sequence[str]) -> list[str]:
    """One warning per repeated non-empty column name: the first column is read, the others not."""
    first_column: dict[str, int] = {}
    messages = []
    for column, value in enumerate(values, start=1):
        name = _clean_header(value)
        if not name:
            continue
        if name not in first_column:
            first_column[name] = column
            continue
        messages.append(
            f"列名 {name!r} 重复: 读取第 {first_column[name]} 列, 忽略第 {column} 列 "
            f"(duplicate header {name!r}: column {first_column[name]} is read, column {column} ignored)"
        )
    return messages


def rows_from_records(records: Iterator[Record], headers: list[str], pseudo_field: str) -> Iterator[RawRow]:
    """Zip each record with the header; extra non-empty values make the row a defect."""
    width = len(headers)
    for number, values, defect in records:
        if defect is not None:
            yield RawRow(number, {"_line": values[0] if values else ""}, defect)
            continue
        if all(value is None or value == "" for value in values):
            continue
        raw: dict[str, object] = dict(zip(headers, values, strict=False))
        extra = [value for value in values[width:] if value is not None and value != ""]
        if extra:
            raw["_extra"] = extra
            reason = f"{len(values)} values for {width} columns (unquoted separator?)"
            yield RawRow(number, raw, RowDefect(pseudo_field, reason))
            continue
        yield RawRow(number, raw)

"""What every reader yields, and the header handling they share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from graph.errors import SourceFileError

HEADER_PROBE_ROWS = 20  # preamble rows (export title, search strategy) tolerated above the header

HeaderProbe = Callable[[Sequence[str]], bool]


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

    def close(self) -> None:
        self.stack.close()

    def __enter__(self) -> SourceTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_header(
    records: Iterator[tuple[int, list[object]]], path: Path, header_probe: HeaderProbe | None
) -> tuple[int, list[str]]:
    """The first row the probe accepts among the first rows, else the first non-blank row.

    Falling back to the first non-blank row lets column resolution raise its own error,
    which names the missing fields.
    """
    first: tuple[int, list[str]] | None = None
    for number, values in records:
        cells = ["" if value is None else str(value) for value in values]
        if not any(cell.strip() for cell in cells):
            continue
        if first is None:
            first = (number, cells)
        if header_probe is None or header_probe(unique_headers(cells)):
            return number, unique_headers(cells)
        if number >= HEADER_PROBE_ROWS:
            break
    if first is None:
        raise SourceFileError(f"{path}: the file has no header row (empty file?)")
    return first[0], unique_headers(first[1])


def unique_headers(values: Sequence[str]) -> list[str]:
    """Trimmed header names; a repeated name gets ``.1``, ``.2`` so no column is silently dropped."""
    seen: dict[str, int] = {}
    headers = []
    for value in values:
        name = value.strip().lstrip("\ufeff").strip()
        count = seen.get(name, 0)
        seen[name] = count + 1
        headers.append(f"{name}.{count}" if count else name)
    return headers


def rows_from_records(
    records: Iterator[tuple[int, list[object]]], headers: list[str], pseudo_field: str
) -> Iterator[RawRow]:
    """Zip each record with the header; extra non-empty values make the row a defect."""
    width = len(headers)
    for number, values in records:
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

"""CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and JSONL readers, streamed line by line."""

from __future__ import annotations

import codecs
import csv
import json
import logging
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from graph.errors import SourceFileError
from ingest.readers.base import (
    HeaderProbe,
    RawRow,
    RowDefect,
    SourceFormat,
    SourceTable,
    find_header,
    rows_from_records,
)

logger = logging.getLogger(__name__)

SAMPLE_BYTES = 256 * 1024
GB_FAMILY = frozenset({"gbk", "gb2312", "gb18030", "cp936", "hz"})
CSV_FIELD_LIMIT = 16 * 1024 * 1024  # claims can exceed the csv module's 128 KiB default


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or a GB encoding, judged on a sample of whole lines.

    The sample is taken where the first non-ASCII bytes are, so a GBK file whose first rows
    happen to be ASCII is still detected. A sample that decodes as strict UTF-8 is UTF-8
    (long Chinese GB text practically never does); otherwise charset-normalizer decides, and
    GB answers become ``gb18030``: the superset of gb2312/gbk, so characters outside gbk
    (rare characters in names) still decode.
    """
    sample = _non_ascii_sample(path)
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        # final=False: a multi-byte character cut at the sample's end is not an error
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = from_bytes(sample).best()
    if best is None:
        raise SourceFileError(f"{path}: cannot detect the text encoding (neither UTF-8 nor GB18030?)")
    name = best.encoding.replace("_", "").lower()
    if name in GB_FAMILY:
        return "gb18030"
    if name in {"utf8", "ascii"}:
        return "utf-8"
    logger.warning("%s: detected encoding %s (expected UTF-8 or GB18030)", path, best.encoding)
    return best.encoding


def _non_ascii_sample(path: Path) -> bytes:
    """Whole lines around the first non-ASCII bytes (a cut multi-byte character confuses detectors)."""
    with path.open("rb") as fh:
        chunk = fh.read(SAMPLE_BYTES)
        full = len(chunk) < SAMPLE_BYTES
        while chunk.isascii() and not full:
            chunk = fh.read(SAMPLE_BYTES)
            full = len(chunk) < SAMPLE_BYTES
        if chunk.isascii():
            return chunk
        if chunk.startswith(b"\xef\xbb\xbf"):
            return chunk
        start = next(i for i, byte in enumerate(chunk) if byte >= 0x80)
        begin = chunk.rfind(b"\n", 0, start) + 1
        end = chunk.rfind(b"\n", start) if not full else len(chunk)
        return chunk[begin : end if end > start else len(chunk)]


def open_csv(path: Path, header_probe: HeaderProbe | None) -> SourceTable:
    encoding = detect_encoding(path)
    stack = ExitStack()
    try:
        handle = stack.enter_context(path.open("r", encoding=encoding, newline=""))
        records = _csv_records(handle, path, encoding)
        header_row, headers = find_header(records, path, header_probe)
    except BaseException:
        stack.close()
        raise
    rows = rows_from_records(records, headers, "_csv")
    return SourceTable(path, SourceFormat.CSV, headers, header_row, rows, encoding, stack)


def _csv_dialect(handle: TextIO, path: Path, encoding: str) -> type[csv.Dialect]:
    """Comma unless the first line has more tabs than commas (tab-separated .txt exports)."""
    try:
        first_line = handle.readline()
    except UnicodeDecodeError as exc:
        raise SourceFileError(f"{path}: the first line does not decode as {encoding}: {exc}") from exc
    handle.seek(0)
    return csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel


def _csv_records(handle: TextIO, path: Path, encoding: str) -> Iterator[tuple[int, list[object]]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(handle, _csv_dialect(handle, path, encoding))
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as exc:
            raise SourceFileError(f"{path}: unreadable after row {number} ({encoding}): {exc}") from exc
        number += 1
        yield number, list(values)


def open_jsonl(path: Path) -> SourceTable:
    """JSON Lines, UTF-8; the header is the key set of the first valid object."""
    stack = ExitStack()
    handle = stack.enter_context(path.open("r", encoding="utf-8-sig"))
    try:
        headers = _jsonl_headers(path)
    except BaseException:
        stack.close()
        raise
    return SourceTable(path, SourceFormat.JSONL, headers, 0, _jsonl_rows(handle, path), "utf-8", stack)


def _jsonl_headers(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                return [str(key) for key in value]
    return []


def _jsonl_rows(handle: TextIO, path: Path) -> Iterator[RawRow]:
    number = 0
    while True:
        try:
            line = handle.readline()
        except UnicodeDecodeError as exc:
            raise SourceFileError(f"{path}: not UTF-8 after line {number}: {exc}") from exc
        if not line:
            return
        number += 1
        if not line.strip():
            continue
        text = line.rstrip("\r\n")
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RawRow(number, {"_line": text}, RowDefect("_json", f"invalid JSON: {exc}"))
            continue
        if not isinstance(value, dict):
            reason = f"a JSON {type(value).__name__}, not an object"
            yield RawRow(number, {"_line": text}, RowDefect("_json", reason))
            continue
        yield RawRow(number, value)

"""CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and JSONL readers, streamed line by line."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from graph.errors import SourceFileError
from ingest.readers.base import (
    FileWarnings,
    HeaderProbe,
    RawRow,
    ReaderLimits,
    RowDefect,
    SourceFormat,
    SourceTable,
    find_header,
    rows_from_records,
)
from ingest.readers.csv_records import PhysicalLines, csv_records

SAMPLE_BYTES = 256 * 1024


def detect_encoding(path: Path) -> str:
    """The file's main encoding: UTF-8 (with or without BOM) or GB18030, by vote of whole lines.

    The sample is taken where the first non-ASCII bytes are, so a GBK file whose first rows
    happen to be ASCII is still detected. A line that decodes as strict UTF-8 is UTF-8 (long
    Chinese GB text practically never does); the encoding most non-ASCII lines decode in
    wins, and the reader decodes each line on its own (``csv_records``), so a file mixing
    both keeps all its rows. GB answers are ``gb18030``: the superset of gb2312/gbk.
    """
    sample = _non_ascii_sample(path)
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceFileError(f"{path}: UTF-16 编码, 请另存为 UTF-8 (UTF-16 text; save it as UTF-8 CSV)")
    if b"\x00" in sample:
        raise SourceFileError(f"{path}: 不是文本文件 (binary content, NUL bytes: not a CSV/TXT export)")
    votes = {"utf-8": 0, "gb18030": 0, None: 0}
    for line in sample.splitlines():
        if not line.isascii():
            votes[_line_encoding(line)] += 1
    if votes["utf-8"] == votes["gb18030"] == 0:
        if votes[None]:
            raise SourceFileError(
                f"{path}: 无法识别文本编码 (cannot detect the text encoding: neither UTF-8 nor GB18030)"
            )
        return "utf-8"
    if votes["gb18030"] > votes["utf-8"]:
        return "gb18030"
    return "utf-8"


def _line_encoding(line: bytes) -> str | None:
    try:
        # final=False: a multi-byte character cut at the sample's end is not an error
        codecs.getincrementaldecoder("utf-8")().decode(line, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        line.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "gb18030"


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
        if chunk.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            return chunk
        start = next(i for i, byte in enumerate(chunk) if byte >= 0x80)
        begin = chunk.rfind(b"\n", 0, start) + 1
        end = chunk.rfind(b"\n", start) if not full else len(chunk)
        return chunk[begin : end if end > start else len(chunk)]


def open_csv(path: Path, header_probe: HeaderProbe | None, limits: ReaderLimits) -> SourceTable:
    encoding = detect_encoding(path)
    stack = ExitStack()
    warnings = FileWarnings()
    try:
        handle = stack.enter_context(path.open("rb"))
        first_line, cr_only = _first_line(handle)
        dialect = csv.excel_tab if first_line.count(b"\t") > first_line.count(b",") else csv.excel
        lines = PhysicalLines(handle, encoding, warnings, limits.max_record_lines, cr_only)
        records = csv_records(lines, dialect, limits)
        header_row, headers = find_header(records, path, header_probe, limits, warnings)
        lines.width = len(headers)
    except BaseException:
        stack.close()
        raise
    rows = rows_from_records(records, headers, "_csv")
    return SourceTable(path, SourceFormat.CSV, headers, header_row, rows, encoding, stack, warnings)


def _first_line(handle: BinaryIO) -> tuple[bytes, bool]:
    """The first line (for the separator) and whether lines end in a bare CR (old Mac exports)."""
    head = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    cr_only = b"\n" not in head and b"\r" in head
    return head.split(b"\r" if cr_only else b"\n", 1)[0], cr_only


def open_jsonl(path: Path) -> SourceTable:
    """JSON Lines, UTF-8; the header is the key set of the first valid object."""
    stack = ExitStack()
    handle = stack.enter_context(path.open("rb"))
    try:
        headers = _jsonl_headers(path)
    except BaseException:
        stack.close()
        raise
    return SourceTable(path, SourceFormat.JSONL, headers, 0, _jsonl_rows(handle), "utf-8", stack)


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


def _jsonl_rows(handle: BinaryIO) -> Iterator[RawRow]:
    """One object per line; a line that is not UTF-8 or not a JSON object is a defect, not the end."""
    for number, data in enumerate(handle, start=1):
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not data.strip():
            continue
        try:
            text = data.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            line = data.decode("utf-8", errors="replace").rstrip("\r\n")
            reason = f"第 {number} 行不是 UTF-8 (line {number} is not UTF-8: {exc.reason}, byte {exc.start})"
            yield RawRow(number, {"_line": line}, RowDefect("_encoding", reason))
            continue
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield RawRow(number, {"_line": text}, RowDefect("_json", f"invalid JSON: {exc}"))
            continue
        if not isinstance(value, dict):
            reason = f"a JSON {type(value).__name__}, not an object"
            yield RawRow(number, {"_line": text}, RowDefect("_json", reason))
            continue
        yield RawRow(number, value)

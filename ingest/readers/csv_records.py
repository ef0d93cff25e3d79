"""CSV records from physical lines (CSV 记录切分), each line decoded on its own, so one bad
line costs one row, never the rest of the file.

* Decoding: a line that is valid UTF-8 is UTF-8, otherwise GB18030 is tried (exports are
  concatenated from UTF-8 and GBK sources); a line in the file's minority encoding is kept and
  warned about; a line neither decodes is quarantined with its line number.
* Quotes: records are parsed in strict mode. A quote left open must not swallow the rows below
  it: a record that spans several lines and then breaks (end of file inside the quote, text
  after a closing quote, more than ``max_record_lines`` lines, a value count other than the
  header's) is quarantined at the line where it began, and reading re-synchronises on the
  next line, which is parsed again as the start of a record.
* Size: ``max_cell_chars`` bounds one cell (the csv module's field limit); a longer cell
  quarantines its record the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from ingest.readers.base import FileWarnings, ReaderLimits, Record, RowDefect

FALLBACK = {"utf-8": "gb18030", "utf-8-sig": "gb18030", "gb18030": "utf-8"}


class _TooManyLines(Exception):
    pass


class PhysicalLines:
    """Decoded lines of a byte stream with their numbers; lines can be pushed back for re-parsing."""

    def __init__(
        self, fh: BinaryIO, encoding: str, warnings: FileWarnings, max_lines: int, cr_only: bool = False
    ) -> None:
        self._raw = _raw_lines(fh, b"\r" if cr_only else b"\n")
        self._encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self._warnings = warnings
        self._max_lines = max_lines
        self.number = 0
        self.pushed: list[tuple[int, str]] = []  # a stack: the next line is the last item
        self.taken: list[tuple[int, str]] = []  # lines consumed by the record being parsed
        self.undecodable: dict[int, str] = {}  # line -> why, for lines read but not yet reported
        self.width: int | None = None  # the header's column count, once the header is found

    def __iter__(self) -> PhysicalLines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= self._max_lines:
            raise _TooManyLines
        if self.pushed:
            number, text = self.pushed.pop()
        else:
            data = next(self._raw)  # StopIteration at the end of the file
            self.number += 1
            number, text = self.number, self._decode(data, self.number)
        self.taken.append((number, text))
        return text

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self.pushed.extend(reversed(lines))

    def _decode(self, data: bytes, number: int) -> str:
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode(self._encoding)
        except UnicodeDecodeError as exc:
            first_error = exc
        other = FALLBACK.get(self._encoding)
        if other is not None:
            try:
                text = data.decode(other)
            except UnicodeDecodeError:
                pass
            else:
                self._warnings.add(
                    f"第 {number} 行按 {other} 解码 (文件主要是 {self._encoding}) "
                    f"(line {number} decoded as {other}; the file is mostly {self._encoding})"
                )
                return text
        self.undecodable[number] = (
            f"第 {number} 行无法解码 ({self._encoding}/{other}) "
            f"(line {number} does not decode as {self._encoding} or {other}: {first_error.reason} "
            f"at byte {first_error.start})"
        )
        # ASCII (quotes, separators) survives the replacement, so the record still splits right
        return data.decode(self._encoding, errors="replace")


def csv_records(lines: PhysicalLines, dialect: type[csv.Dialect], limits: ReaderLimits) -> Iterator[Record]:
    """Records numbered as Excel numbers rows (a quoted multi-line cell is one row)."""
    csv.field_size_limit(limits.max_cell_chars)
    reader = csv.reader(lines, dialect, strict=True)
    number = 0
    while True:
        lines.taken = []
        try:
            values: list[object] = list(next(reader))
        except StopIteration:
            if not lines.taken:
                return
            defect = _broken(lines, "文件在引号内结束 (end of file inside a quoted cell)")
        except _TooManyLines:
            why = f"一条记录超过 {limits.max_record_lines} 行 (a record spans too many lines)"
            defect = _broken(lines, why)
        except csv.Error as exc:
            defect = _broken(lines, f"CSV 格式错误 (malformed CSV: {exc})")
        else:
            spanned = len(lines.taken) > 1
            bad = [lines.undecodable.pop(n) for n, _ in lines.taken if n in lines.undecodable]
            if bad:
                defect = RowDefect("_encoding", "; ".join(bad)), lines.taken[0][1]
            elif lines.width is not None and spanned and len(values) != lines.width:
                width = lines.width
                reason = f"{len(values)} 个值, 表头 {width} 列 ({len(values)} values for {width} columns)"
                defect = _broken(lines, reason)
            else:
                number += 1
                yield Record(number, values)
                continue
        number += 1
        yield Record(number, [defect[1]], defect[0])


def _broken(lines: PhysicalLines, why: str) -> tuple[RowDefect, str]:
    """Quarantine the record's first line; the lines after it are parsed again (re-synchronise)."""
    (first, text), rest = lines.taken[0], lines.taken[1:]
    lines.undecodable.pop(first, None)
    lines.push_back(rest)
    if rest:
        why = (
            f"第 {first} 行起的引号未闭合或记录损坏, 从第 {first + 1} 行重新读取: {why} "
            f"(record starting on line {first} is broken; reading resumes on line {first + 1})"
        )
    else:
        why = f"第 {first} 行: {why} (line {first})"
    return RowDefect("_csv", why), text


def _raw_lines(fh: BinaryIO, terminator: bytes, chunk_size: int = 1024 * 1024) -> Iterator[bytes]:
    """Lines with their terminator; ``\\r`` only for old Mac exports with no ``\\n`` at all."""
    if terminator == b"\n":
        yield from fh
        return
    buffer = b""
    while chunk := fh.read(chunk_size):
        buffer += chunk
        *whole, buffer = buffer.split(terminator)
        for line in whole:
            yield line + b"\n"
    if buffer:
        yield buffer

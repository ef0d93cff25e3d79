"""The incoPat-style export format (61 columns + 合成字段) and streaming writers (CSV/JSONL/XLSX).

Columns are those of the real export in ``patentsemantix_schema_fixture/patents_10.csv``, in the
same order, plus a trailing ``合成字段`` naming (comma-separated, canonical English names) the
fields of that row the generator filled in. CSV rows end in CRLF like the real export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal

from graph.errors import PatentnavError

EXPORT_COLUMNS: tuple[str, ...] = (
    "序号",
    "申请日",
    "公开日",
    "授权公告日",
    "申请人",
    "发明人",
    "申请号",
    "公开号",
    "授权公告号",
    "专利类型",
    "专利名称",
    "授权名称",
    "申请摘要",
    "主权项",
    "申请人地址",
    "法律状态",
    "主分类号",
    "分类号",
    "国省代码",
    "专利代理人",
    "专利代理机构",
    "优先权",
    "优先权日",
    "优先权数量",
    "全文链接",
    "第一发明人",
    "第一权利人",
    "申请人类型",
    "当前发明人",
    "当前权利人",
    "当前著录项联系人通讯地址",
    "当前专利代理人",
    "当前专利代理机构",
    "变更前代理机构",
    "法律事件",
    "引证专利",
    "非专利引证",
    "引证数",
    "同族专利",
    "专利转移次数",
    "许可次数",
    "质押次数",
    "简单同族数量",
    "转让日期",
    "失效日期",
    "质押日期",
    "许可日期",
    "无效宣告日期",
    "CPC主分类号",
    "CPC分类号",
    "FI主分类号",
    "FI分类号",
    "国际申请号",
    "国际申请日",
    "国际公开号",
    "国际公开日",
    "进入国家日期",
    "颁证日",
    "审查员",
    "审查时长",
    "实质审查日",
)
SYNTHETIC_COLUMN = "合成字段"
HEADER: tuple[str, ...] = (*EXPORT_COLUMNS, SYNTHETIC_COLUMN)
COLUMN_INDEX = {name: i for i, name in enumerate(HEADER)}

# Canonical names used in 合成字段, in the order they are listed.
SYNTHETIC_FIELD_NAMES: tuple[str, ...] = (
    "app_date", "pub_date", "grant_date", "app_no", "pub_no", "patent_type", "title", "abstract",
    "claims", "applicants", "applicant_type", "inventors", "address", "region", "ipc", "legal_status",
    "lapse_date", "exam_date", "events", "agent", "citations", "family",
)  # fmt: skip

Format = Literal["csv", "jsonl", "xlsx"]
Encoding = Literal["utf-8", "utf-8-sig", "gb18030"]
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit minus the header


class CorpusFormatError(PatentnavError):
    """A corpus output option cannot be honoured (unknown format, too many rows for XLSX)."""


@contextmanager
def open_row_writer(path: Path, fmt: str = "csv", encoding: str = "utf-8") -> Iterator[RowSink]:
    """A sink taking rows (lists of str in HEADER order); streams, never holds the corpus."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        sink: RowSink = _XlsxSink(path)
        try:
            yield sink
        finally:
            sink.close()
        return
    if fmt not in ("csv", "jsonl"):
        raise CorpusFormatError(f"unknown corpus format {fmt!r} (csv, jsonl or xlsx)")
    with path.open("w", encoding=encoding, newline="") as handle:
        sink = _CsvSink(handle) if fmt == "csv" else _JsonlSink(handle)
        yield sink


class RowSink:
    def write_rows(self, rows: Iterable[list[str]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close (XLSX only; text sinks close with their file)."""


class _CsvSink(RowSink):
    """csv.writer output, with a join fast path for rows that need no quoting (same bytes)."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._writer = csv.writer(handle, lineterminator="\r\n")
        self._writer.writerow(HEADER)

    def write_rows(self, rows: Iterable[list[str]]) -> None:
        separators = len(HEADER) - 2
        lines: list[str] = []
        for row in rows:
            line = ",".join(row[:-1])  # 合成字段 (always a plain comma list) is quoted by hand
            if line.count(",") == separators and '"' not in line and "\n" not in line and "\r" not in line:
                last = row[-1]
                lines.append(f'{line},"{last}"\r\n' if "," in last else f"{line},{last}\r\n")
                continue
            if lines:
                self._handle.write("".join(lines))
                lines = []
            self._writer.writerow(row)
        if lines:
            self._handle.write("".join(lines))


class _JsonlSink(RowSink):
    """One JSON object per line, keys = the export's column names, values = the same strings."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def write_rows(self, rows: Iterable[list[str]]) -> None:
        dumps = json.dumps
        self._handle.writelines(
            dumps(dict(zip(HEADER, row, strict=True)), ensure_ascii=False) + "\n" for row in rows
        )


class _XlsxSink(RowSink):
    def __init__(self, path: Path) -> None:
        from openpyxl import Workbook

        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("专利")
        self._sheet.append(list(HEADER))
        self._rows = 0

    def write_rows(self, rows: Iterable[list[str]]) -> None:
        for row in rows:
            self._rows += 1
            if self._rows > XLSX_MAX_ROWS:
                raise CorpusFormatError(f"XLSX holds at most {XLSX_MAX_ROWS} rows; use csv or jsonl")
            self._sheet.append(row)

    def close(self) -> None:
        self._book.save(self._path)

"""XLSX reader: openpyxl in read-only mode, so a large workbook is streamed, never loaded whole.

Before anything is inflated the zip directory is checked against the limits (``check_inflation``:
total size and ratio, a zip bomb is refused naming the file and the part).

Two kinds of damage, two outcomes:

* a sheet whose XML breaks part-way inside an intact zip: the rows before the break are
  yielded, then ``SourceFileError`` names the file and the last good row; the pipeline loads
  those rows and reports the file ``failed`` (see ``ingest.pipeline``);
* a file cut short (a failed download or copy): the zip directory at the end is gone, and
  with it the shared strings and workbook parts that Excel writes after the sheets, so no
  cell text can be recovered. It is refused at open time, naming the file, with the advice
  to export it again: 0 rows, said plainly, rather than rows with numbers for their text.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from graph.errors import SourceFileError
from ingest.readers.base import (
    FileWarnings,
    HeaderProbe,
    ReaderLimits,
    Record,
    SourceFormat,
    SourceTable,
    find_header,
    rows_from_records,
)

BOMB_PART_BYTES = 1024 * 1024  # parts smaller than this are not judged by their ratio

# what openpyxl and the zip/XML layers raise on a damaged workbook
CORRUPT_WORKBOOK_ERRORS = (zipfile.BadZipFile, ParseError, KeyError, ValueError, EOFError, OSError)


def check_inflation(path: Path, limits: ReaderLimits) -> None:
    """Refuse a zip bomb before any part is inflated: the declared sizes bound what zipfile
    will inflate (it stops at ``file_size`` and checks the CRC), so they can be trusted."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceFileError(
            f"{path}: 不是可读的 XLSX 工作簿, 文件可能被截断, 请重新导出 "
            f"(not a readable XLSX workbook, truncated or corrupt? export it again): {exc}"
        ) from exc
    total = sum(part.file_size for part in parts)
    if total > limits.xlsx_max_uncompressed_bytes:
        raise SourceFileError(
            f"{path}: 解压后 {total / 2**20:.0f} MiB, 超过上限 "
            f"{limits.xlsx_max_uncompressed_bytes / 2**20:.0f} MiB, 拒绝读取 (the workbook inflates "
            "beyond PATENTNAV_XLSX_MAX_UNCOMPRESSED_BYTES: zip bomb?)"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= BOMB_PART_BYTES and ratio > limits.xlsx_max_ratio:
            raise SourceFileError(
                f"{path}: 部件 {part.filename} 压缩比 {ratio:.0f}:1, 超过上限 {limits.xlsx_max_ratio:.0f}:1, "
                "拒绝读取 (part inflates beyond PATENTNAV_XLSX_MAX_RATIO: zip bomb?)"
            )


def open_xlsx(
    path: Path, header_probe: HeaderProbe | None, limits: ReaderLimits, sheet: str | None = None
) -> SourceTable:
    """Open the first sheet (or ``sheet``) of a workbook for streaming."""
    from openpyxl import load_workbook

    check_inflation(path, limits)
    stack = ExitStack()
    warnings = FileWarnings()
    try:
        # a file object, not the path: openpyxl refuses a workbook by its suffix (export.csv)
        workbook = load_workbook(stack.enter_context(path.open("rb")), read_only=True, data_only=True)
    except CORRUPT_WORKBOOK_ERRORS as exc:
        stack.close()
        raise SourceFileError(
            f"{path}: not a readable XLSX workbook (truncated or corrupt?): {type(exc).__name__}: {exc}"
        ) from exc
    stack.callback(workbook.close)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        # the stored dimension can be wrong (some writers put "A1"); read what is really there
        worksheet.reset_dimensions()
        records = _xlsx_records(worksheet, path)
        header_row, headers = find_header(records, path, header_probe, limits, warnings)
    except BaseException:
        stack.close()
        raise
    rows = rows_from_records(records, headers, "_xlsx")
    return SourceTable(path, SourceFormat.XLSX, headers, header_row, rows, None, stack, warnings)


def _xlsx_records(worksheet: Any, path: Path) -> Iterator[Record]:
    """(spreadsheet row number, cell values); openpyxl fills in rows missing from the XML."""
    number = 0
    values_iter = worksheet.iter_rows(min_row=1, values_only=True)
    while True:
        try:
            values = next(values_iter)
        except StopIteration:
            return
        except CORRUPT_WORKBOOK_ERRORS as exc:
            raise SourceFileError(
                f"{path}: workbook breaks after row {number} (truncated or corrupt?): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        number += 1
        yield Record(number, list(values))

"""Export sleeping patents as a supply list (专利技术供给清单) in CSV or XLSX, ready to publish.

Every column is in Chinese with Chinese values: patent and holder types, region and chain-node
names, legal status, grade with its reasons, abstract. CSV is UTF-8 with a BOM so Excel on
Chinese Windows opens it correctly. No cell is ever a formula: text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written as text (XLSX: a string cell; CSV: a leading
apostrophe, which Excel and WPS show as a text marker), so a crafted title cannot run anything.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import InvalidQueryError
from graph.navigation.labels import HOLDER_TYPE_ZH, PATENT_TYPE_ZH
from graph.navigation.sleeping import SleepingPatent

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

SUPPLY_LIST_COLUMNS: tuple[str, ...] = (
    "公开号",
    "专利名称",
    "专利类型",
    "法律状态",
    "专利权人",
    "权利人类型",
    "所在地区",
    "申请日",
    "授权日",
    "授权年限(年)",
    "剩余保护期(年)",
    "分级",
    "综合得分",
    "分级理由",
    "技术分类",
    "产业链节点",
    "开放许可",
    "许可使用费(万元)",
    "摘要",
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | float | None


def patent_cells(p: SleepingPatent) -> list[Cell]:
    """The patent's identity cells every published list opens with (公开号 ... 授权日): names,
    never keys or codes."""
    return [
        p.pub_no,
        p.title,
        PATENT_TYPE_ZH.get(p.patent_type, p.patent_type),
        p.legal_status,
        "；".join(h.name for h in p.holders),
        "；".join(dict.fromkeys(HOLDER_TYPE_ZH.get(h.holder_type.value, "其他") for h in p.holders)),
        p.region_name,
        p.app_date,
        p.grant_date,
    ]


def supply_list_rows(patents: Sequence[SleepingPatent]) -> list[list[Cell]]:
    """One row per patent, in ``SUPPLY_LIST_COLUMNS`` order; numbers stay numbers."""
    return [
        [
            *patent_cells(p),
            p.years_since_grant,
            p.remaining_years,
            f"{p.level}级",
            p.score,
            "；".join(p.reasons),
            p.category_name or p.category,
            "；".join(p.chain_node_names),
            "是" if p.open_licensed else "否",
            p.open_licence_fee_wan,
            p.abstract,
        ]
        for p in patents
    ]


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: Cell) -> Cell:
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def export_supply_list(patents: Sequence[SleepingPatent], path: Path) -> Path:
    """Write the supply list; the format follows the suffix (``.csv`` or ``.xlsx``)."""
    rows = supply_list_rows(patents)
    write_table(path, "专利技术供给清单", SUPPLY_LIST_COLUMNS, rows)
    logger.info("supply list: %d patents -> %s", len(rows), path)
    return path


def write_table(path: Path, title: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Path:
    """One table as CSV (UTF-8 with a BOM) or XLSX (one sheet named ``title``), by the suffix;
    no cell is ever a formula (``csv_safe`` / ``write_sheet``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = title[:31]  # Excel's limit on sheet names
        write_sheet(sheet, columns, rows)
        book.save(path)
    else:
        raise InvalidQueryError(f"{title}只支持 .csv 或 .xlsx (收到 {suffix!r})")
    return path


def write_sheet(sheet: Worksheet, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Header and rows into an openpyxl sheet; every text cell is a string cell, so a value
    starting with ``=`` stays text (openpyxl would store it as a formula)."""
    from openpyxl.cell.cell import TYPE_STRING

    sheet.append(list(columns))
    for row_no, row in enumerate(rows, start=2):
        for col_no, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_no, column=col_no, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING
    sheet.freeze_panes = "A2"

"""Export sleeping patents as a supply list (专利技术供给清单) in CSV or XLSX.

CSV is written as UTF-8 with a BOM so Excel on Chinese Windows opens it correctly.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from pathlib import Path

from graph.errors import InvalidQueryError
from graph.navigation.sleeping import SleepingPatent

logger = logging.getLogger(__name__)

SUPPLY_LIST_COLUMNS: tuple[str, ...] = (
    "公开号",
    "专利名称",
    "专利类型",
    "专利权人",
    "地区代码",
    "申请日",
    "授权日",
    "授权年限",
    "剩余保护期(年)",
    "分级",
    "综合得分",
    "分类",
    "开放许可",
    "评级理由",
)


def supply_list_rows(patents: Sequence[SleepingPatent]) -> list[list[str | float | None]]:
    """One row per patent, in ``SUPPLY_LIST_COLUMNS`` order."""
    return [
        [
            p.pub_no,
            p.title,
            p.patent_type,
            ";".join(h.name for h in p.holders),
            p.region_code,
            p.app_date,
            p.grant_date,
            p.years_since_grant,
            p.remaining_years,
            p.level,
            p.score,
            p.category,
            "是" if p.open_licensed else "否",
            "；".join(p.reasons),
        ]
        for p in patents
    ]


def export_supply_list(patents: Sequence[SleepingPatent], path: Path) -> Path:
    """Write the supply list; the format follows the suffix (``.csv`` or ``.xlsx``)."""
    suffix = path.suffix.lower()
    rows = supply_list_rows(patents)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(SUPPLY_LIST_COLUMNS)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        _write_xlsx(rows, path)
    else:
        raise InvalidQueryError(f"供给清单只支持 .csv 或 .xlsx (unsupported suffix {suffix!r})")
    logger.info("supply list: %d patents -> %s", len(rows), path)
    return path


def _write_xlsx(rows: list[list[str | float | None]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "专利技术供给清单"
    sheet.append(list(SUPPLY_LIST_COLUMNS))
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    book.save(path)

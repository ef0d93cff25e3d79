"""高校院所高价值专利运营库 (Shandong plan): the high-value patents of universities and institutes,
as a publishable table (XLSX/CSV) filtered by chain, region, holder, holder type and grade.

Which patents: the high-value analysis (``find_high_value_patents``, the five criteria with their
evidence), restricted to the holder types asked (default: university and institute). The grade
(分级 A/B/C) is the sleeping-patent grading's value score (``grade_sleeping_patent``: claims,
citations, family, remaining term, IPC breadth, SEI), applied to every listed patent whether it
sleeps or not; whether it is sleeping is a column of its own. Same writer and formula rule as
the supply list (``supply_list.write_table``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from graph.models import PatentFilter
from graph.navigation.common import ToDictMixin
from graph.navigation.high_value import ACADEMIC_HOLDER_FILTER, find_high_value_patents
from graph.navigation.labels import chain_node_labels
from graph.navigation.sei import load_sei_concordance
from graph.navigation.sleeping import SleepingParams, SleepingPatent, grade_sleeping_patent, is_sleeping
from graph.navigation.supply_list import Cell, patent_cells, write_table
from graph.store import GraphStore

logger = logging.getLogger(__name__)

OPERATION_DB_TITLE = "高校院所高价值专利运营库"
OPERATION_DB_COLUMNS: tuple[str, ...] = (
    "公开号",
    "专利名称",
    "专利类型",
    "法律状态",
    "专利权人",
    "权利人类型",
    "所在地区",
    "申请日",
    "授权日",
    "产业链节点",
    "高价值依据",
    "满足条数",
    "价值分级",
    "综合得分",
    "分级理由",
    "是否沉睡",
    "开放许可",
    "许可使用费(万元)",
    "摘要",
)


@dataclass(frozen=True, slots=True)
class OperationEntry(ToDictMixin):
    graded: SleepingPatent  # the patent's fields, value grade and reasons
    criteria: tuple[str, ...]  # "criterion name: evidence" of each criterion met
    sleeping: bool


def operation_db_entries(
    store: GraphStore,
    as_of: date,
    flt: PatentFilter | None = None,
    level: str | None = None,
    params: SleepingParams | None = None,
) -> list[OperationEntry]:
    """High-value patents of the holder types in ``flt`` (default 高校院所), graded, best first."""
    params = params or SleepingParams()
    query = flt or PatentFilter()
    if not query.holder_types:
        query = replace(query, holder_types=ACADEMIC_HOLDER_FILTER)
    report = find_high_value_patents(store, as_of, query)
    met = {a.pub_no: a for a in report.patents if a.is_high_value}
    if not met:
        return []
    concordance = load_sei_concordance()
    names = chain_node_labels(store)
    entries = []
    for fact in store.patent_facts(PatentFilter(pub_nos=tuple(sorted(met)))):
        graded = grade_sleeping_patent(fact, as_of, params, concordance, names)
        if level and graded.level != level.upper():
            continue
        criteria = tuple(
            f"{c.name_zh}: {c.evidence}" if c.evidence else c.name_zh
            for c in met[fact.pub_no].criteria
            if c.met
        )
        entries.append(OperationEntry(graded, criteria, is_sleeping(fact, as_of, params)))
    entries.sort(key=lambda e: (e.graded.level, -len(e.criteria), -e.graded.score, e.graded.pub_no))
    logger.info("operation database: %d high-value patents (as of %s)", len(entries), as_of)
    return entries


def operation_db_rows(entries: Sequence[OperationEntry]) -> list[list[Cell]]:
    """One row per patent in ``OPERATION_DB_COLUMNS`` order: names, never keys."""
    rows: list[list[Cell]] = []
    for e in entries:
        p = e.graded
        rows.append(
            [
                *patent_cells(p),
                "；".join(p.chain_node_names),
                "；".join(e.criteria),
                len(e.criteria),
                f"{p.level}级",
                p.score,
                "；".join(p.reasons),
                "是" if e.sleeping else "否",
                "是" if p.open_licensed else "否",
                p.open_licence_fee_wan,
                p.abstract,
            ]
        )
    return rows


def export_operation_db(entries: Sequence[OperationEntry], path: Path) -> Path:
    """Write the operation database; the format follows the suffix (``.csv`` or ``.xlsx``)."""
    rows = operation_db_rows(entries)
    write_table(path, OPERATION_DB_TITLE, OPERATION_DB_COLUMNS, rows)
    logger.info("operation database: %d patents -> %s", len(rows), path)
    return path


__all__ = [
    "OPERATION_DB_COLUMNS",
    "OperationEntry",
    "export_operation_db",
    "operation_db_entries",
    "operation_db_rows",
]

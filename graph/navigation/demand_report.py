"""The matching report of one demand (供需对接匹配报告) as XLSX, for a 供需对接 event.

Three sheets, Chinese headers, names not codes: the demand (需求), the candidate holders
(候选权利人) and the candidate patents (候选专利), each candidate with the run that first found
it. Text cells are written with the supply list's rule (``supply_list.write_sheet``): never a
formula, whatever a title or a need says.
"""

from __future__ import annotations

from pathlib import Path

from graph.codes.regions import region_name
from graph.demand_records import DEMAND_STATUS_ZH, DemandStatus
from graph.models import PatentFilter
from graph.navigation.collaborator_parts import VALIDITY_ZH, validity
from graph.navigation.demands import DemandView
from graph.navigation.labels import HOLDER_TYPE_ZH, chain_node_labels
from graph.navigation.supply_list import Cell, write_sheet
from graph.store import GraphStore

DEMAND_SHEET = "需求"
HOLDER_COLUMNS = (
    "名次",
    "候选权利人",
    "权利人类型",
    "所在地区",
    "匹配得分",
    "首次发现批次",
    "首次发现时间",
    "最近匹配批次",
)
PATENT_COLUMNS = (
    "名次",
    "公开号",
    "专利名称",
    "法律状态",
    "有效性",
    "提供方",
    "相关度",
    "首次发现批次",
    "首次发现时间",
    "最近匹配批次",
)


def demand_rows(store: GraphStore, view: DemandView) -> list[list[Cell]]:
    node = chain_node_labels(store).get(view.chain_node or "", view.chain_node) if view.chain_node else None
    return [
        ["需求编号", view.demand_id],
        ["需求描述", view.need],
        ["需求方", view.sme],
        ["所在地区", region_name(view.region_code) or view.region_code],
        ["产业链节点", node],
        ["联系方式", view.contact],
        ["状态", DEMAND_STATUS_ZH[DemandStatus(view.status)]],
        ["登记时间", view.created],
        ["检索词", "、".join(view.terms)],
        ["匹配批次", "、".join(view.match_runs)],
        ["列出范围", f"{view.since} 之后新发现的候选" if view.since else "全部候选"],
    ]


def holder_rows(store: GraphStore, view: DemandView) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for m in view.holders:
        holder = store.get_holder(m.target)
        kind = HOLDER_TYPE_ZH.get(holder.holder_type.value, "") if holder else ""
        place = region_name(holder.region_code) if holder else None
        rows.append([m.rank, m.name, kind, place, m.score, m.first_run, m.first_seen, m.last_run])
    return rows


def patent_rows(store: GraphStore, view: DemandView) -> list[list[Cell]]:
    wanted = PatentFilter(pub_nos=tuple(m.target for m in view.patents))
    facts = {f.pub_no: f for f in store.patent_facts(wanted)} if view.patents else {}
    names = {m.target: m.name for m in view.holders}
    rows: list[list[Cell]] = []
    for m in view.patents:
        fact = facts.get(m.target)
        holders = "；".join(h.name for h in fact.holders) if fact else ""
        offered_by = names.get(m.holder_key or "") or holders
        state = VALIDITY_ZH[validity(fact)] if fact else ""
        status = fact.legal_status if fact else None
        found = [m.first_run, m.first_seen, m.last_run]
        rows.append([m.rank, m.target, m.name, status, state, offered_by, m.score, *found])
    return rows


def export_demand_report(store: GraphStore, view: DemandView, path: Path) -> Path:
    from openpyxl import Workbook

    if path.suffix.lower() != ".xlsx":
        from graph.errors import InvalidQueryError

        raise InvalidQueryError(f"匹配报告只支持 .xlsx (unsupported suffix {path.suffix!r})")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DEMAND_SHEET
    write_sheet(sheet, ("项目", "内容"), demand_rows(store, view))
    write_sheet(book.create_sheet("候选权利人"), HOLDER_COLUMNS, holder_rows(store, view))
    write_sheet(book.create_sheet("候选专利"), PATENT_COLUMNS, patent_rows(store, view))
    book.save(path)
    return path

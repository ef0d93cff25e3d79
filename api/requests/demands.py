"""Requests of the SME technology-demand registry (中小企业技术需求库): add, list, show, update,
close, and the matching report. The writes are authenticated at the API (bearer token) and
local at the CLI (whoever can open the store file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from api.requests.base import (
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    PagedRequest,
    cut_nested,
)
from api.requests.fields import DEFAULT_PAGE_LIMIT, ChainNodeKey, Day, NeedText, RegionCode
from api.requests.results import DEMAND_LISTS, DemandResult, DemandSummary
from graph.demand_records import DemandRecord, DemandStatus
from graph.navigation.demands import DemandView

DemandId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_ID_FIELD = Field(description="需求编号, 如 DEM-20260101-a1b2c3", json_schema_extra={"cli_argument": True})


def full_region_code(prefix: str | None) -> str | None:
    """A region prefix (22, 2201, 220102) as the 12-digit NBS code of the region node."""
    return None if prefix is None else prefix.ljust(12, "0")


def _demand_answer(
    request: NavigationRequest, ctx: NavigationContext, demand: DemandRecord
) -> NavigationResponse:
    """A demand after a write: its candidate lists cut to the default page, totals beside."""
    from graph.navigation.demands import demand_view

    view = demand_view(ctx.store, demand).to_dict()
    return request.respond(cut_nested(view, DEMAND_LISTS, DEFAULT_PAGE_LIMIT))


class DemandFields(NavigationRequest):
    """What an SME states about its need (需求信息); every field optional for an update."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"contact": "李工 0431-00000001"}]})

    need: NeedText | None = Field(
        None, description="技术需求 (中文, 最多 2000 字)", examples=["需要玉米秸秆饲料化利用的技术"]
    )
    sme: ShortText | None = Field(
        None, description="需求方 (中小企业名称)", examples=["长春某农业科技有限公司"]
    )
    region: RegionCode | None = Field(None, description="需求方所在地 NBS 代码, 如 2201", examples=["2201"])
    chain_node: ChainNodeKey | None = Field(None, description="产业链节点 (如已知), 如 nev/battery_cell")
    contact: ShortText | None = Field(None, description="联系人与联系方式")

    def changes(self, ctx: NavigationContext) -> dict[str, object]:
        """The given fields as demand record fields (terms re-segmented when the need changed)."""
        ctx.require_chain_nodes([self.chain_node] if self.chain_node else [])
        given = self.model_fields_set - {"demand_id", "reason"}
        out: dict[str, object] = {}
        if "need" in given and self.need:
            out |= {"need": self.need, "terms": tuple(ctx.query_terms(self.need))}
        if "sme" in given and self.sme:
            out |= {"sme": self.sme, "sme_key": _sme_key(ctx, self.sme)}
        if "region" in given:
            out["region_code"] = full_region_code(self.region)
        if "chain_node" in given:
            out["chain_node"] = self.chain_node
        if "contact" in given:
            out["contact"] = self.contact
        return out


def _sme_key(ctx: NavigationContext, sme: str) -> str | None:
    """The SME's holder key when the graph knows it (one holder-name normaliser: the ingest's)."""
    from ingest.normalise.holders import holder_key

    key = holder_key(sme)
    return key if ctx.store.get_holder(key) is not None else None


class DemandAddRequest(DemandFields):
    """登记技术需求: stored, then matched at once against the graph (collaborator discovery)."""

    analysis = "demand_add"
    openapi_summary = "登记技术需求"
    openapi_description = (
        "登记中小企业的技术需求 (需求文本、企业、地区、产业链节点、联系方式), "
        "立即用合作对象发现匹配候选权利人与专利。"
    )
    result_type = DemandResult
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "need": "需要玉米秸秆饲料化利用的技术",
                    "sme": "长春某农业科技有限公司",
                    "region": "2201",
                    "contact": "张工 0431-00000000",
                }
            ]
        }
    )
    need: NeedText = Field(
        description="技术需求 (中文, 最多 2000 字)", json_schema_extra={"cli_argument": True}
    )
    sme: ShortText = Field(description="需求方 (中小企业名称)")
    demand_id: DemandId | None = Field(
        None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="需求编号 (可选, 如本单位的登记号 JL-2026-001; 默认自动生成)",
        examples=["JL-2026-001"],
    )

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from api.requests.errors import ParameterError
        from graph.navigation.demands import new_demand_id, now_utc, register_demand

        changes = self.changes(ctx)
        created = now_utc()
        if self.demand_id is not None and ctx.store.get_demand(self.demand_id) is not None:
            raise ParameterError(
                "demand_id", f"需求编号 {self.demand_id!r} 已被使用, 请换一个或不填 (自动生成)"
            )
        demand = DemandRecord(
            demand_id=self.demand_id or new_demand_id(created),
            need=self.need,
            sme=self.sme,
            status=DemandStatus.OPEN,
            created=created,
            terms=tuple(changes.get("terms", ())),  # type: ignore[arg-type]
            sme_key=changes.get("sme_key"),  # type: ignore[arg-type]
            region_code=full_region_code(self.region),
            chain_node=self.chain_node,
            contact=self.contact,
        )
        return _demand_answer(self, ctx, register_demand(ctx.store, demand))


class DemandListRequest(PagedRequest):
    """需求库列表: the demands (or those of one status), oldest first, with candidate counts; paged."""

    analysis = "demands"
    openapi_summary = "需求库列表"
    openapi_description = (
        "列出需求库中的需求 (可按状态筛选), 每条附候选权利人数与候选专利数; 分页, page 给出总数。"
    )
    result_type = list[DemandSummary]
    status: Literal["open", "closed"] | None = Field(
        None, description="open 征集中 / closed 已关闭", examples=["open"]
    )

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.demands import demand_view

        status = DemandStatus(self.status) if self.status else None
        demands, page = self.page(ctx.store.demands(status))
        rows = []
        for demand in demands:  # candidates are read for this page's demands only
            view = demand_view(ctx.store, demand).to_dict()
            holders, patents = view.pop("holders"), view.pop("patents")
            rows.append({**view, "candidate_holders": len(holders), "candidate_patents": len(patents)})
        return self.respond(rows, page)


class DemandShowRequest(PagedRequest):
    """一条需求及其候选: the candidates, or those new since a date or an ingest run; offset and
    limit window each candidate list (holders, patents), each with its total beside it."""

    analysis = "demand"
    openapi_summary = "需求详情"
    openapi_description = (
        "一条需求及其候选权利人与专利; since_run / since 只列其后新发现的候选。"
        "offset / limit 分别截取候选权利人与候选专利, holders_total / patents_total 为截取前的条数。"
    )
    result_type = DemandResult
    demand_id: DemandId = _ID_FIELD
    since_run: ShortText | None = Field(None, description="只列此批次之后新发现的候选 (需求的匹配批次之一)")
    since: Day = Field(None, description="只列此日 (YYYY-MM-DD) 及以后新发现的候选")

    def view(self, ctx: NavigationContext) -> DemandView:
        from graph.navigation.demands import demand_view, require_demand

        return demand_view(ctx.store, require_demand(ctx.store, self.demand_id), self.since_run, self.since)

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        view = self.view(ctx).to_dict()
        return self.respond(cut_nested(view, DEMAND_LISTS, self.limit, self.offset))


class DemandUpdateRequest(DemandFields):
    """修改需求: the given fields change; an open demand is matched again if the need changed."""

    analysis = "demand_update"
    openapi_summary = "修改需求"
    openapi_description = "只修改给出的字段; 需求文本或地区变化时重新匹配。"
    result_type = DemandResult
    demand_id: DemandId = _ID_FIELD

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.demands import update_demand

        return _demand_answer(self, ctx, update_demand(ctx.store, self.demand_id, self.changes(ctx)))


class DemandCloseRequest(NavigationRequest):
    """关闭需求: kept with its candidates, no longer matched after ingests."""

    analysis = "demand_close"
    openapi_summary = "关闭需求"
    openapi_description = "关闭需求: 保留候选, 不再随入库重新匹配。"
    result_type = DemandResult
    demand_id: DemandId = _ID_FIELD
    reason: ShortText | None = Field(None, description="关闭原因, 如 已与某高校签约")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.demands import close_demand

        return _demand_answer(self, ctx, close_demand(ctx.store, self.demand_id, self.reason))


class DemandReportRequest(DemandShowRequest):
    """供需对接匹配报告 (XLSX): the demand, its candidate holders and patents, names not codes."""

    analysis = "demand_report"
    openapi_summary = "供需对接匹配报告"
    openapi_description = "一条需求的匹配报告 (XLSX: 需求、候选权利人、候选专利)。"
    result_type = DemandResult

    def export(self, ctx: NavigationContext, path: Path) -> Path:
        from graph.navigation.demand_report import export_demand_report

        return export_demand_report(ctx.store, self.view(ctx), path)

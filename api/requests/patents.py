"""Requests on patents and holders (专利与权利人): collaborators, sleeping patents and the
supply list, high-value patents, patent pools."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from api.requests.base import (
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    PagedRequest,
    resolve_as_of,
)
from api.requests.errors import ParameterError
from api.requests.fields import (
    LISTED,
    MAX_NEED_CHARS,
    ChainId,
    ChainNodeKey,
    ChainNodeKeys,
    Day,
    HolderKeys,
    Level,
    NeedText,
    RegionCode,
    RegionCodes,
    TermList,
    TopK,
    listed,
)
from api.requests.results import (
    HIGH_VALUE_GROUPS,
    POOL_LISTS,
    CollaboratorResult,
    HighValueResult,
    PoolResult,
    SleepingResult,
)
from graph.models import HolderType, PatentFilter
from graph.navigation import Availability, PoolParams

if TYPE_CHECKING:
    from graph.navigation import SleepingPatent

DEFAULT_HOLDER_TYPES = (HolderType.UNIVERSITY, HolderType.INSTITUTE)
# sleeping patents and the operation database are of universities and institutes only
AcademicHolderType = Literal["university", "institute"]
_POOL_DEFAULTS = PoolParams()
SUPPLY_LIST_FORMATS = ("csv", "xlsx")


class CollaboratorRequest(NavigationRequest):
    """合作对象发现: holders of relevant, available technology for a need, ranked with reasons."""

    analysis = "collaborators"
    openapi_summary = "合作对象发现"
    openapi_description = (
        "输入一段中文技术需求, 找出持有相关且可获得技术的权利人 (默认高校与科研院所), "
        "按相关度、可获得性与就近程度排序并写明理由; 无合适对象时 candidates 为空并附说明。"
    )
    result_type = CollaboratorResult
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"need": "我们需要硫化物固态电解质技术, 用于锂电池", "region": "22", "top_k": 5}]
        }
    )
    need: NeedText = Field(
        description=f"技术需求 (中文, 1-{MAX_NEED_CHARS} 字, 不能全为空白)",
        json_schema_extra={"cli_argument": True},
    )
    region: RegionCode | None = Field(None, description="需求方所在地 NBS 代码, 用于就近加分")
    chain_node: ChainNodeKey | None = Field(None, description="产业链节点, 如 nev/battery_cell")
    holder_types: Annotated[list[HolderType], BeforeValidator(listed), LISTED] = Field(
        default_factory=lambda: list(DEFAULT_HOLDER_TYPES), description="权利人类型 (可重复或逗号分隔)"
    )
    availability: Availability = Field(Availability.ANY, description="any | available | open_licence")
    top_k: TopK = Field(10, description="返回数量, 1-50")
    include_lapsed: bool = Field(False, description="也列出失效、驳回、撤回的专利 (默认只列有效与审中)")
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.collaborators import find_collaborators

        ctx.require_chain_nodes([self.chain_node] if self.chain_node else [])
        terms = ctx.query_terms(self.need)
        answer = find_collaborators(
            ctx.store,
            terms,
            region=self.region,
            chain_node=self.chain_node,
            holder_types=tuple(self.holder_types),
            availability_filter=self.availability,
            top_k=self.top_k,
            as_of=self.as_of,
            include_lapsed=self.include_lapsed,
        )
        return self.respond({"query_terms": terms, **answer.to_dict()})


class SleepingFilterFields(NavigationRequest):
    """Which academic patents to screen (沉睡专利筛选条件)."""

    region: RegionCodes = Field(
        default_factory=list, description="地区代码或前缀 (可重复或逗号分隔)", examples=[["22"]]
    )
    holder: HolderKeys = Field(default_factory=list, description="权利人键 (可重复或逗号分隔)")
    chain: ChainId | None = Field(None, description="产业链")
    chain_node: ChainNodeKeys = Field(default_factory=list, description="产业链节点 (可重复或逗号分隔)")
    level: Level | None = Field(None, description="分级 A/B/C", examples=["A"])
    holder_types: Annotated[list[AcademicHolderType], BeforeValidator(listed)] = Field(
        default_factory=list, description="权利人类型: university (高校) 和/或 institute (科研院所); 默认两者"
    )
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    def screen(self, ctx: NavigationContext) -> list[SleepingPatent]:
        from graph.navigation import SleepingPatentFilter, screen_sleeping_patents

        ctx.require_chain(self.chain)
        ctx.require_chain_nodes(self.chain_node)
        ctx.require_holders(self.holder)
        flt = SleepingPatentFilter(
            tuple(self.region),
            tuple(self.holder),
            tuple(self.chain_node),
            self.chain,
            self.level,
            tuple(HolderType(t) for t in self.holder_types),
        )
        return screen_sleeping_patents(ctx.store, resolve_as_of(ctx.store, self.as_of), flt)


class SleepingRequest(PagedRequest, SleepingFilterFields):
    """沉睡专利: screened, graded A/B/C, best first."""

    analysis = "sleeping"
    openapi_summary = "沉睡专利"
    openapi_description = (
        "筛选高校院所名下长期未实施、未转让许可的有效专利, 按 A/B/C 分级、优者在前, 分页返回。"
        "可按地区、权利人、产业链与节点、分级筛选。"
    )
    result_type = SleepingResult

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        patents, page = self.page(self.screen(ctx))
        result = {
            "as_of": resolve_as_of(ctx.store, self.as_of).isoformat(),
            "patents": [p.to_dict() for p in patents],
        }
        return self.respond(result, page)


class SupplyListRequest(SleepingFilterFields):
    """专利技术供给清单: every sleeping patent of the screening, as CSV (BOM for Excel) or XLSX."""

    analysis = "supply_list"
    openapi_summary = "专利技术供给清单下载"
    openapi_description = "与沉睡专利相同的筛选条件, 全部结果导出为 CSV (含 BOM, 便于 Excel) 或 XLSX 文件。"
    format: Literal["csv", "xlsx"] = Field("csv", description="csv 或 xlsx")

    @classmethod
    def format_of(cls, path: Path) -> str:
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in SUPPLY_LIST_FORMATS:
            raise ParameterError("export", f"供给清单文件应以 .csv 或 .xlsx 结尾, 收到 {path.name!r}")
        return suffix

    def export(self, ctx: NavigationContext, path: Path) -> int:
        """Write the list to ``path`` (its suffix must be the format); the number of patents."""
        from graph.navigation import export_supply_list

        patents = self.screen(ctx)
        export_supply_list(patents, path)
        return len(patents)


class HighValueRequest(PagedRequest):
    """高价值发明专利: the five criteria per patent and the shares per holder/region/node."""

    analysis = "high_value"
    openapi_summary = "高价值发明专利"
    openapi_description = (
        "逐件判定五项高价值判据 (战略性新兴产业、海外同族、质押融资、发明奖、维持年限), "
        "并给出按权利人、地区、产业链节点的高价值专利占比。"
    )
    result_type = HighValueResult
    region: RegionCodes = Field(
        default_factory=list, description="地区代码或前缀 (可重复或逗号分隔)", examples=[["22"]]
    )
    holder: HolderKeys = Field(default_factory=list, description="权利人键 (可重复或逗号分隔)")
    chain: ChainId | None = Field(None, description="产业链")
    chain_node: ChainNodeKeys = Field(default_factory=list, description="产业链节点 (可重复或逗号分隔)")
    holder_types: Annotated[list[HolderType], BeforeValidator(listed), LISTED] = Field(
        default_factory=list,
        description="权利人类型 (可重复或逗号分隔; 如 university,institute 为高校院所高价值专利运营库)",
    )
    only_high_value: bool = Field(True, description="只列高价值专利")
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation import find_high_value_patents

        ctx.require_chain(self.chain)
        ctx.require_chain_nodes(self.chain_node)
        ctx.require_holders(self.holder)
        flt = PatentFilter(
            region_prefixes=tuple(self.region),
            holder_keys=tuple(self.holder),
            chain=self.chain,
            chain_node_keys=tuple(self.chain_node),
            holder_types=tuple(self.holder_types),
        )
        report = find_high_value_patents(ctx.store, resolve_as_of(ctx.store, self.as_of), flt)
        listed = [a for a in report.patents if a.is_high_value or not self.only_high_value]
        patents, page = self.page(listed)
        high_value_total = sum(1 for a in report.patents if a.is_high_value)
        result = replace(report, patents=tuple(patents)).to_dict()
        # the group shares are nested lists: each cut to one page, its length beside it
        cut = self.cut(result, *HIGH_VALUE_GROUPS)
        return self.respond({**cut, "high_value_total": high_value_total}, page)


class PoolRequest(PagedRequest):
    """专利池构建: candidate patents, holders, overlap and a founding-member set."""

    analysis = "pool"
    openapi_summary = "专利池构建"
    openapi_description = (
        "为一个产业链节点或一组技术词提出专利池方案: 候选专利与权利人、技术单元覆盖与重叠, "
        "以及达到覆盖目标的创始成员组合。须给出 chain_node 或 technology 之一。"
        "候选专利分页 (page 给出总件数), 其余列表各截至 limit 条并附 <列表名>_total。"
    )
    result_type = PoolResult
    chain_node: ChainNodeKey | None = Field(
        None, description="产业链节点, 如 nev/battery_system", examples=["nev/battery_system"]
    )
    technology: TermList = Field(default_factory=list, description="技术词 (可重复或逗号分隔)")
    target_coverage: float = Field(
        _POOL_DEFAULTS.target_coverage, gt=0, le=1, description="创始成员覆盖的单元比例目标 (0-1]"
    )
    min_unit_patents: int = Field(
        _POOL_DEFAULTS.min_unit_patents, ge=1, le=1000, description="覆盖单元至少出现在这么多件候选专利中"
    )
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    @model_validator(mode="after")
    def _needs_a_subject(self) -> PoolRequest:
        if self.chain_node is None and not self.technology:
            raise ValueError("请指定产业链节点 chain_node 或技术词 technology")
        return self

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation import propose_patent_pool

        ctx.require_chain_nodes([self.chain_node] if self.chain_node else [])
        params = replace(
            _POOL_DEFAULTS, target_coverage=self.target_coverage, min_unit_patents=self.min_unit_patents
        )
        pool = propose_patent_pool(
            ctx.store, self.chain_node, tuple(self.technology), params=params, as_of=self.as_of
        )
        patents, page = self.page(pool.patents)
        result = replace(pool, patents=tuple(patents)).to_dict()
        return self.respond(self.cut(result, *POOL_LISTS), page)

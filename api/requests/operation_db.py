"""高校院所高价值专利运营库 (operation database): the listing and its XLSX/CSV export.

Filters: region, chain, chain node, holder, holder type (university / institute, default both)
and the value grade (A/B/C). ``patentnav operation-db`` and ``/api/operation-db`` answer the
same; ``--export`` / ``/api/operation-db/export`` write the whole table.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from api.requests.base import NavigationContext, NavigationResponse, PagedRequest, resolve_as_of
from api.requests.errors import ParameterError
from api.requests.fields import ChainId, ChainNodeKeys, Day, HolderKeys, Level, RegionCodes, listed
from api.requests.patents import AcademicHolderType
from graph.models import HolderType, PatentFilter

if TYPE_CHECKING:
    from graph.navigation.operation_db import OperationEntry

EXPORT_FORMATS = ("csv", "xlsx")


class OperationDbRequest(PagedRequest):
    """高校院所高价值专利运营库: high-value patents of universities and institutes, graded A/B/C."""

    analysis = "operation_db"
    openapi_summary = "高校院所高价值专利运营库"
    openapi_description = (
        "高校、科研院所持有的高价值发明专利 (五项标准及其证据、价值分级 A/B/C 及理由、是否沉睡、"
        "法律状态、摘要), 可按地区、产业链 (节点)、权利人、权利人类型和分级筛选, 分页并给出总数。"
    )
    region: RegionCodes = Field(
        default_factory=list, description="地区代码或前缀 (可重复或逗号分隔)", examples=[["37"]]
    )
    holder: HolderKeys = Field(default_factory=list, description="权利人键 (可重复或逗号分隔)")
    chain: ChainId | None = Field(None, description="产业链")
    chain_node: ChainNodeKeys = Field(default_factory=list, description="产业链节点 (可重复或逗号分隔)")
    holder_types: Annotated[list[AcademicHolderType], BeforeValidator(listed)] = Field(
        default_factory=list, description="university (高校) 和/或 institute (科研院所); 默认两者"
    )
    level: Level | None = Field(None, description="价值分级 A/B/C", examples=["A"])
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    def entries(self, ctx: NavigationContext) -> list[OperationEntry]:
        from graph.navigation.operation_db import operation_db_entries

        ctx.require_chain(self.chain)
        ctx.require_chain_nodes(self.chain_node)
        ctx.require_holders(self.holder)
        types = tuple(HolderType(t) for t in self.holder_types) or (
            HolderType.UNIVERSITY,
            HolderType.INSTITUTE,
        )
        flt = PatentFilter(
            region_prefixes=tuple(self.region),
            holder_keys=tuple(self.holder),
            chain=self.chain,
            chain_node_keys=tuple(self.chain_node),
            holder_types=types,
        )
        return operation_db_entries(ctx.store, resolve_as_of(ctx.store, self.as_of), flt, self.level)

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        entries, page = self.page(self.entries(ctx))
        result = {
            "as_of": resolve_as_of(ctx.store, self.as_of).isoformat(),
            "patents": [e.to_dict() for e in entries],
        }
        return self.respond(result, page)


class OperationDbExport(OperationDbRequest):
    """运营库导出: every patent of the listing as CSV (BOM for Excel) or XLSX."""

    format: Literal["csv", "xlsx"] = Field("xlsx", description="csv 或 xlsx")

    @classmethod
    def format_of(cls, path: Path) -> str:
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in EXPORT_FORMATS:
            raise ParameterError("export", f"运营库文件应以 .csv 或 .xlsx 结尾, 收到 {path.name!r}")
        return suffix

    def export(self, ctx: NavigationContext, path: Path) -> int:
        from graph.navigation.operation_db import export_operation_db

        entries = self.entries(ctx)
        export_operation_db(entries, path)
        return len(entries)


def export_operation_db_file(given: dict[str, Any], ctx: NavigationContext, path: Path) -> str:
    """``patentnav operation-db --export FILE``: the whole listing (not one page)."""
    filters = {k: v for k, v in given.items() if k not in ("offset", "limit")}
    request = OperationDbExport.model_validate({**filters, "format": OperationDbExport.format_of(path)})
    return f"运营库 {request.export(ctx, path)} 件 -> {path}"

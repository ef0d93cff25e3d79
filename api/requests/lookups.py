"""Requests that look things up (查询): a holder by name, patents by full text (全文检索)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints

from api.requests.base import NavigationContext, NavigationRequest, NavigationResponse, PagedRequest
from api.requests.fields import ChainId, ChainNodeKeys, Day, RegionCodes, Year, listed
from graph.models import HolderType, PatentFilter, Validity
from graph.navigation.holders import HolderProfile
from graph.navigation.search import SearchResult

HolderName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class HolderLookupRequest(NavigationRequest):
    """权利人查询: a name, a former name/alias or a normalised form -> the holder, its type with
    the reason, its region and portfolio; an unknown name -> 404 with the closest names."""

    analysis = "holder"
    openapi_summary = "权利人查询"
    openapi_description = (
        "按全称、曾用名、别名或规范化名称查到权利人: 类型及其依据、所在地区 (代码与名称)、别名、"
        "专利组合计数 (专利、有效、发明、沉睡、高价值、转出/转入); 查无此人时 404 并给出最接近的名称。"
    )
    result_type = HolderProfile
    name: HolderName = Field(
        description="权利人名称 (全称、曾用名或别名均可)",
        examples=["浙江大学"],
        json_schema_extra={"cli_argument": True},
    )
    as_of: Day = Field(None, description="组合统计的基准日 YYYY-MM-DD (默认数据截止日)")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.holders import holder_profile
        from ingest.normalise.holders import holder_key

        return self.respond(holder_profile(ctx.store, self.name, holder_key(self.name), self.as_of).to_dict())


class SearchRequest(PagedRequest):
    """专利全文检索: title, abstract and claims, with filters; ranked, paged, with the total."""

    analysis = "search"
    openapi_summary = "专利全文检索"
    openapi_description = (
        "在标题、摘要和权利要求中检索 (中文自动分词), 可按地区、产业链 (节点)、权利人类型、法律状态、"
        "申请年份筛选; 按命中程度排序, 分页并给出总数。"
    )
    result_type = SearchResult
    q: SearchText = Field(
        description="检索式 (中文词语, 自动分词)",
        examples=["固态电解质"],
        json_schema_extra={"cli_argument": True},
    )
    match_all: bool = Field(False, description="要求命中全部检索词 (默认命中任一, 命中多者在前)")
    region: RegionCodes = Field(default_factory=list, description="地区代码或前缀 (可重复或逗号分隔)")
    chain: ChainId | None = Field(None, description="产业链")
    chain_node: ChainNodeKeys = Field(default_factory=list, description="产业链节点 (可重复或逗号分隔)")
    holder_types: Annotated[list[HolderType], BeforeValidator(listed)] = Field(
        default_factory=list, description="权利人类型 (可重复或逗号分隔)"
    )
    legal_status: Annotated[list[Validity], BeforeValidator(listed)] = Field(
        default_factory=list,
        description="法律状态: valid 有效 / invalid 失效 / pending 审中 (可重复或逗号分隔)",
    )
    year_from: Year = Field(None, description="申请年起")
    year_to: Year = Field(None, description="申请年止")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation.search import search_patents

        ctx.require_chain(self.chain)
        ctx.require_chain_nodes(self.chain_node)
        flt = PatentFilter(
            region_prefixes=tuple(self.region),
            chain=self.chain,
            chain_node_keys=tuple(self.chain_node),
            holder_types=tuple(self.holder_types),
            validity=tuple(self.legal_status),
            app_year_from=self.year_from,
            app_year_to=self.year_to,
        )
        groups = ctx.search_words(self.q)
        result = search_patents(
            ctx.store, groups, flt, match_all=self.match_all, offset=self.offset, limit=self.limit
        )
        return self.respond(result.to_dict(), self.page_info(result.total))

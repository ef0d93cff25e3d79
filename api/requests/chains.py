"""Requests on chains and the graph (产业链与图谱): chain gaps, the chains, one chain, statistics."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from pydantic import Field

from api.requests.base import NavigationContext, NavigationRequest, NavigationResponse, PagedRequest
from api.requests.fields import Benchmark, ChainId, Day, RegionCode
from api.requests.results import ChainDetail, ChainSummary
from graph.errors import ChainDefinitionError, NotFoundError
from graph.navigation import ChainGapReport
from graph.settings import Settings
from graph.views import StoreStats

logger = logging.getLogger(__name__)


def chain_meta(chain: str, settings: Settings) -> tuple[str | None, str | None]:
    """Name and description from the shipped definition, if the chain has one."""
    from graph.chains import get_chain

    try:
        definition = get_chain(chain, settings.data_dir / "chains")
    except NotFoundError:
        return None, None  # a chain loaded from elsewhere (tests, another deployment)
    except ChainDefinitionError as exc:
        logger.warning("chain definition %s is invalid: %s", chain, exc)
        return None, None
    return definition.name, definition.description


def chain_summaries(ctx: NavigationContext) -> list[dict[str, Any]]:
    """Chains present in the graph, named from the shipped definitions when there is one."""
    return [
        {"chain": chain, "name": chain_meta(chain, ctx.settings)[0], "nodes": len(nodes)}
        for chain, nodes in sorted(ctx.chain_nodes.items())
    ]


class ChainGapRequest(PagedRequest):
    """补链强链分析: per chain node, the region's patents, share, RTA, growth and status."""

    analysis = "chain_gaps"
    openapi_summary = "补链强链分析"
    openapi_description = (
        "按产业链节点统计本地区的专利数、占比、显示性技术优势 RTA、近年增长, 并与对标地区比较, "
        "判定每个节点为优势、补强、缺失等状态, 写明判定规则与依据。产业链须已载入图谱, "
        "地区须为国家统计局区划代码表中的代码。节点按产业链定义的顺序分页, page 给出节点总数; "
        "每个节点列出的外地持有者与本地中小企业各至多 5 个 (判定参数, 见 thresholds)。"
    )
    result_type = ChainGapReport
    chain: ChainId = Field(description="产业链, 如 nev", examples=["nev"])
    region: RegionCode = Field(description="本地区 NBS 代码或前缀, 如 22 或 220100000000", examples=["22"])
    benchmark: Benchmark = Field(
        "national", description="对标: national, 一个地区代码, 或 51+37 同类地区", examples=["national"]
    )
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD (1985-04-01 至明年年底)")

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation import find_chain_gaps

        ctx.require_chain(self.chain)
        report = find_chain_gaps(ctx.store, self.chain, self.region, self.benchmark, as_of=self.as_of)
        nodes, page = self.page(report.nodes)
        return self.respond(replace(report, nodes=tuple(nodes)).to_dict(), page)


class ChainListRequest(NavigationRequest):
    """产业链列表: the chains loaded in the graph."""

    analysis = "chains"
    openapi_summary = "产业链列表"
    openapi_description = "图谱中已载入的产业链, 附中文名与节点数。"
    result_type = list[ChainSummary]

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        return self.respond(chain_summaries(ctx))


class ChainDetailRequest(NavigationRequest):
    """产业链节点 (技术分解): the nodes of one chain as loaded in the graph."""

    analysis = "chain"
    openapi_summary = "产业链节点 (技术分解)"
    openapi_description = "一条产业链在图谱中的全部节点: 位置、上级、IPC 分类号、关键词与下游供给关系。"
    result_type = ChainDetail
    chain: ChainId = Field(description="产业链, 如 nev", json_schema_extra={"cli_argument": True})

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        nodes = ctx.chain_nodes.get(self.chain)
        if not nodes:
            raise NotFoundError(f"产业链不存在 (no chain {self.chain!r} in the graph)")
        name, description = chain_meta(self.chain, ctx.settings)
        node_list = [
            {
                "key": n.key,
                "name": n.name,
                "position": n.position.value,
                "parent": n.parent,
                "ipc_codes": list(n.ipc_codes),
                "keywords": list(n.keywords),
                "supplies_to": list(n.supplies_to),
            }
            for n in nodes
        ]
        result = {"chain": self.chain, "name": name, "description": description, "nodes": len(nodes)}
        return self.respond({**result, "node_list": node_list})


class StatsRequest(NavigationRequest):
    """节点与关系统计: node counts per label and relationship counts per type."""

    analysis = "stats"
    openapi_summary = "节点与关系统计"
    openapi_description = "图存储类型, 各类节点数与各类关系数。"
    result_type = StoreStats

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        stats = ctx.store.stats()
        return self.respond(
            {"store": stats.store, "nodes": stats.nodes, "relationships": stats.relationships}
        )

"""The typed results of the navigation requests (分析结果类型), for the OpenAPI document.

Most analyses answer with a ``graph.navigation`` result dataclass as it is (``to_dict()``);
pydantic reads those dataclasses, so the documented shape comes from the one definition.
Where a request adds a key or builds its own result, the model here says so. Every request
type names its result in ``result_type``; ``response_model`` wraps it in the envelope.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from api.requests.base import NavigationRequest, NavigationResponse, nested_total
from graph.navigation import (
    CollaboratorAnswer,
    HighValueReport,
    KpiReport,
    PoolProposal,
    SleepingPatent,
)
from graph.navigation.demands import DemandView

HIGH_VALUE_GROUPS = ("by_holder", "by_region", "by_chain_node")
POOL_LISTS = ("holders", "pairs", "units", "founding_members", "uncovered_units")
DEMAND_LISTS = ("holders", "patents")


def extended(dataclass_type: type[Any], name: str, doc: str, **extra: Any) -> type[BaseModel]:
    """A model with the fields of ``dataclass_type`` and ``extra`` (``name=(type, Field)``)."""
    hints = get_type_hints(dataclass_type)
    fields: dict[str, Any] = {f.name: (hints[f.name], ...) for f in dataclasses.fields(dataclass_type)}
    model: type[BaseModel] = create_model(name, __doc__=doc, **fields, **extra)
    return model


def totals(*names: str) -> dict[str, Any]:
    """The ``<name>_total`` fields beside cut nested lists (``base.cut_nested``), documented."""
    return {
        nested_total(name): (int, Field(description=f"{name} 截断前的条数 (列表只列前 limit 条)"))
        for name in names
    }


CollaboratorResult = extended(
    CollaboratorAnswer,
    "CollaboratorResult",
    "合作对象发现结果: 需求的检索词与排序后的候选权利人。",
    query_terms=(list[str], Field(description="由技术需求得到的检索词 (NLP 分词与领域词典)")),
)
HighValueResult = extended(
    HighValueReport,
    "HighValueResult",
    "高价值发明专利结果: 逐件的五项判据, 以及按权利人、地区、产业链节点的占比 (各截至一页)。",
    high_value_total=(int, Field(description="筛选范围内高价值专利总件数 (不受分页影响)")),
    **totals(*HIGH_VALUE_GROUPS),
)
KpiResult = extended(
    KpiReport,
    "KpiResult",
    "转化运用指标结果: 本页的逐地区逐年指标行 (page 给出总行数) 与目标核对 (截至 limit 条)。",
    **totals("checks"),
)
PoolResult = extended(
    PoolProposal,
    "PoolResult",
    "专利池方案: 本页的候选专利 (page 给出总件数); "
    "权利人、两两重叠、单元、创始成员与未覆盖单元各截至 limit 条。",
    **totals(*POOL_LISTS),
)
DemandResult = extended(
    DemandView,
    "DemandResult",
    "一条需求及其候选权利人与候选专利 (各截至 limit 条, 旁附总数)。",
    **totals(*DEMAND_LISTS),
)


class DemandSummary(BaseModel):
    """需求库中的一条需求 (不含候选明细, 只有候选数)。"""

    model_config = ConfigDict(extra="allow")
    demand_id: str = Field(description="需求编号")
    need: str = Field(description="技术需求")
    sme: str = Field(description="需求方")
    status: str = Field(description="open 征集中 / closed 已关闭")
    candidate_holders: int = Field(description="候选权利人数")
    candidate_patents: int = Field(description="候选专利数")


class SleepingResult(BaseModel):
    """沉睡专利结果: 分析基准日与本页的沉睡专利 (分级 A/B/C, 优者在前)。"""

    as_of: date = Field(description="分析基准日")
    patents: list[SleepingPatent] = Field(description="本页的沉睡专利")


class ChainSummary(BaseModel):
    """图谱中的一条产业链。"""

    chain: str = Field(description="产业链标识, 如 nev")
    name: str | None = Field(description="产业链中文名 (随产品发布的定义中有时)")
    nodes: int = Field(description="节点数")


class ChainNodeItem(BaseModel):
    """产业链的一个节点 (技术分解)。"""

    key: str = Field(description="节点键, 如 nev/battery_cell")
    name: str = Field(description="节点中文名")
    position: str = Field(description="上游/中游/下游 (upstream/midstream/downstream)")
    parent: str | None = Field(description="上级节点键")
    ipc_codes: list[str] = Field(description="对应 IPC 分类号")
    keywords: list[str] = Field(description="关键词")
    supplies_to: list[str] = Field(description="供给的下游节点键")


class ChainDetail(BaseModel):
    """一条产业链及其节点。"""

    chain: str
    name: str | None
    description: str | None
    nodes: int = Field(description="节点数")
    node_list: list[ChainNodeItem]


@cache
def response_model(request_type: type[NavigationRequest]) -> type[NavigationResponse]:
    """The envelope with ``request`` and ``result`` typed for ``request_type`` (documentation:
    the answer is built by ``run`` and serialised by ``render_json``)."""
    stem = request_type.__name__.removesuffix("Request")
    model: type[NavigationResponse] = create_model(
        f"{stem}Response",
        __base__=NavigationResponse,
        __doc__=f"{request_type.openapi_summary}的响应: 统一的导航分析响应结构, result 为本分析的结果。",
        request=(request_type, Field(description="解析后的请求参数 (未给出的取默认值)")),
        result=(request_type.result_type, Field(description="分析结果")),
    )
    return model

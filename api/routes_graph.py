"""Health, statistics and lookups by key (健康检查、统计、按键查询)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.requests.http import error_responses
from graph.errors import NotFoundError
from graph.models import HolderView, PatentFact
from graph.schema import Label
from graph.store import MAX_SUBGRAPH_DEPTH, MAX_SUBGRAPH_NODES
from graph.views import Subgraph

router = APIRouter(tags=["graph 图谱"])
LOOKUP_ERRORS = error_responses(404, 422, 503)


class Health(BaseModel):
    """服务状态: 哪个图存储在应答, 各类节点数与关系数。"""

    status: str = Field(description="ok 表示服务与图存储可用", examples=["ok"])
    store: str = Field(description="图存储: embedded 或 neo4j")
    nodes: dict[str, int] = Field(description="各类节点数")
    relationships: dict[str, int] = Field(description="各类关系数")


@router.get(
    "/health",
    summary="健康检查",
    response_description="成功: 服务可用",
    description="服务是否可用、由哪个图存储应答、图中各类节点与关系的数量。",
    responses=error_responses(503),
)
def health(store: StoreDep) -> Health:
    stats = store.stats()
    return Health(status="ok", store=stats.store, nodes=stats.nodes, relationships=stats.relationships)


@router.get(
    "/api/patents/{pub_no}",
    summary="专利详情",
    response_description="成功: 专利",
    description=(
        "按公开号查一件专利: 著录项目、法律状态、IPC 分类号、权利人、地区、产业链节点、技术词与法律事件。"
    ),
    responses=LOOKUP_ERRORS,
)
def patent(
    pub_no: Annotated[str, Path(description="公开 (公告) 号, 如 CN111434973A", examples=["CN111434973A"])],
    store: StoreDep,
) -> PatentFact:
    fact = store.get_patent(pub_no)
    if fact is None:
        raise NotFoundError(f"专利不存在 (no patent {pub_no[:40]})")
    return fact


@router.get(
    "/api/holders/{key}",
    summary="权利人详情",
    response_description="成功: 权利人",
    description="按权利人键查一个权利人: 名称、类型及判定理由、别名、是否中小企业、地区与专利数。",
    responses=LOOKUP_ERRORS,
)
def holder(
    key: Annotated[str, Path(description="权利人键 (规范化后的名称, 如 浙江大学)", examples=["浙江大学"])],
    store: StoreDep,
) -> HolderView:
    view = store.get_holder(key)
    if view is None:
        raise NotFoundError(f"权利人不存在 (no holder {key[:40]})")
    return view


@router.get(
    "/api/subgraph",
    summary="关系子图",
    response_description="成功: 子图 (节点、关系、是否截断)",
    description=(
        f"以一个节点为中心取周边关系子图 (深度 1-{MAX_SUBGRAPH_DEPTH}, 至多 {MAX_SUBGRAPH_NODES} 个节点); "
        "超过上限时截断并标明 truncated。"
    ),
    responses=LOOKUP_ERRORS,
)
def subgraph(
    store: StoreDep,
    label: Annotated[Label, Query(description="中心节点类型", examples=["Holder"])],
    key: Annotated[str, Query(description="中心节点的键, 如权利人键或公开号", examples=["浙江大学"])],
    depth: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_DEPTH, description="深度")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_NODES, description="节点数上限")] = 100,
) -> Subgraph:
    return store.neighbourhood(label.value, key, depth=depth, limit=limit)

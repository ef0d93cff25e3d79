"""Health, statistics and lookups by key (健康检查、统计、按键查询)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from graph.errors import NotFoundError
from graph.schema import Label
from graph.store import MAX_SUBGRAPH_DEPTH, MAX_SUBGRAPH_NODES

router = APIRouter()


@router.get("/health")
def health(store: StoreDep) -> dict[str, Any]:
    """Which store answers and how many nodes it holds."""
    stats = store.stats()
    return {"status": "ok", "store": stats.store, "nodes": stats.nodes, "relationships": stats.relationships}


@router.get("/api/patents/{pub_no}")
def patent(pub_no: str, store: StoreDep) -> dict[str, Any]:
    fact = store.get_patent(pub_no)
    if fact is None:
        raise NotFoundError(f"专利不存在 (no patent {pub_no})")
    return asdict(fact)


@router.get("/api/holders/{key}")
def holder(key: str, store: StoreDep) -> dict[str, Any]:
    view = store.get_holder(key)
    if view is None:
        raise NotFoundError(f"权利人不存在 (no holder {key})")
    return asdict(view)


@router.get("/api/subgraph")
def subgraph(
    store: StoreDep,
    label: Label,
    key: str,
    depth: int = Query(1, ge=1, le=MAX_SUBGRAPH_DEPTH),
    limit: int = Query(100, ge=1, le=MAX_SUBGRAPH_NODES),
) -> dict[str, Any]:
    return asdict(store.neighbourhood(label.value, key, depth=depth, limit=limit))

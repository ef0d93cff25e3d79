"""Views of the graph and of the store (子图、计数、数据截止日): read-side shapes with no domain rules.

Re-exported by ``graph.models``, where callers have always found them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NodeView:
    id: str  # "<Label>:<key>"
    label: str
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class EdgeView:
    source: str
    target: str
    rel_type: str


@dataclass(frozen=True, slots=True)
class Subgraph:
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    truncated: bool


@dataclass(frozen=True, slots=True)
class StoreStats:
    store: str
    nodes: dict[str, int]
    relationships: dict[str, int]


@dataclass(frozen=True, slots=True)
class DataCutoff:
    """The latest dates in the store (数据截止日): what "as of now" means for the data."""

    latest_app_date: str | None  # 最新申请日
    latest_pub_date: str | None  # 最新公开日
    latest_grant_date: str | None  # 最新授权公告日


@dataclass(frozen=True, slots=True)
class HolderName:
    """A holder's key, display name and recorded spellings (权利人名称), for lookup by name."""

    key: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A patent found by full-text search (全文检索): what ranking needs, nothing more."""

    pub_no: str
    title: str
    app_date: str | None
    matched_terms: tuple[str, ...]  # the caller's terms the patent holds, sorted

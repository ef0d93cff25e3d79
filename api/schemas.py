"""Request and response models of the navigation API, named by role (请求/响应模型).

Request-cost limits (top_k, page size, need length, year span) are checked here and fail
with 422 and a message in Simplified Chinese. Nested analysis results stay the plain
dicts of the navigation dataclasses' ``to_dict()``: one shape for API, CLI and pages.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from graph.models import HolderType
from graph.navigation import Availability

MAX_NEED_CHARS = 2000
MAX_TOP_K = 50
MAX_PAGE_LIMIT = 1000
MAX_KPI_YEARS = 30
DEFAULT_HOLDER_TYPES = (HolderType.UNIVERSITY, HolderType.INSTITUTE)


def within(low: int, high: int, what_zh: str, what: str) -> AfterValidator:
    """A bound checked after parsing so the 422 message is Chinese (pydantic's own is English)."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{what_zh}须在 {low} 到 {high} 之间 ({what} must be between {low} and {high})")
        return value

    return AfterValidator(check)


def _need_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("技术需求不能为空 (need must not be empty)")
    if len(text) > MAX_NEED_CHARS:
        raise ValueError(
            f"技术需求最多 {MAX_NEED_CHARS} 字, 当前 {len(text)} 字 "
            f"(need is limited to {MAX_NEED_CHARS} chars)"
        )
    return text


NeedText = Annotated[str, AfterValidator(_need_text)]
TopK = Annotated[
    int,
    Field(description=f"返回数量, 1-{MAX_TOP_K}", json_schema_extra={"minimum": 1, "maximum": MAX_TOP_K}),
    within(1, MAX_TOP_K, "返回数量 top_k ", "top_k"),
]
PageLimit = Annotated[
    int,
    Query(
        description=f"每页条数, 1-{MAX_PAGE_LIMIT}",
        json_schema_extra={"minimum": 1, "maximum": MAX_PAGE_LIMIT},
    ),
    within(1, MAX_PAGE_LIMIT, "每页条数 limit ", "limit"),
]
PageOffset = Annotated[
    int,
    Query(description="跳过条数", json_schema_extra={"minimum": 0}),
    within(0, 10**9, "偏移量 offset ", "offset"),
]
AsOf = Annotated[date | None, Query(description="分析基准日 YYYY-MM-DD, 默认今天")]
RegionQuery = Annotated[str | None, Query(description="地区代码或前缀 (NBS), 如 22 或 220100000000")]


# --------------------------------------------------------------------------- requests


class CollaboratorQuery(BaseModel):
    """An SME's need (企业技术需求) in Chinese free text, with optional narrowing."""

    model_config = ConfigDict(extra="forbid")

    need: NeedText = Field(description=f"技术需求 (中文, 最多 {MAX_NEED_CHARS} 字)")
    region: str | None = Field(None, description="需求方所在地 NBS 代码, 用于就近加分")
    chain_node: str | None = Field(None, description="产业链节点, 如 nev/battery_cell")
    holder_types: list[HolderType] = Field(default_factory=lambda: list(DEFAULT_HOLDER_TYPES))
    availability: Availability = Availability.ANY
    top_k: TopK = 10
    as_of: date | None = None


# --------------------------------------------------------------------------- responses


class CollaboratorList(BaseModel):
    """Ranked holders (合作对象排名), best first, with reasons and score parts."""

    need: str
    query_terms: list[str]
    candidates: list[dict[str, Any]]


class PageInfo(BaseModel):
    total: int
    offset: int
    limit: int


class SleepingPage(PageInfo):
    """One page of graded sleeping patents (沉睡专利分级)."""

    as_of: str
    items: list[dict[str, Any]]


class HighValuePage(PageInfo):
    """High-value assessments (高价值专利) paged; group shares cut to ``limit`` rows each."""

    as_of: str
    high_value_total: int
    patents: list[dict[str, Any]]
    by_holder: list[dict[str, Any]]
    by_region: list[dict[str, Any]]
    by_chain_node: list[dict[str, Any]]
    caveats: list[str]


class AbnormalTransferPage(PageInfo):
    """Abnormal-transfer warnings (异常转让预警) paged."""

    events_examined: int
    counts: dict[str, int]
    thresholds: dict[str, int]
    warnings: list[dict[str, Any]]


class ChainNodePublic(BaseModel):
    key: str
    name: str
    position: str
    parent: str | None
    ipc_codes: list[str]
    keywords: list[str]
    supplies_to: list[str]


class ChainSummary(BaseModel):
    """A chain loaded in the graph (图谱中的产业链)."""

    chain: str
    name: str | None
    nodes: int


class ChainDetail(ChainSummary):
    description: str | None
    node_list: list[ChainNodePublic]


class QuarantineSummary(BaseModel):
    """Rejected rows (拒收行) by field, with the first few for a quick look."""

    rows: int
    by_field: dict[str, int]
    examples: list[dict[str, Any]]
    file: str | None


class IngestReceipt(BaseModel):
    """Reconciliation of one upload (对账): read = loaded + duplicates + rejected."""

    filename: str
    run_id: str
    status: str
    read: int
    loaded: int
    duplicates: int
    rejected: int
    reconciled: bool
    error: str | None
    quarantine: QuarantineSummary
    elapsed_s: float

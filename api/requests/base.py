"""The request and response of a navigation analysis, shared by the CLI, the API and the pages.

A request type (``NavigationRequest``) is a pydantic model of one analysis's parameters; its
``run(ctx)`` checks what needs the graph, calls ``graph.navigation`` and wraps the result's
``to_dict()`` in one ``NavigationResponse``. ``render_json`` is the one serialisation, so
``patentnav query X --json`` and ``/api/X`` print the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from api.requests.errors import ParameterError, echo
from api.requests.fields import (
    DEFAULT_PAGE_LIMIT,
    MAX_PAGE_LIMIT,
    MAX_PAGE_OFFSET,
    NESTED_TOTAL_SUFFIX,
    PageLimit,
    PageOffset,
)
from graph.models import ChainNodeRecord, PatentFilter
from graph.settings import Settings
from graph.store import GraphStore

T = TypeVar("T")
QueryTerms = Callable[[str], list[str]]
# An empty graph answers every analysis with zeros; the answer says why (the CLI also on stderr).
EMPTY_STORE_NOTE = (
    "图谱中没有专利, 结果为空只因尚未导入数据: 先运行 make demo 或 patentnav ingest 文件"
    " (the graph holds no patents)"
)


def resolve_as_of(store: GraphStore, as_of: date | None) -> date:
    """The analysis date for analyses that take one: the caller's, else the data cut-off
    (``graph.navigation.common.analysis_date``, the rule every analysis uses)."""
    from graph.navigation.common import analysis_date

    return analysis_date(store, as_of)[0]


def store_holds_patents(store: GraphStore) -> bool:
    """One patent read (not a count: this runs before every answer)."""
    return next(iter(store.patent_facts(PatentFilter(), limit=1)), None) is not None


def empty_store_warning(store: GraphStore) -> str | None:
    """The warning for a graph without patents, naming the store read (CLI stderr, server log)."""
    if store_holds_patents(store):
        return None
    return f"警告 (warning): {EMPTY_STORE_NOTE}; 读取的图存储: {getattr(store, 'path', None) or store.name}"


def pipeline_query_terms(need: str) -> list[str]:
    """The NLP pipeline's need -> query terms (built once per process, on first use)."""
    from nlp.pipeline import load_pipeline

    return load_pipeline().query_terms(need)


def pipeline_search_words(query: str) -> list[list[str]]:
    """A search query -> per word ``[word, *sub-words]``: the NLP pipeline's search tokens, the
    segmentation patents are indexed with (``PatentNlp.search_tokens``)."""
    from nlp.pipeline import load_pipeline
    from nlp.tokenizer import doc_words

    nlp = load_pipeline()
    groups = [nlp.search_tokens(nlp.nlp(word)) for word in doc_words(nlp.nlp(query))]
    return [group for group in groups if group]


@dataclass
class NavigationContext:
    """What a request runs against: the store, the settings, the need -> terms function."""

    store: GraphStore
    settings: Settings
    query_terms: QueryTerms = field(default=pipeline_query_terms)
    search_words: Callable[[str], list[list[str]]] = field(default=pipeline_search_words)

    @cached_property
    def chain_nodes(self) -> dict[str, list[ChainNodeRecord]]:
        by_chain: dict[str, list[ChainNodeRecord]] = {}
        for node in sorted(self.store.chain_nodes(), key=lambda n: n.key):
            by_chain.setdefault(node.chain, []).append(node)
        return by_chain

    def require_chain(self, chain: str | None, parameter: str = "chain") -> None:
        if chain is not None and chain not in self.chain_nodes:
            known = ", ".join(sorted(self.chain_nodes)) or "(图谱中尚无产业链)"
            raise ParameterError(parameter, f"产业链不存在 {echo(chain)}; 可选: {known}")

    def require_chain_nodes(self, keys: Iterable[str], parameter: str = "chain_node") -> None:
        for key in keys:
            chain = key.split("/", 1)[0]
            if chain not in self.chain_nodes:
                known = ", ".join(sorted(self.chain_nodes)) or "(图谱中尚无产业链)"
                raise ParameterError(
                    parameter, f"产业链节点不存在 {echo(key)}: 无产业链 {chain}; 可选: {known}"
                )
            nodes = [n.key for n in self.chain_nodes[chain]]
            if key not in nodes:
                raise ParameterError(
                    parameter, f"产业链节点不存在 {echo(key)}; {chain} 的节点: {', '.join(nodes)}"
                )

    def require_holders(self, keys: Iterable[str], parameter: str = "holder") -> None:
        for key in keys:
            if self.store.get_holder(key) is None:
                raise ParameterError(
                    parameter, f"权利人不存在 {echo(key)} (应为权利人键, 见 /api/holders/{{key}})"
                )


class PageInfo(BaseModel):
    """分页信息。"""

    total: int = Field(description="符合条件的总条数")
    offset: int = Field(description="本页跳过的条数")
    limit: int = Field(description="每页条数")


def page_span(total: int, offset: int, shown: int, unit: str = "件") -> str:
    """``共 N 件, 显示 a-b``: how the CLI and the pages state a window of a list (one wording)."""
    if shown == 0 or (offset == 0 and shown >= total):
        return f"共 {total} {unit}"
    return f"共 {total} {unit}, 显示 {offset + 1}-{offset + shown}"


def response_span(response: NavigationResponse, shown: int, unit: str = "件") -> str:
    page = response.page
    return page_span(page.total, page.offset, shown, unit) if page else page_span(shown, 0, shown, unit)


class NavigationResponse(BaseModel):
    """Every analysis answers in this shape (导航分析响应)."""

    analysis: str = Field(description="分析名, 如 chain_gaps")
    request: dict[str, Any] = Field(description="解析后的请求参数 (未给出的取默认值)")
    result: Any = Field(description="分析结果: 结果对象的 to_dict()")
    page: PageInfo | None = Field(None, description="分页列表的总数与位置; 不分页时为 null")
    notes: list[str] = Field(default_factory=list, description="请求层的说明, 如未能核对的计划目标")


def render_json(response: NavigationResponse) -> bytes:
    """The one JSON form of a response (compact, UTF-8, no NaN) for the API and ``--json``."""
    return json.dumps(
        response.model_dump(mode="json"), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")


class NavigationRequest(BaseModel):
    """Base of the request types: unknown parameters are errors, values are immutable.

    A request type states, besides its fields, what the OpenAPI document shows: the Chinese
    ``openapi_summary`` and ``openapi_description`` of its operation and the type of its
    ``result`` (``result_type``, a graph result dataclass or a model of ``api.requests.results``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    analysis: ClassVar[str]
    openapi_summary: ClassVar[str]
    openapi_description: ClassVar[str]
    result_type: ClassVar[Any] = Any

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        raise NotImplementedError

    def answer(self, ctx: NavigationContext) -> NavigationResponse:
        """``run`` and the note about the store itself (an empty graph says so)."""
        response = self.run(ctx)
        if store_holds_patents(ctx.store):
            return response
        return response.model_copy(update={"notes": [*response.notes, EMPTY_STORE_NOTE]})

    def respond(
        self, result: Any, page: PageInfo | None = None, notes: Sequence[str] = ()
    ) -> NavigationResponse:
        return NavigationResponse(
            analysis=self.analysis,
            request=self.model_dump(mode="json"),
            result=result,
            page=page,
            notes=list(notes),
        )


def nested_total(name: str) -> str:
    """The key beside a nested list that holds its uncut length (``holders`` -> ``holders_total``)."""
    return f"{name}{NESTED_TOTAL_SUFFIX}"


def cut_nested(result: dict[str, Any], names: Iterable[str], limit: int, offset: int = 0) -> dict[str, Any]:
    """The one shape of a nested list: ``result[name]`` cut to ``[offset, offset + limit)`` and
    ``<name>_total`` beside it, the length before the cut (``page`` is for the top-level list)."""
    out = dict(result)
    for name in names:
        items = out[name]
        out[name] = items[offset : offset + limit]
        out[nested_total(name)] = len(items)
    return out


class PagedRequest(NavigationRequest):
    """A request whose list is answered one window at a time: ``offset`` and ``limit`` (also the
    cut of its nested lists, each with ``<name>_total``), ``page`` says the total."""

    offset: PageOffset = Field(0, description=f"跳过条数 (0-{MAX_PAGE_OFFSET})")
    limit: PageLimit = Field(
        DEFAULT_PAGE_LIMIT,
        description=f"每页条数, 1-{MAX_PAGE_LIMIT} (默认 {DEFAULT_PAGE_LIMIT}); 嵌套列表也截至这么多条, "
        "并在旁边的 <列表名>_total 给出截断前的条数",
    )

    def page(self, items: Sequence[T]) -> tuple[list[T], PageInfo]:
        window = list(items[self.offset : self.offset + self.limit])
        return window, self.page_info(len(items))

    def page_info(self, total: int) -> PageInfo:
        return PageInfo(total=total, offset=self.offset, limit=self.limit)

    def cut(self, result: dict[str, Any], *names: str) -> dict[str, Any]:
        """Nested lists cut to the first ``limit`` (the offset pages the top-level list only)."""
        return cut_nested(result, names, self.limit)

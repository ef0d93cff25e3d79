"""Analyst web pages under ``/ui/`` (分析页面): server-rendered forms over GET/POST.

Each page fills the analysis's request type (``api.requests``) from its form, so a page
refuses what the API refuses, with the same Chinese message and status, and draws the
response's result with ``viz.pages``.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api import routes_ui_detail
from api.deps import StoreDep
from api.region_names import region_names
from api.requests import (
    ChainGapRequest,
    CollaboratorRequest,
    KpiRequest,
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    SleepingRequest,
    error_message,
    error_status,
)
from api.requests.fields import MAX_NEED_CHARS, MAX_PAGE_OFFSET, MAX_TOP_K
from api.requests.http import ContextDep
from api.requests.patents import DEFAULT_HOLDER_TYPES
from api.routes_ui_detail import page_chains, page_nav, page_offset
from graph.errors import NotFoundError, PatentnavError
from graph.schema import Label
from graph.store import MAX_SUBGRAPH_DEPTH, MAX_SUBGRAPH_NODES
from viz.network import render_subgraph_html
from viz.pages import gap_chart, kpi_chart, render_page, static_asset
from viz.region_view import ProvinceGaps

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/ui", tags=["ui 分析页面"], include_in_schema=False)
router.include_router(routes_ui_detail.router)  # /ui/patents, /ui/holders, /ui/nodes, /ui/regions

SLEEPING_PAGE_ROWS = 200


class PageFailure(Exception):
    """An analysis behind a page failed; carries the message and the HTTP status to show."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _answer(
    request_type: type[NavigationRequest], form: dict[str, Any], ctx: NavigationContext
) -> NavigationResponse:
    """Parse the form (blank fields left to their defaults) and run the request."""
    values = {k: v for k, v in form.items() if v not in ("", None, [])}
    try:
        return request_type.model_validate(values).answer(ctx)
    except (PatentnavError, ValidationError) as exc:
        raise PageFailure(error_message(exc), error_status(exc)) from exc


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, regions=region_names(), **context), status_code=status)


# --------------------------------------------------------------------------- index, assets


@router.get("/", response_class=HTMLResponse)
def index(ctx: ContextDep) -> HTMLResponse:
    return _html("index.html", stats=ctx.store.stats(), chains=page_chains(ctx))


@router.get("/static/{name}")
def static(name: str) -> Response:
    asset = static_asset(name)
    if asset is None:
        raise HTTPException(404, "资源不存在 (no such asset)")
    content, media = asset
    return Response(content, media_type=media, headers={"Cache-Control": "max-age=3600"})


# --------------------------------------------------------------------------- chain gaps


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(
    ctx: ContextDep, chain: str = "", region: str = "", benchmark: str = "national", as_of: str = ""
) -> HTMLResponse:
    chains = page_chains(ctx)
    form = {
        "chain": chain or (chains[0]["chain"] if chains else ""),
        "region": region,
        "benchmark": benchmark,
    }
    form["as_of"] = as_of
    context: dict[str, Any] = {"chains": chains, "form": form, "report": None, "chart": None}
    if not (chain and region):
        return _html("gaps.html", **context)
    try:
        report = _answer(ChainGapRequest, {**form, "chain": chain}, ctx).result
    except PageFailure as exc:
        return _html("gaps.html", exc.status, error=str(exc), **context)
    query = urlencode({"chain": chain, "benchmark": benchmark, "as_of": as_of})
    return _html(
        "gaps.html", **{**context, "report": report, "chart": gap_chart(report), "province_query": query}
    )


@router.get("/gaps/provinces", response_class=HTMLResponse)
def gap_provinces(ctx: ContextDep, chain: str, benchmark: str = "national", as_of: str = "") -> HTMLResponse:
    """The gap page's province view (heat map and China map), fetched by the page once it shows
    the region's own report, so the table does not wait for the 31 runs."""
    try:
        provinces = _province_gaps(ctx, chain, benchmark, as_of)
    except PageFailure as exc:
        return HTMLResponse(f'<p class="error" id="province-error">{escape(str(exc))}</p>', exc.status)
    context: dict[str, Any] = {"provinces": provinces, "chain": chain, "benchmark": benchmark}
    context["chains"] = page_chains(ctx)
    return _html("gap_provinces.html", **context)


def _province_gaps(ctx: NavigationContext, chain: str, benchmark: str, as_of: str) -> list[ProvinceGaps]:
    """The same chain gap analysis for every province against the same benchmark (the heat map
    and the China map): 31 runs, 1.7-3.2 s on the demo graph, once per view of the page."""
    found = []
    for option in region_names().options():
        if len(option.value) != 2:
            continue
        form = {"chain": chain, "region": option.value, "benchmark": benchmark, "as_of": as_of}
        found.append(ProvinceGaps(option.value, option.name, _answer(ChainGapRequest, form, ctx).result))
    return sorted(found, key=lambda p: (-int(p.report.get("region_chain_patents") or 0), p.code))


# --------------------------------------------------------------------------- collaborators


def _collaborator_form(**values: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "need": "",
        "region": "",
        "chain_node": "",
        "availability": "any",
        "top_k": 10,
        "as_of": "",
        "holder_types": [t.value for t in DEFAULT_HOLDER_TYPES],
    }
    form.update({k: v for k, v in values.items() if v is not None})
    return form


def _collaborator_page(
    form: dict[str, Any], result: Any = None, error: str | None = None, status: int = 200
) -> HTMLResponse:
    return _html(
        "collaborators.html",
        status,
        form=form,
        result=result,
        error=error,
        max_need=MAX_NEED_CHARS,
        max_top_k=MAX_TOP_K,
    )


@router.get("/collaborators", response_class=HTMLResponse)
def collaborators_form() -> HTMLResponse:
    return _collaborator_page(_collaborator_form())


@router.post("/collaborators", response_class=HTMLResponse)
def collaborators_page(
    ctx: ContextDep,
    need: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    chain_node: Annotated[str, Form()] = "",
    availability: Annotated[str, Form()] = "any",
    top_k: Annotated[str, Form()] = "10",
    as_of: Annotated[str, Form()] = "",
    holder_types: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    form = _collaborator_form(
        need=need, region=region, chain_node=chain_node, availability=availability, top_k=top_k, as_of=as_of
    )
    form["holder_types"] = holder_types or form["holder_types"]
    try:
        result = _answer(CollaboratorRequest, form, ctx).result
    except PageFailure as exc:
        return _collaborator_page(form, error=str(exc), status=exc.status)
    return _collaborator_page(form, result=result)


# --------------------------------------------------------------------------- sleeping patents, KPIs


@router.get("/sleeping", response_class=HTMLResponse)
def sleeping_page(
    ctx: ContextDep, region: str = "", chain: str = "", level: str = "", as_of: str = "", offset: str = ""
) -> HTMLResponse:
    form = {"region": region, "chain": chain, "level": level, "as_of": as_of}
    export_query = urlencode({k: v for k, v in form.items() if v})
    context: dict[str, Any] = {"form": form, "export_query": export_query, "patents": [], "total": 0}
    at = page_offset(offset, MAX_PAGE_OFFSET)
    try:
        response = _answer(SleepingRequest, {**form, "offset": at, "limit": SLEEPING_PAGE_ROWS}, ctx)
    except PageFailure as exc:
        return _html("sleeping.html", exc.status, error=str(exc), **context)
    total = response.page.total if response.page else 0
    patents = response.result["patents"]
    nav = page_nav("/ui/sleeping", form, total, at, len(patents), SLEEPING_PAGE_ROWS, total)
    return _html("sleeping.html", **{**context, "patents": patents, "total": total, "nav": nav})


@router.get("/kpis", response_class=HTMLResponse)
def kpis_page(
    ctx: ContextDep, region: str = "", year_from: str = "", year_to: str = "", plan: str = ""
) -> HTMLResponse:
    with_plan = plan == "true"
    form = {"region": region, "year_from": year_from, "year_to": year_to, "plan": with_plan}
    context: dict[str, Any] = {"form": form, "report": None, "chart": None}
    try:
        report = _answer(KpiRequest, form, ctx).result
    except PageFailure as exc:
        return _html("kpis.html", exc.status, error=str(exc), **context)
    form["year_from"], form["year_to"] = str(report["years"][0]), str(report["years"][-1])
    return _html("kpis.html", **{**context, "report": report, "chart": kpi_chart(report)})


# --------------------------------------------------------------------------- neighbourhood graph


def _graph_query(label: Label, key: str, depth: int, limit: int) -> str:
    return urlencode({"label": label.value, "key": key, "depth": depth, "limit": limit})


@router.get("/neighbourhood", response_class=HTMLResponse)
def neighbourhood_page(
    label: Label = Label.HOLDER,
    key: str = "",
    depth: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_NODES)] = 100,
) -> HTMLResponse:
    frame = f"/ui/neighbourhood/graph?{_graph_query(label, key, depth, limit)}" if key.strip() else None
    return _html(
        "neighbourhood.html",
        form={"label": label.value, "key": key, "depth": depth, "limit": limit},
        labels=[item.value for item in Label],
        frame_url=frame,
        max_depth=MAX_SUBGRAPH_DEPTH,
        max_nodes=MAX_SUBGRAPH_NODES,
    )


@router.get("/neighbourhood/graph", response_class=HTMLResponse)
def neighbourhood_graph(
    store: StoreDep,
    label: Label,
    key: str,
    depth: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_SUBGRAPH_NODES)] = 100,
) -> HTMLResponse:
    """The pyvis page (vis-network inlined) drawn in the neighbourhood page's frame."""
    try:
        subgraph = store.neighbourhood(label.value, key, depth=depth, limit=limit)
    except NotFoundError:
        subgraph = None
    if subgraph is None or not subgraph.nodes:
        return HTMLResponse(f"<p id='empty'>未找到节点 {escape(label.value)} {escape(key[:100])}</p>", 404)
    # pyvis does not escape the heading: the key is user input
    heading = escape(f"{label.value} {key} 周边 {depth} 层" + (" (已截断)" if subgraph.truncated else ""))
    return HTMLResponse(render_subgraph_html(subgraph, heading))

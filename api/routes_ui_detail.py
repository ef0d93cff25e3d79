"""Detail pages under ``/ui/`` (详情页): a patent, a holder, a chain node, a region.

Every patent number, holder, node and region on the analyst pages links here. The routes
read the store (viz never does) and hand plain rows to the templates; an unknown key is a
404 page that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.region_names import region_names
from api.requests.base import page_span
from api.requests.fields import parse_region
from api.requests.http import ContextDep
from graph.models import EventFilter, Facet, PatentFilter
from graph.store import GraphStore
from viz import detail_view as dv
from viz.catalogue import node_names
from viz.pages import render_page

router = APIRouter(include_in_schema=False)  # included by api.routes_viz under /ui


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, regions=region_names(), **context), status_code=status)


def _missing(what: str, key: str) -> HTMLResponse:
    return _html("not_found.html", 404, what=what, key=key[:100])


@dataclass(frozen=True)
class PageNav:
    """A cut list on a page: ``共 N 件, 显示 a-b`` and the links to the neighbouring windows."""

    span: str
    prev_url: str | None
    next_url: str | None


def page_nav(
    path: str, query: dict[str, str], total: int, offset: int, shown: int, rows: int, reachable: int
) -> PageNav:
    """``reachable``: how far the windows go (a page lists at most the patents it read)."""

    def url(at: int) -> str:
        return f"{path}?{urlencode({**{k: v for k, v in query.items() if v}, 'offset': at})}"

    prev_url = url(max(0, offset - rows)) if offset > 0 else None
    next_url = url(offset + rows) if offset + shown < min(total, reachable) else None
    return PageNav(page_span(total, offset, shown), prev_url, next_url)


def page_offset(text: str, most: int = dv.DETAIL_SCAN) -> int:
    """The page's ``offset`` query: a count up to ``most``, else the first window (a page
    shows its list, never a 422)."""
    return min(int(text), most) if text.isdigit() else 0


def patent_total(store: GraphStore, flt: PatentFilter) -> int:
    """Patents in ``flt``, counted by the store (every patent has one type: the sum is the count)."""
    return sum(c.count for c in store.facet_counts([Facet.PATENT_TYPE], flt))


def _patent_window(
    ctx: Any, flt: PatentFilter, path: str, query: dict[str, str], offset: int
) -> tuple[list[Any], dict[str, Any]]:
    """The page's facts (at most DETAIL_SCAN, for its counts) and its patent list's context."""
    facts = list(ctx.store.patent_facts(flt, limit=dv.DETAIL_SCAN))
    total = patent_total(ctx.store, flt)
    patents = dv.recent(facts, offset + dv.DETAIL_ROWS)[offset:]
    nav = page_nav(path, query, total, offset, len(patents), dv.DETAIL_ROWS, len(facts))
    listed = {"patents": patents, "total": total, "truncated": len(facts) < total, "nav": nav}
    return facts, {**listed, "scan": dv.DETAIL_SCAN}


@router.get("/patents/{pub_no}", response_class=HTMLResponse)
def patent_page(ctx: ContextDep, pub_no: str) -> HTMLResponse:
    fact = ctx.store.get_patent(pub_no)
    if fact is None:
        return _missing("专利", pub_no)
    names = dv.neighbour_names(ctx.store.neighbourhood("Patent", pub_no, depth=1, limit=300))
    return _html("patent.html", patent=fact, names=names, node_names=_all_node_names(ctx))


@router.get("/holders/{key}", response_class=HTMLResponse)
def holder_page(ctx: ContextDep, key: str, offset: str = "") -> HTMLResponse:
    holder = ctx.store.get_holder(key)
    if holder is None:
        return _missing("权利人", key)
    held = PatentFilter(holder_keys=(key,))
    facts, listed = _patent_window(ctx, held, f"/ui/holders/{quote(key)}", {}, page_offset(offset))
    names = _qualified_node_names(ctx, page_chains(ctx))
    nodes = dv.node_counts(ctx.store.facet_counts([Facet.CHAIN_NODE], held), names)
    events = ctx.store.events(EventFilter(holder_keys=(key,)))
    shown = events[-dv.DETAIL_ROWS :][::-1]
    return _html(
        "holder.html",
        holder=holder,
        **listed,
        nodes=nodes,
        years=dv.year_counts(facts),
        partners=dv.top_holders(facts, exclude=key),
        events=shown,
        events_span=page_span(len(events), 0, len(shown), "条")
        + (" (最近的)" if len(shown) < len(events) else ""),
    )


@router.get("/nodes/{node_key:path}", response_class=HTMLResponse)
def node_page(ctx: ContextDep, node_key: str, offset: str = "") -> HTMLResponse:
    chain = node_key.split("/", 1)[0]
    record = next((n for n in ctx.chain_nodes.get(chain, []) if n.key == node_key), None)
    if record is None:
        return _missing("产业链环节", node_key)
    mapped = PatentFilter(chain_node_keys=(node_key,))
    facts, listed = _patent_window(ctx, mapped, f"/ui/nodes/{quote(node_key)}", {}, page_offset(offset))
    provinces = ctx.store.facet_counts([Facet.PROVINCE], mapped)
    names = _all_node_names(ctx)
    return _html(
        "node.html",
        node=record,
        chain_label=next((c["name"] for c in page_chains(ctx) if c["chain"] == chain), None) or chain,
        names=names,
        children=[n for n in ctx.chain_nodes[chain] if n.parent == node_key],
        suppliers=[n for n in ctx.chain_nodes[chain] if node_key in n.supplies_to],
        **listed,
        provinces=dv.region_counts(provinces, region_names().name, chain),
        holders=dv.top_holders(facts),
        years=dv.year_counts(facts),
    )


@router.get("/regions/{code}", response_class=HTMLResponse)
def region_page(ctx: ContextDep, code: str, chain: str = "", offset: str = "") -> HTMLResponse:
    try:
        prefix = parse_region(code)
    except ValueError:
        return _missing("地区", code)
    chain = chain if chain in ctx.chain_nodes else ""
    inside = PatentFilter(region_prefixes=(prefix,))
    query = {"chain": chain}
    facts, listed = _patent_window(ctx, inside, f"/ui/regions/{quote(prefix)}", query, page_offset(offset))
    sub_facet = Facet.CITY if len(prefix) == 2 else None
    chains = page_chains(ctx)
    names = _all_node_names(ctx) if chain else _qualified_node_names(ctx, chains)
    nodes = dv.node_counts(ctx.store.facet_counts([Facet.CHAIN_NODE], inside), names)
    return _html(
        "region.html",
        code=prefix,
        chain=chain,
        chains=chains,
        nodes=[n for n in nodes if n.key.startswith(f"{chain}/")] if chain else nodes,
        cities=dv.region_counts(ctx.store.facet_counts([sub_facet], inside), region_names().name)
        if sub_facet
        else [],
        **listed,
        holders=dv.top_holders(facts),
        years=dv.year_counts(facts),
    )


def page_chains(ctx: Any) -> list[dict[str, Any]]:
    """The chains in the graph, shaped as ``chain_summaries`` gives them, named from the cached
    catalogue (``chain_summaries`` re-reads every chain's YAML, about 2 s a page here)."""
    names = node_names()
    return [
        {"chain": chain, "name": names.get(chain), "nodes": len(nodes)}
        for chain, nodes in sorted(ctx.chain_nodes.items())
    ]


def _all_node_names(ctx: Any) -> dict[str, str]:
    """Node key -> name as loaded in the graph, over the shipped definitions' names."""
    loaded = {n.key: n.name for nodes in ctx.chain_nodes.values() for n in nodes}
    return {**node_names(), **loaded}


def _qualified_node_names(ctx: Any, chains: list[dict[str, Any]]) -> dict[str, str]:
    """Node key -> "产业链 · 环节" (a region's nodes come from every chain)."""
    chain_label = {c["chain"]: c["name"] or c["chain"] for c in chains}
    return {
        k: f"{chain_label.get(k.split('/')[0], k.split('/')[0])} · {v}"
        for k, v in _all_node_names(ctx).items()
    }

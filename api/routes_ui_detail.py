"""Detail pages under ``/ui/`` (详情页): a patent, a holder, a chain node, a region.

Every patent number, holder, node and region on the analyst pages links here. The routes
read the store (viz never does) and hand plain rows to the templates; an unknown key is a
404 page that names it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.region_names import region_names
from api.requests.fields import parse_region
from api.requests.http import ContextDep
from graph.models import EventFilter, Facet, PatentFilter
from viz import detail_view as dv
from viz.catalogue import node_names
from viz.pages import render_page

router = APIRouter(include_in_schema=False)  # included by api.routes_viz under /ui


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, regions=region_names(), **context), status_code=status)


def _missing(what: str, key: str) -> HTMLResponse:
    return _html("not_found.html", 404, what=what, key=key[:100])


@router.get("/patents/{pub_no}", response_class=HTMLResponse)
def patent_page(ctx: ContextDep, pub_no: str) -> HTMLResponse:
    fact = ctx.store.get_patent(pub_no)
    if fact is None:
        return _missing("专利", pub_no)
    names = dv.neighbour_names(ctx.store.neighbourhood("Patent", pub_no, depth=1, limit=300))
    return _html("patent.html", patent=fact, names=names, node_names=_all_node_names(ctx))


@router.get("/holders/{key}", response_class=HTMLResponse)
def holder_page(ctx: ContextDep, key: str) -> HTMLResponse:
    holder = ctx.store.get_holder(key)
    if holder is None:
        return _missing("权利人", key)
    held = PatentFilter(holder_keys=(key,))
    facts = list(ctx.store.patent_facts(held, limit=dv.DETAIL_SCAN))
    names = _qualified_node_names(ctx, page_chains(ctx))
    nodes = dv.node_counts(ctx.store.facet_counts([Facet.CHAIN_NODE], held), names)
    events = ctx.store.events(EventFilter(holder_keys=(key,)))
    return _html(
        "holder.html",
        holder=holder,
        patents=dv.recent(facts),
        total=len(facts),
        truncated=len(facts) >= dv.DETAIL_SCAN,
        nodes=nodes,
        years=dv.year_counts(facts),
        partners=dv.top_holders(facts, exclude=key),
        events=events[-dv.DETAIL_ROWS :][::-1],
    )


@router.get("/nodes/{node_key:path}", response_class=HTMLResponse)
def node_page(ctx: ContextDep, node_key: str) -> HTMLResponse:
    chain = node_key.split("/", 1)[0]
    record = next((n for n in ctx.chain_nodes.get(chain, []) if n.key == node_key), None)
    if record is None:
        return _missing("产业链环节", node_key)
    mapped = PatentFilter(chain_node_keys=(node_key,))
    facts = list(ctx.store.patent_facts(mapped, limit=dv.DETAIL_SCAN))
    provinces = ctx.store.facet_counts([Facet.PROVINCE], mapped)
    names = _all_node_names(ctx)
    return _html(
        "node.html",
        node=record,
        chain_label=next((c["name"] for c in page_chains(ctx) if c["chain"] == chain), None) or chain,
        names=names,
        children=[n for n in ctx.chain_nodes[chain] if n.parent == node_key],
        suppliers=[n for n in ctx.chain_nodes[chain] if node_key in n.supplies_to],
        patents=dv.recent(facts),
        total=len(facts),
        truncated=len(facts) >= dv.DETAIL_SCAN,
        provinces=dv.region_counts(provinces, region_names().name, chain),
        holders=dv.top_holders(facts),
        years=dv.year_counts(facts),
    )


@router.get("/regions/{code}", response_class=HTMLResponse)
def region_page(ctx: ContextDep, code: str, chain: str = "") -> HTMLResponse:
    try:
        prefix = parse_region(code)
    except ValueError:
        return _missing("地区", code)
    inside = PatentFilter(region_prefixes=(prefix,))
    facts = list(ctx.store.patent_facts(inside, limit=dv.DETAIL_SCAN))
    sub_facet = Facet.CITY if len(prefix) == 2 else None
    chain = chain if chain in ctx.chain_nodes else ""
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
        patents=dv.recent(facts),
        total=len(facts),
        truncated=len(facts) >= dv.DETAIL_SCAN,
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

"""Neighbourhood graphs as interactive pages (关系图谱可视化): pyvis builds the vis-network
data and options; our own template draws them with a legend, Chinese labels and a detail panel.

pyvis's own page template is not used: it prints the heading twice, links Bootstrap from a CDN
and floats a fixed-height box that its frame cuts off. vis-network's script and stylesheet are
the ones pyvis ships, served by the API (``/ui/static/vis-network.min.js``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup
from pyvis.network import Network

from graph.models import NodeView, Subgraph
from viz.charts import FONT_STACK
from viz.names import EVENT_KINDS_ZH, LABELS_ZH, REL_TYPES_ZH, zh_path
from viz.templating import render_page

# One colour (and shape) per label so analysts can tell patents from holders at a glance.
LABEL_STYLES: dict[str, tuple[str, str]] = {
    "Patent": ("#2f6db5", "dot"),
    "Holder": ("#e8743b", "diamond"),
    "Inventor": ("#8c8c8c", "dot"),
    "Technology": ("#19a979", "dot"),
    "IPC": ("#13a4b4", "square"),
    "Industry": ("#bf9a1b", "square"),
    "ChainNode": ("#d9534f", "triangle"),
    "Region": ("#945ecf", "star"),
    "LegalEvent": ("#ed4a7b", "dot"),
}
OTHER_STYLE = ("#999999", "dot")
LABEL_CHARS = 12  # longer names are cut in the drawing (the panel shows them whole)
EDGE_LABELS_UP_TO = 40  # more edges than this: types only on hover, labels would pile up
VIS_ASSETS = {
    "vis-network.min.js": "lib/vis-9.1.2/vis-network.min.js",
    "vis-network.css": "lib/vis-9.1.2/vis-network.css",
}


def vis_asset_path(name: str) -> Path | None:
    """vis-network's files as shipped inside the pyvis package, by bare name."""
    import pyvis

    relative = VIS_ASSETS.get(name)
    return Path(pyvis.__file__).resolve().parent / "templates" / relative if relative else None


DETAIL_PAGES = {
    "Patent": "/ui/patents/",
    "Holder": "/ui/holders/",
    "ChainNode": "/ui/nodes/",
    "Region": "/ui/regions/",
}


def detail_url(node: NodeView) -> str | None:
    """The detail page of a node, where there is one (patents, holders, chain nodes, regions)."""
    page = DETAIL_PAGES.get(node.label)
    if page is None:
        return None
    return page + quote(node.key, safe="/" if node.label == "ChainNode" else "")


def display_name(node: NodeView) -> str:
    """What the drawing calls a node: its name, in Chinese for legal events (named by kind)."""
    name = node.name or node.key
    return EVENT_KINDS_ZH.get(name, name) if node.label == "LegalEvent" else name


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _options(edge_count: int, physics: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {
            "font": {"face": FONT_STACK, "size": 15, "strokeWidth": 4, "strokeColor": "#ffffff"},
            # hubs get bigger labels; labels drawn smaller than 7 px wait for the analyst to zoom in,
            # so a dense graph shows its hubs' names instead of a pile of overlapping text
            "scaling": {
                "min": 12,
                "max": 34,
                "label": {"enabled": True, "min": 14, "max": 24, "drawThreshold": 7},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b8c0c8", "highlight": "#555555"},
            "font": {"face": FONT_STACK, "size": 10, "color": "#6b7785", "strokeWidth": 2, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous"},
        },
        "physics": {
            "enabled": physics,
            # forceAtlas2 with full overlap avoidance spreads hubs apart enough for their labels
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -120,
                "centralGravity": 0.02,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.6,
                "avoidOverlap": 1,
            },
            "maxVelocity": 30,
            "timestep": 0.4,
            "stabilization": {"enabled": True, "iterations": 800, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "layout": {"improvedLayout": edge_count <= 400, "randomSeed": 7},  # the same picture each time
    }


def _network(subgraph: Subgraph) -> Network:
    degree = Counter([e.source for e in subgraph.edges] + [e.target for e in subgraph.edges])
    net = Network(directed=True, cdn_resources="in_line")
    for node in subgraph.nodes:
        colour, shape = LABEL_STYLES.get(node.label, OTHER_STYLE)
        name = display_name(node)
        net.add_node(
            node.id,
            label=_short(name),
            title=f"{LABELS_ZH.get(node.label, node.label)}: {name}",
            color=colour,
            shape=shape,
            value=1 + degree[node.id],
        )
    show_labels = len(subgraph.edges) <= EDGE_LABELS_UP_TO
    for edge in subgraph.edges:
        name = REL_TYPES_ZH.get(edge.rel_type, edge.rel_type)  # closed enum
        net.add_edge(edge.source, edge.target, title=name, **({"label": name} if show_labels else {}))
    net.options = _options(len(subgraph.edges), physics=len(subgraph.nodes) <= 300)
    return net


def _named_heading(subgraph: Subgraph, heading: str) -> str:
    """The routes title a graph "<Label> <key> 周边 ..."; say the centre's type and name instead."""
    for node in subgraph.nodes:
        prefix = f"{node.label} {node.key}"
        if heading == prefix or heading.startswith(prefix + " "):
            return f"{LABELS_ZH.get(node.label, node.label)} {display_name(node)}{heading[len(prefix) :]}"
    return zh_path(heading)


def _json(value: Any) -> Markup:
    """JSON for a <script> block: ``<`` escaped, so names from data cannot close the script."""
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))


def render_subgraph_html(subgraph: Subgraph, heading: str = "") -> str:
    """A page (for the neighbourhood frame) drawing one neighbourhood."""
    net = _network(subgraph)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    present = Counter(node.label for node in subgraph.nodes)
    legend = [
        {
            "label": label,
            "name": LABELS_ZH.get(label, label),
            "colour": style[0],
            "shape": style[1],
            "count": present[label],
        }
        for label, style in LABEL_STYLES.items()
        if present[label]
    ]
    details = {
        node.id: {
            "label": node.label,
            "type": LABELS_ZH.get(node.label, node.label),
            "name": display_name(node),
            "key": node.key,
            "detail": detail_url(node),
            "centre": "/ui/neighbourhood?" + urlencode({"label": node.label, "key": node.key}),
        }
        for node in subgraph.nodes
    }
    return render_page(
        "graph.html",
        heading=_named_heading(subgraph, heading),
        legend=legend,
        truncated=subgraph.truncated,
        nodes_json=_json(nodes),
        edges_json=_json(edges),
        options_json=Markup(options.replace("<", "\\u003c")),
        details_json=_json(details),
    )

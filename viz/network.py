"""Neighbourhood graphs as interactive pyvis pages (关系图谱可视化)."""

from __future__ import annotations

import re

from pyvis.network import Network

from graph.models import Subgraph

# One colour per label so analysts can tell patents from holders at a glance.
LABEL_COLOURS = {
    "Patent": "#4e79a7",
    "Holder": "#f28e2b",
    "Inventor": "#bab0ac",
    "Technology": "#59a14f",
    "IPC": "#76b7b2",
    "Industry": "#edc948",
    "ChainNode": "#e15759",
    "Region": "#b07aa1",
    "LegalEvent": "#ff9da7",
}

# pyvis's template links Bootstrap from a CDN whatever `cdn_resources` says; the graph does
# not need it, and an intranet page must not try to fetch it.
_CDN_TAG = re.compile(r"<(link|script)[^>]+https?://[^>]+>\s*(</script>)?", re.IGNORECASE)


def _safe_text(text: str) -> str:
    """Names come from data; pyvis writes them into a <script> block unescaped, so angle
    brackets become full-width look-alikes and can never close the script."""
    return text.replace("<", "＜").replace(">", "＞")


def render_subgraph_html(subgraph: Subgraph, heading: str = "") -> str:
    """A self-contained HTML page (vis-network inlined) for one neighbourhood."""
    net = Network(height="720px", width="100%", directed=True, cdn_resources="in_line", heading=heading)
    for node in subgraph.nodes:
        net.add_node(
            node.id,
            label=_safe_text(node.name[:24] or node.key),
            title=_safe_text(f"{node.label}: {node.name} ({node.key})"),
            color=LABEL_COLOURS.get(node.label, "#999999"),
            group=node.label,
        )
    for edge in subgraph.edges:
        net.add_edge(edge.source, edge.target, title=edge.rel_type, label=edge.rel_type)  # closed enum
    net.toggle_physics(len(subgraph.nodes) <= 300)
    return strip_remote_assets(net.generate_html())


def strip_remote_assets(html: str) -> str:
    """Remove every <link>/<script> tag that points at a remote URL."""
    return _CDN_TAG.sub("", html)

"""Detail pages (详情页) of a patent, a holder, a chain node and a region: what the routes read
from the store, arranged for display. Counting holders over a list of patents is display
arithmetic, not an analysis rule; the analyses stay in ``graph.navigation``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from graph.models import FacetCount, HolderRef, PatentFact
from graph.views import Subgraph

DETAIL_ROWS = 50  # patents listed on a detail page (most recent first)
DETAIL_SCAN = 5000  # patents read for a page's holder and year counts


@dataclass(frozen=True, slots=True)
class Counted:
    key: str
    name: str
    count: int
    url: str


def patent_url(pub_no: str) -> str:
    return f"/ui/patents/{quote(pub_no, safe='')}"


def holder_url(key: str) -> str:
    return f"/ui/holders/{quote(key, safe='')}"


def graph_url(label: str, key: str) -> str:
    return f"/ui/neighbourhood?{urlencode({'label': label, 'key': key})}"


def neighbour_names(subgraph: Subgraph) -> dict[str, dict[str, str]]:
    """label -> {key: name} of a node's neighbours (IPC titles, inventors, technologies)."""
    found: dict[str, dict[str, str]] = {}
    for node in subgraph.nodes:
        found.setdefault(node.label, {})[node.key] = node.name or node.key
    return found


def recent(facts: Iterable[PatentFact], rows: int = DETAIL_ROWS) -> list[PatentFact]:
    """The latest applications first (a patent without a date last)."""
    return sorted(facts, key=lambda f: (f.app_date or "", f.pub_no), reverse=True)[:rows]


def top_holders(facts: Sequence[PatentFact], rows: int = 15, exclude: str = "") -> list[Counted]:
    counts: Counter[str] = Counter()
    refs: dict[str, HolderRef] = {}
    for fact in facts:
        for holder in fact.holders:
            if holder.key != exclude:
                counts[holder.key] += 1
                refs[holder.key] = holder
    return [
        Counted(key, refs[key].name, n, holder_url(key))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:rows]
    ]


def node_counts(rows: Sequence[FacetCount], names: Mapping[str, str]) -> list[Counted]:
    """Chain node facet rows -> named nodes, most patents first."""
    found = [
        Counted(
            str(r.values[0]),
            names.get(str(r.values[0]), str(r.values[0])),
            r.count,
            node_link(str(r.values[0])),
        )
        for r in rows
        if r.values and r.values[0]
    ]
    return sorted(found, key=lambda c: (-c.count, c.key))


def region_counts(rows: Sequence[FacetCount], name: Callable[[str], str], chain: str = "") -> list[Counted]:
    """Province or city facet rows -> named regions, most patents first; ``name`` maps a code."""
    codes = [(str(r.values[0]), r.count) for r in rows if r.values and r.values[0]]
    found = [Counted(code, name(code), count, region_link(code, chain)) for code, count in codes]
    return sorted(found, key=lambda c: (-c.count, c.key))


def year_counts(facts: Iterable[PatentFact]) -> list[tuple[str, int]]:
    years = Counter((f.app_date or "")[:4] for f in facts if f.app_date)
    return sorted(years.items())


def node_link(key: str) -> str:
    return f"/ui/nodes/{quote(key)}"


def region_link(code: str, chain: str = "") -> str:
    return f"/ui/regions/{quote(code)}" + (f"?{urlencode({'chain': chain})}" if chain else "")

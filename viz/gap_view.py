"""The chain gap report as the page and the chart read it (补链强链视图).

The report's shape is still growing (a per-node action, an RTA interval, statuses for thin
evidence), so every field is read with a fallback: a field that is absent renders as "—",
never as an error or a raw dict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from viz.names import POSITIONS_ZH, availability_zh, zh_text

# Colour per status; statuses not listed get a neutral grey and their own Chinese name.
STATUS_COLOURS = {
    "strong": "#3f9b54",
    "parity": "#8fc79a",
    "weak": "#e8a33d",
    "missing": "#d9534f",
    "insufficient_evidence": "#9aa5b1",
    "no_benchmark_activity": "#c3cbd3",
}
STATUS_ORDER = ("strong", "parity", "weak", "missing", "insufficient_evidence", "no_benchmark_activity")
OTHER_COLOUR = "#b0b7bf"


@dataclass(frozen=True, slots=True)
class AvailablePatentView:
    pub_no: str
    title: str
    availability: str


@dataclass(frozen=True, slots=True)
class HolderSourceView:
    key: str
    name: str
    count: int | None
    patents: tuple[AvailablePatentView, ...] = ()
    summary: str = ""  # the analysis's own sentence of the counts, when it gives one


@dataclass(frozen=True, slots=True)
class NodeView:
    key: str
    name: str
    position: str
    status: str
    status_zh: str
    colour: str
    patents: int | None
    benchmark_patents: int | None
    rta: float | None
    rta_low: float | None
    rta_high: float | None
    action: str
    action_reason: str
    reasons: tuple[str, ...]
    raw: Mapping[str, Any]
    external_holders: tuple[HolderSourceView, ...] = field(default_factory=tuple)
    local_smes: tuple[HolderSourceView, ...] = field(default_factory=tuple)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def rta_parts(node: Mapping[str, Any]) -> tuple[float | None, float | None, float | None]:
    """(point, low, high) whether the RTA is a number or an object with an interval."""
    rta = node.get("rta")
    low = high = None
    if isinstance(rta, Mapping):
        point = next((_number(rta.get(k)) for k in ("value", "point", "estimate", "rta") if k in rta), None)
        low = next((_number(rta[k]) for k in ("low", "lower", "ci_low") if k in rta), None)
        high = next((_number(rta[k]) for k in ("high", "upper", "ci_high") if k in rta), None)
        interval = rta.get("interval") or rta.get("ci")
    else:
        point = _number(rta)
        low, high = _number(node.get("rta_ci_low")), _number(node.get("rta_ci_high"))
        interval = node.get("rta_interval") or node.get("rta_ci")
    if isinstance(interval, list | tuple) and len(interval) == 2:
        low, high = _number(interval[0]), _number(interval[1])
    elif isinstance(interval, Mapping):
        low, high = _number(interval.get("low")), _number(interval.get("high"))
    return point, low, high


def _action(node: Mapping[str, Any]) -> tuple[str, str]:
    action = node.get("action")
    reason = node.get("action_reason") or node.get("action_reason_zh") or ""
    if isinstance(action, Mapping):
        reason = action.get("reason_zh") or action.get("reason") or reason
        action = (
            action.get("name_zh") or action.get("action_zh") or action.get("action") or action.get("name")
        )
    text = node.get("action_zh") or (str(action) if action else "")  # actions are Chinese already
    return str(text), zh_text(reason)


def _holder_sources(items: Any, count_key: str) -> tuple[HolderSourceView, ...]:
    views: list[HolderSourceView] = []
    for item in items if isinstance(items, list | tuple) else ():
        if not isinstance(item, Mapping):
            continue
        nested = item.get("holder")
        holder: Mapping[str, Any] = nested if isinstance(nested, Mapping) else item
        patents = tuple(
            AvailablePatentView(
                str(p.get("pub_no", "")), str(p.get("title", "")), availability_zh(p.get("availability"))
            )
            if isinstance(p, Mapping)
            else AvailablePatentView(str(p), "", "")
            for p in item.get("available_patents") or item.get("pub_nos") or ()
        )
        key = str(holder.get("key") or holder.get("holder_key") or "")
        views.append(
            HolderSourceView(
                key,
                str(holder.get("name") or key),
                _integer(item.get(count_key)),
                patents,
                str(item.get("summary_zh") or ""),
            )
        )
    return tuple(views)


def node_view(node: Mapping[str, Any]) -> NodeView:
    status = str(node.get("status") or "")
    point, low, high = rta_parts(node)
    action, action_reason = _action(node)
    reasons = node.get("reasons") or ()
    return NodeView(
        key=str(node.get("node_key") or node.get("key") or ""),
        name=str(node.get("name") or node.get("node_key") or ""),
        position=POSITIONS_ZH.get(str(node.get("position")), str(node.get("position") or "—")),
        status=status,
        status_zh=str(node.get("status_zh") or status or "—"),
        colour=STATUS_COLOURS.get(status, OTHER_COLOUR),
        patents=_integer(node.get("patents")),
        benchmark_patents=_integer(node.get("benchmark_patents")),
        rta=point,
        rta_low=low,
        rta_high=high,
        action=action,
        action_reason=action_reason,
        reasons=tuple(zh_text(r) for r in (reasons if isinstance(reasons, list | tuple) else (reasons,))),
        raw=node,
        external_holders=_holder_sources(node.get("external_holders"), "node_patents"),
        local_smes=_holder_sources(node.get("local_smes"), "adjacent_patents"),
    )


def node_views(report: Mapping[str, Any]) -> list[NodeView]:
    nodes = report.get("nodes") or ()
    return [node_view(n) for n in nodes if isinstance(n, Mapping)]


def definitions(report: Mapping[str, Any]) -> list[str]:
    """The report's own definitions, verbatim: the analysis states its rules in Chinese once
    (``graph.navigation.gap_status.definitions``); the page keeps no copy that could drift."""
    found_definitions = report.get("definitions")
    given: Mapping[str, Any] = found_definitions if isinstance(found_definitions, Mapping) else {}
    return [str(text) for text in given.values() if text]


def status_rules(report: Mapping[str, Any]) -> str:
    """The status rule as the report states it ("" when it states none)."""
    found = report.get("definitions")
    given: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    return "判定规则: " + str(given["status"]) if given.get("status") else ""

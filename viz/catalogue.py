"""Chain, node and metric names for the pages (名称目录), from the shipped chain definitions
and from the results themselves."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from graph.chains import ChainDefinition
from graph.errors import ChainDefinitionError

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def chain_catalogue() -> tuple[ChainDefinition, ...]:
    """The shipped chain definitions; empty (codes are shown) if they do not load."""
    from graph.chains import list_chains

    try:
        return tuple(list_chains())
    except (ChainDefinitionError, OSError) as exc:
        logger.warning("chain definitions unavailable for page names: %s", exc)
        return ()


@lru_cache(maxsize=1)
def node_names() -> Mapping[str, str]:
    """Chain and node names by key: ``nev`` -> 新能源汽车, ``nev/battery_cell`` -> 动力电池电芯."""
    names: dict[str, str] = {}
    for chain in chain_catalogue():
        names[chain.id] = chain.name
        names.update({chain.node_key(node.id): node.name for node in chain.nodes})
    return names


def chain_name(code: object, chains: Any = ()) -> str:
    """A chain's or node's Chinese name: from the chains listed for the page, else the shipped
    definitions, else the code itself."""
    key = "" if code is None else str(code)
    listed = {getattr(c, "chain", None): getattr(c, "name", None) for c in chains or ()}
    return str(listed.get(key) or node_names().get(key) or key)


def metric_names(report: Mapping[str, Any]) -> dict[str, str]:
    """KPI metric code -> Chinese name, as the report's rows give them."""
    return {
        str(v.get("metric")): str(v.get("metric_zh") or v.get("metric"))
        for row in report.get("rows") or ()
        for v in row.get("values") or ()
    }

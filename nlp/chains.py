"""Map a patent onto industry-chain nodes (专利-产业链节点映射) and IPC codes onto technologies.

A node matches by IPC (one of the node's IPC patterns covers a code of the patent, by the one
rule ``graph.codes.ipc.ipc_covers``: ``A61B1`` covers A61B1/04, not A61B17/00) and/or by keyword
(a node keyword occurs in the title or abstract). Confidence: IPC and keyword 0.95, IPC alone
0.7, keywords alone 0.4 + 0.15 per further keyword and + 0.15 when one is in the title (capped
at 0.85). The reason names the evidence so analysts can check it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from graph.codes.ipc import CLASS_LENGTH, covering_hits, ipc_subclass, normalise_ipc
from graph.models import ChainNodeRecord
from nlp.resources import normalise_text

_canonical = lru_cache(maxsize=16384)(normalise_ipc)  # the same few thousand codes recur


def _ipc_hits(ipc_codes: Sequence[str], patterns: Sequence[str]) -> list[str]:
    """The patent's codes (canonical, sorted) that one of the node's IPC patterns covers."""
    return covering_hits([_canonical(p) for p in patterns], [_canonical(c) for c in ipc_codes])


def map_chain_nodes(
    title: str, abstract: str, ipc_codes: Sequence[str], nodes: Sequence[ChainNodeRecord]
) -> list[tuple[str, float, str]]:
    """(node_key, confidence, reason) for every node the patent belongs to, best first."""
    title_n, text_n = normalise_text(title), normalise_text(f"{title} {abstract}")
    links = []
    for node in nodes:
        ipc = _ipc_hits(ipc_codes, node.ipc_codes)
        words = [k for k in node.keywords if k and normalise_text(k) in text_n]
        if not ipc and not words:
            continue
        in_title = any(normalise_text(k) in title_n for k in words)
        if ipc and words:
            confidence = 0.95
        elif ipc:
            confidence = 0.7
        else:
            confidence = min(0.85, 0.4 + 0.15 * (len(words) - 1) + (0.15 if in_title else 0.0))
        reasons = []
        if ipc:
            reasons.append("IPC " + ",".join(ipc))
        if words:
            reasons.append("关键词 " + ",".join(words) + ("（标题）" if in_title else ""))
        links.append((node.key, round(confidence, 3), "; ".join(reasons)))
    links.sort(key=lambda link: (-link[1], link[0]))
    return links


def ipc_technologies(
    ipc_codes: Sequence[str], ipc_titles: Mapping[str, str], level: str = "subclass"
) -> list[tuple[str, str, float]]:
    """IPC-based technologies (key ``ipc:H01M``, name = the Chinese title), weight 1.0 for the first code."""
    out: dict[str, tuple[str, str, float]] = {}
    for rank, code in enumerate(_canonical(c) for c in ipc_codes):
        prefix = code[:CLASS_LENGTH] if level == "class" else ipc_subclass(code)
        if prefix and prefix not in out:
            out[prefix] = (f"ipc:{prefix}", ipc_titles.get(prefix, prefix), 1.0 if rank == 0 else 0.6)
    return list(out.values())

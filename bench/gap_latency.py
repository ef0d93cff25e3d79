"""Chain-gap latency on one embedded graph file, for before/after comparisons of two checkouts.

    PYTHONPATH=<checkout> .venv/bin/python -m bench.gap_latency GRAPH.sqlite LABEL

Run it once per checkout on copies of the same graph (the newer code may add tables on open)
in the same session; compare the ratios, not the milliseconds, on a shared machine. Prints one
JSON line: p50 ms of ``stats()`` (the baseline), the data cut-off, the national chain-node
counts and ``find_chain_gaps`` for four provinces and one city.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

QUESTIONS = (
    ("37", "nev"),
    ("22", "nev"),
    ("51", "digital_economy"),
    ("41", "digital_economy"),
    ("3701", "nev"),
)


def _p50_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def main(path: Path, label: str, runs: int = 3) -> dict[str, object]:
    import graph
    from graph import navigation as nav
    from graph.models import Facet, PatentFilter
    from graph.stores.embedded.store import EmbeddedStore

    start = time.perf_counter()
    store = EmbeddedStore(path)
    opened = time.perf_counter() - start
    figures: dict[str, object] = {"label": label, "code": graph.__file__, "open_s": round(opened, 1)}
    figures["stats_ms"] = _p50_ms(store.stats, runs)
    figures["data_cutoff_ms"] = _p50_ms(store.data_cutoff, runs)
    figures["national_node_counts_ms"] = _p50_ms(
        lambda: store.facet_counts([Facet.CHAIN_NODE], PatentFilter(chain="nev")), runs
    )
    chains = {node.chain for node in store.chain_nodes()}
    for region, chain in QUESTIONS:
        if chain in chains:  # a small graph may lack a chain
            figures[f"gaps_{region}_{chain}_ms"] = _p50_ms(
                partial(nav.find_chain_gaps, store, chain, region), runs
            )
    return figures


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2]), ensure_ascii=False))  # noqa: T201

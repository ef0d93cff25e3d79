"""Patent -> chain-node mapping against a labelled set: 查准率 / 查全率 per chain.

Run as ``patentnav bench chain-mapping``.

The labelled set is ``data/chains/eval/mapping_gold.jsonl`` (how it was drawn and labelled:
``data/chains/eval/README.md``). Each item names a demo patent (``data/demo/patents_demo.csv``:
real BDCI title and abstract, synthetic IPC) and the chain nodes it belongs to, possibly none.
The mapper under test is ``nlp.chains.map_chain_nodes`` with the shipped chains; a prediction
counts when its confidence is at or above the threshold (default: the product's own).

Per chain: precision = patents mapped to the chain that belong to it / patents mapped to it;
recall = patents that belong to it and are mapped to it / patents that belong to it; both on the
labelled items only (the scoring: ``nlp.mapping_accuracy``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from graph.chain_evidence import MAPPING_MIN_CONFIDENCE, load_generic_terms
from graph.chains import load_chain_nodes
from graph.models import ChainNodeRecord
from nlp.chains import normalise_ipc
from nlp.mapping_accuracy import (
    DemoPatent,
    GoldItem,
    MappingAccuracy,
    Score,
    demo_path,
    evaluate,
    gold_path,
    read_demo,
    read_gold,
)
from nlp.resources import normalise_text

# the scoring lives in nlp.mapping_accuracy (the navigation report quotes the same figures)
MappingBench = MappingAccuracy
__all__ = [
    "DemoPatent",
    "GoldItem",
    "MappingBench",
    "Score",
    "demo_path",
    "evaluate",
    "gold_path",
    "read_demo",
    "read_gold",
    "run_chain_mapping_bench",
]


# --------------------------------------------------------------------------- drawing the sample


def loose_chains(patent: DemoPatent, nodes: Sequence[ChainNodeRecord]) -> set[str]:
    """Chains with any node term (generic ones included) in the text or any IPC hit: the broad
    candidate pool the labelled sample draws from, wider than anything the mapper accepts."""
    text = normalise_text(f"{patent.title} {patent.abstract}")
    codes = [normalise_ipc(c) for c in patent.ipc_codes]
    found = set()
    for node in nodes:
        if any(normalise_text(k) in text for k in node.keywords) or any(
            c.startswith(normalise_ipc(p)) for p in node.ipc_codes for c in codes
        ):
            found.add(node.chain)
    return found


def draw_label_sample(
    patents: dict[str, DemoPatent],
    nodes: Sequence[ChainNodeRecord],
    *,
    seed: int = 20261203,
    random_n: int = 240,
    per_chain: int = 12,
) -> list[tuple[str, str, str]]:
    """(pub_no, stratum, split): a seeded random stratum plus, per chain, patents of its loose
    candidate pool not drawn yet; every item is assigned dev or test by a seeded coin."""
    rng = random.Random(seed)
    pub_nos = sorted(patents)
    chosen = {p: "random" for p in rng.sample(pub_nos, random_n)}
    pools: dict[str, list[str]] = defaultdict(list)
    for pub_no in pub_nos:
        for chain in loose_chains(patents[pub_no], nodes):
            pools[chain].append(pub_no)
    for chain in sorted({n.chain for n in nodes}):
        fresh = [p for p in pools[chain] if p not in chosen]
        for pub_no in rng.sample(fresh, min(per_chain, len(fresh))):
            chosen[pub_no] = f"candidate:{chain}"
    return [(p, stratum, rng.choice(("dev", "test"))) for p, stratum in sorted(chosen.items())]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def render(bench: MappingBench, console: Console, show_errors: int = 0) -> None:
    title = f"chain mapping on {bench.items} labelled patents ({bench.split})"
    table = Table(title=f"{title}, confidence >= {bench.min_confidence}")
    for column in ("chain", "gold", "mapped", "correct", "查准率 precision", "查全率 recall"):
        table.add_column(column, justify="left" if column == "chain" else "right")
    rows = [(name, s) for name, s in bench.by_chain.items()] + [("all (patent, chain) pairs", bench.overall)]
    rows.append(("node level (exact node)", bench.nodes))
    for name, score in rows:
        table.add_row(
            name,
            str(score.gold),
            str(score.predicted),
            str(score.true_positive),
            _pct(score.precision),
            _pct(score.recall),
        )
    console.print(table)
    if show_errors:
        for label, errors in (
            ("false positives", bench.overall.false_positives),
            ("false negatives", bench.overall.false_negatives),
        ):
            console.print(f"{label} ({len(errors)}): " + "; ".join(errors[:show_errors]))


def broadest_keywords(
    patents: dict[str, DemoPatent], nodes: Sequence[ChainNodeRecord], top: int = 10
) -> list[tuple[str, int]]:
    """Specific (non-generic) node keywords that occur in the most demo patents: candidates for
    ``generic_terms.txt`` if they match unrelated patents."""
    generic = {normalise_text(t) for t in load_generic_terms()}
    texts = [normalise_text(f"{p.title} {p.abstract}") for p in patents.values()]
    terms = {normalise_text(k) for n in nodes for k in n.keywords} - generic
    counts = [(t, sum(t in text for text in texts)) for t in sorted(terms)]
    return sorted(counts, key=lambda tc: (-tc[1], tc[0]))[:top]


def run_chain_mapping_bench(
    split: str = "test",
    min_confidence: float = MAPPING_MIN_CONFIDENCE,
    show_errors: int = 0,
    console: Console | None = None,
) -> MappingBench:
    patents, nodes = read_demo(), load_chain_nodes()
    bench = evaluate(read_gold(), patents, nodes, split=split, min_confidence=min_confidence)
    out = console or Console()
    render(bench, out, show_errors)
    broad = ", ".join(f"{term} {n}" for term, n in broadest_keywords(patents, nodes))
    out.print(f"broadest specific keywords (patents of {len(patents)} containing them): {broad}")
    return bench

"""Patent -> chain-node mapping against a labelled set: 查准率 / 查全率 per chain.

Run as ``patentnav bench chain-mapping``.

The labelled set is ``data/chains/eval/mapping_gold.jsonl`` (how it was drawn and labelled:
``data/chains/eval/README.md``). Each item names a demo patent (``data/demo/patents_demo.csv``:
real BDCI title and abstract, synthetic IPC) and the chain nodes it belongs to, possibly none.
The mapper under test is ``nlp.chains.map_chain_nodes`` with the shipped chains; a prediction
counts when its confidence is at or above the threshold (default: the product's own).

Per chain: precision = patents mapped to the chain that belong to it / patents mapped to it;
recall = patents that belong to it and are mapped to it / patents that belong to it; both on the
labelled items only. Node level: the same with exact node keys (a gold label ``<chain>/*`` says
"in the chain, no node fits" and counts at chain level only).
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graph.chain_evidence import MAPPING_MIN_CONFIDENCE, load_generic_terms
from graph.chains import load_chain_nodes
from graph.models import ChainNodeRecord
from graph.settings import get_settings
from nlp.chains import map_chain_nodes, normalise_ipc
from nlp.resources import normalise_text


def gold_path() -> Path:
    return get_settings().data_dir / "chains" / "eval" / "mapping_gold.jsonl"


def demo_path() -> Path:
    return get_settings().data_dir / "demo" / "patents_demo.csv"


@dataclass(frozen=True, slots=True)
class DemoPatent:
    pub_no: str
    title: str
    abstract: str
    ipc_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldItem:
    pub_no: str
    title: str
    stratum: str  # random / candidate:<chain>
    split: str  # dev / test
    labels: tuple[str, ...]  # node keys, or "<chain>/*"

    def chains(self) -> set[str]:
        return {label.split("/", 1)[0] for label in self.labels}


def read_demo(path: Path | None = None) -> dict[str, DemoPatent]:
    with (path or demo_path()).open(encoding="utf-8", newline="") as handle:
        return {
            row["公开号"]: DemoPatent(
                row["公开号"],
                row["专利名称"],
                row["申请摘要"],
                tuple(c.strip() for c in row["分类号"].replace("；", ";").split(";") if c.strip()),
            )
            for row in csv.DictReader(handle)
        }


def read_gold(path: Path | None = None) -> list[GoldItem]:
    items = []
    for number, line in enumerate((path or gold_path()).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        try:
            items.append(
                GoldItem(row["pub_no"], row["title"], row["stratum"], row["split"], tuple(row["labels"]))
            )
        except KeyError as exc:
            raise ValueError(f"{path or gold_path()}:{number}: missing field {exc}") from exc
    return items


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


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Score:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.true_positive / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positive / self.gold if self.gold else None


@dataclass(frozen=True, slots=True)
class MappingBench:
    items: int
    split: str
    min_confidence: float
    by_chain: dict[str, Score]
    nodes: Score  # micro-averaged over exact node keys
    overall: Score  # micro-averaged over (patent, chain) pairs


def _add(score: Score, predicted: set[str], gold: set[str], pub_no: str) -> None:
    score.true_positive += len(predicted & gold)
    score.predicted += len(predicted)
    score.gold += len(gold)
    score.false_positives += [f"{pub_no} {k}" for k in sorted(predicted - gold)]
    score.false_negatives += [f"{pub_no} {k}" for k in sorted(gold - predicted)]


def evaluate(
    gold: Iterable[GoldItem],
    patents: dict[str, DemoPatent],
    nodes: Sequence[ChainNodeRecord],
    *,
    split: str = "test",
    min_confidence: float = MAPPING_MIN_CONFIDENCE,
) -> MappingBench:
    """Score the mapper on the labelled items of ``split`` (dev / test / all)."""
    chains = sorted({n.chain for n in nodes})
    by_chain = {chain: Score() for chain in chains}
    node_score, overall = Score(), Score()
    generic = load_generic_terms()
    count = 0
    for item in gold:
        if split != "all" and item.split != split:
            continue
        patent = patents.get(item.pub_no)
        if patent is None:
            raise ValueError(f"labelled patent {item.pub_no} is not in the demo corpus")
        count += 1
        links = map_chain_nodes(
            patent.title,
            patent.abstract,
            patent.ipc_codes,
            nodes,
            min_confidence=min_confidence,
            generic_terms=generic,
        )
        predicted_nodes = {key for key, _, _ in links}
        predicted_chains = {key.split("/", 1)[0] for key in predicted_nodes}
        for chain in chains:
            _add(
                by_chain[chain],
                predicted_chains & {chain},
                item.chains() & {chain},
                item.pub_no,
            )
        _add(overall, predicted_chains, item.chains(), item.pub_no)
        exact = {label for label in item.labels if not label.endswith("/*")}
        _add(
            node_score,
            {k for k in predicted_nodes if k.split("/", 1)[0] in item.chains()},
            exact,
            item.pub_no,
        )
    return MappingBench(count, split, min_confidence, by_chain, node_score, overall)


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

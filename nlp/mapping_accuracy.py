"""查准率 / 查全率 of the patent -> chain-node mapping (检索策略的查准率与查全率) on the labelled set.

GB/T 39551 asks a navigation report to state the precision and recall of its retrieval; the
mapping rule (``nlp.chains.map_chain_nodes``) is that retrieval. The labelled set is
``data/chains/eval/mapping_gold.jsonl`` (how it was drawn and labelled:
``data/chains/eval/README.md``): demo patents (``data/demo/patents_demo.csv``) with the chain nodes
they belong to, possibly none. ``patentnav bench chain-mapping`` prints these figures and the
navigation report quotes them; both call ``evaluate`` here.

Per chain: precision = patents mapped to the chain that belong to it / patents mapped to it;
recall = patents that belong to it and are mapped to it / patents that belong to it; both on the
labelled items only. Node level: the same with exact node keys (a gold label ``<chain>/*`` says
"in the chain, no node fits" and counts at chain level only).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.chain_evidence import MAPPING_MIN_CONFIDENCE, load_generic_terms
from graph.models import ChainNodeRecord
from graph.settings import get_settings
from nlp.chains import map_chain_nodes


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
class MappingAccuracy:
    items: int
    split: str
    min_confidence: float
    by_chain: dict[str, Score]
    nodes: Score  # micro-averaged over exact node keys
    overall: Score  # micro-averaged over (patent, chain) pairs
    by_node: dict[str, Score] = field(default_factory=dict)  # exact node keys, per node


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
) -> MappingAccuracy:
    """Score the mapper on the labelled items of ``split`` (dev / test / all)."""
    chains = sorted({n.chain for n in nodes})
    by_chain = {chain: Score() for chain in chains}
    by_node = {node.key: Score() for node in nodes}
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
            _add(by_chain[chain], predicted_chains & {chain}, item.chains() & {chain}, item.pub_no)
        _add(overall, predicted_chains, item.chains(), item.pub_no)
        exact = {label for label in item.labels if not label.endswith("/*")}
        # a node prediction is judged only where the item's gold names the node's chain
        judged = {k for k in predicted_nodes if k.split("/", 1)[0] in item.chains()}
        _add(node_score, judged, exact, item.pub_no)
        for key in judged | exact:
            if key in by_node:
                _add(by_node[key], judged & {key}, exact & {key}, item.pub_no)
    return MappingAccuracy(count, split, min_confidence, by_chain, node_score, overall, by_node)


def shipped_mapping_accuracy(
    split: str = "test", min_confidence: float = MAPPING_MIN_CONFIDENCE
) -> MappingAccuracy:
    """The figures for the shipped chains, labelled set and demo corpus."""
    from graph.chains import load_chain_nodes

    return evaluate(read_gold(), read_demo(), load_chain_nodes(), split=split, min_confidence=min_confidence)

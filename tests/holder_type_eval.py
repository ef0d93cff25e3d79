"""Accuracy of the holder typing rule (权利人类型判定) on the labelled set in data/holders/eval.

``python -m tests.holder_type_eval`` prints accuracy per stratum and confidence, for the seven
types and with 企业/中小企业 merged (company size is the least certain label), and the
disagreements. The labels and how they were made: data/holders/eval/README.md.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.normalise.holder_types import HolderClassifier
from ingest.reference import load_prefix_table, load_universities, reference_dir
from tests.paths import REPO

GOLD = REPO / "data" / "holders" / "eval" / "holder_types_gold.tsv"
COMPANY = {"enterprise": "company", "sme": "company"}


@dataclass(frozen=True)
class Item:
    name: str
    gold: str
    confidence: str
    stratum: str
    predicted: str
    reason: str


@lru_cache(maxsize=1)
def classifier() -> HolderClassifier:
    ref = reference_dir(None)
    return HolderClassifier(
        universities=load_universities(ref),
        soe_prefixes=load_prefix_table(ref / "holders" / "soe_groups.tsv"),
        large_prefixes=load_prefix_table(ref / "holders" / "large_enterprises.tsv"),
    )


def evaluate() -> list[Item]:
    with GOLD.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    items = []
    for row in rows:
        got = classifier().classify(row["name"])
        label = (row["name"], row["type"], row["confidence"], row["stratum"])
        items.append(Item(*label, got.holder_type.value, got.type_reason))
    return items


def accuracy(items: list[Item], merge_companies: bool = False) -> float:
    def same(item: Item) -> bool:
        if merge_companies:
            return COMPANY.get(item.gold, item.gold) == COMPANY.get(item.predicted, item.predicted)
        return item.gold == item.predicted

    return sum(same(i) for i in items) / len(items) if items else 0.0


def main() -> None:
    items = evaluate()
    for stratum in ("random", "targeted"):
        part = [i for i in items if i.stratum == stratum]
        sure = [i for i in part if i.confidence != "unsure"]
        print(
            f"{stratum}: n={len(part)} accuracy={accuracy(part):.3f} "
            f"(enterprise+sme merged {accuracy(part, True):.3f}); "
            f"without unsure labels n={len(sure)} {accuracy(sure):.3f} ({accuracy(sure, True):.3f})"
        )
    print(Counter((i.gold, i.predicted) for i in items if i.gold != i.predicted).most_common())
    for i in items:
        if i.gold != i.predicted:
            print(f"  [{i.stratum}/{i.confidence}] {i.name}: gold {i.gold}, rule {i.predicted} ({i.reason})")


if __name__ == "__main__":
    main()

"""`patentnav bench chain-mapping`: the scoring arithmetic, and the shipped labelled set is usable."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from bench.chain_mapping import (
    DemoPatent,
    GoldItem,
    evaluate,
    gold_path,
    read_demo,
    read_gold,
    run_chain_mapping_bench,
)
from graph.chains import load_chain_nodes
from graph.models import ChainNodeRecord, ChainPosition

PILE = ChainNodeRecord(
    "ev/pile", "ev", "充电桩", ChainPosition.DOWNSTREAM, ipc_codes=("B60L53",), keywords=("充电桩",)
)
CELL = ChainNodeRecord(
    "ev/cell", "ev", "电芯", ChainPosition.MIDSTREAM, ipc_codes=("H01M10",), keywords=("锂离子电池",)
)
TEA = ChainNodeRecord(
    "food/tea", "food", "茶", ChainPosition.MIDSTREAM, ipc_codes=("A23F3",), keywords=("绿茶",)
)


def _patent(pub_no: str, title: str, ipc: tuple[str, ...] = ()) -> DemoPatent:
    return DemoPatent(pub_no, title, "", ipc)


def test_precision_and_recall_per_chain_and_node() -> None:
    patents = {
        "P1": _patent("P1", "一种直流充电桩", ("B60L53/30",)),  # right chain, right node
        "P2": _patent("P2", "一种锂离子电池"),  # gold says pile: right chain, wrong node
        "P3": _patent("P3", "一种绿茶饮料"),  # mapped to food, gold says nothing
        "P4": _patent("P4", "一种电动汽车"),  # gold ev, not mapped
    }
    gold = [
        GoldItem("P1", "", "random", "test", ("ev/pile",)),
        GoldItem("P2", "", "random", "test", ("ev/pile",)),
        GoldItem("P3", "", "random", "test", ()),
        GoldItem("P4", "", "random", "test", ("ev/*",)),
        GoldItem("P1", "", "random", "dev", ("food/tea",)),  # another split: ignored
    ]
    bench = evaluate(gold, patents, [PILE, CELL, TEA], split="test")
    assert bench.items == 4
    ev, food = bench.by_chain["ev"], bench.by_chain["food"]
    assert (ev.true_positive, ev.predicted, ev.gold) == (2, 2, 3)
    assert ev.precision == 1.0 and ev.recall == pytest.approx(2 / 3)
    assert (food.predicted, food.gold, food.precision, food.recall) == (1, 0, 0.0, None)
    assert (bench.nodes.true_positive, bench.nodes.predicted, bench.nodes.gold) == (1, 2, 2)
    assert bench.overall.false_positives == ["P3 food"]
    assert bench.overall.false_negatives == ["P4 ev"]


def test_unknown_patent_and_broken_line_are_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="P9"):
        evaluate([GoldItem("P9", "", "random", "test", ())], {}, [PILE])
    broken = tmp_path / "gold.jsonl"
    broken.write_text(json.dumps({"pub_no": "P1", "title": "x", "split": "test", "labels": []}) + "\n")
    with pytest.raises(ValueError, match=r"gold\.jsonl:1: missing field 'stratum'"):
        read_gold(broken)


def test_shipped_labelled_set_is_complete_and_consistent() -> None:
    gold = read_gold(gold_path())
    patents = read_demo()
    keys = {n.key for n in load_chain_nodes()}
    chains = {n.chain for n in load_chain_nodes()}
    assert len(gold) >= 400
    assert {item.split for item in gold} == {"dev", "test"}
    assert len({item.pub_no for item in gold}) == len(gold)
    for item in gold:
        assert item.pub_no in patents and patents[item.pub_no].title == item.title
        for label in item.labels:
            assert label in keys or (label.endswith("/*") and label[:-2] in chains), (item.pub_no, label)


def test_bench_prints_the_table() -> None:
    out = io.StringIO()
    bench = run_chain_mapping_bench(split="all", console=Console(file=out, width=200))
    text = out.getvalue()
    assert "查准率" in text and "查全率" in text and "broadest specific keywords" in text
    assert bench.items == len(read_gold())
    assert bench.overall.precision is not None and bench.overall.recall is not None

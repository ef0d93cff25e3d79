"""NLP benchmark (性能与准确率基准): ``patentnav bench nlp [--slice N]`` / ``python -m bench.nlp``.

Throughput is measured in one run on the same texts (bdci titles + abstracts): plain jieba
(default dictionary, one core, ``list(cut())`` per patent) against our full pipeline
(``analyse_patents``: segmentation, TECH/ORG terms, keywords) with one and two processes, and
our lean segmentation path. Accuracy figures come from :mod:`bench.nlp_eval`.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jieba

from bench.nlp_eval import EVAL_DIR, as_plain, run_evaluation, tech_model_active
from nlp.pipeline import PatentNlp, build_nlp, load_pipeline

CORPUS = EVAL_DIR.parent / "patents_bdci2022" / "patents.jsonl"


def read_bench_texts(path: Path = CORPUS, limit: int | None = None) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [(r["title"], r["abstract"], "") for r in rows[:limit]]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (forked workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rate(func: Callable[[], object], n_items: int, n_bytes: int) -> dict[str, float]:
    """Wall-clock rates, plus CPU seconds: on a shared machine wall time includes waiting."""
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    func()
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(_cpu_seconds() - cpu_start, 3),
        "patents_per_s": round(n_items / seconds, 1),
        "mb_per_s": round(n_bytes / seconds / 1e6, 3),
    }


def run_throughput(limit: int | None = None) -> dict[str, Any]:
    texts = read_bench_texts(limit=limit)
    joined = ["。".join(p for p in t if p) for t in texts]
    n_bytes = sum(len(t.encode("utf-8")) for t in joined)
    plain = jieba.Tokenizer()
    plain.initialize()
    pipeline = load_pipeline()  # as configured: what ingest runs
    model = PatentNlp(build_nlp(tech_model=True))  # rules + the statistical TECH model
    list(pipeline.analyse_patents(texts[:20]))  # warm up (first batch builds lexemes, loads the model)
    list(model.analyse_patents(texts[:20]))
    figures: dict[str, Any] = {"patents": len(texts), "megabytes": round(n_bytes / 1e6, 3)}
    runs: dict[str, Callable[[], object]] = {
        "jieba_1core": lambda: [list(plain.cut(t)) for t in joined],
        "ours_segment_1core": lambda: [pipeline.segment(t) for t in joined],
        "ours_full_1proc": lambda: list(pipeline.analyse_patents(texts)),
        "ours_full_2proc": lambda: list(pipeline.analyse_patents(texts, n_process=2)),
        "ours_with_model_1proc": lambda: list(model.analyse_patents(texts)),
    }
    for name, run in runs.items():
        figures[name] = _rate(run, len(texts), n_bytes)
    jieba_rate, jieba_cpu = figures["jieba_1core"]["patents_per_s"], figures["jieba_1core"]["cpu_seconds"]
    figures["ratio_full_2proc_vs_jieba"] = round(figures["ours_full_2proc"]["patents_per_s"] / jieba_rate, 3)
    figures["ratio_full_1proc_vs_jieba"] = round(figures["ours_full_1proc"]["patents_per_s"] / jieba_rate, 3)
    # CPU-time ratios: what idle cores would give, whatever else runs on the machine; two
    # processes use the same CPU in total (measured), so two idle cores give twice the ratio
    for name in ("full", "with_model"):
        cpu = max(figures[f"ours_{name}_1proc"]["cpu_seconds"], 1e-9)
        figures[f"cpu_ratio_{name}_vs_jieba"] = round(jieba_cpu / cpu, 3)
    figures["tech_model_active"] = tech_model_active(pipeline)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


def run_nlp_bench(slice: int | None = None) -> dict[str, Any]:
    """Accuracy (segmentation F1, TECH P/R/F1 rules vs rules + model) and throughput.

    ``slice`` limits every data set.
    """
    accuracy = run_evaluation(slice, compare_tech=True)
    return {"accuracy": as_plain(accuracy), "throughput": run_throughput(slice * 10 if slice else None)}


def render_nlp_bench(figures: dict[str, Any]) -> Any:
    """A rich Table of the figures (the CLI prints it)."""
    from rich.table import Table

    table = Table(title="patentnav NLP bench")
    for column in ("measure", "set", "P", "R", "F1 / value"):
        table.add_column(column)
    seg = figures["accuracy"]["segmentation"]
    for name, prf in seg.items():
        table.add_row("segmentation", f"ud_patentchar / {name}", *_prf_cells(prf))
    for gold_set, modes in figures["accuracy"]["tech"].items():
        for mode, prf in modes.items():
            table.add_row(f"TECH {mode}", gold_set, *_prf_cells(prf))
    for variant, sets in figures["accuracy"].get("tech_by_variant", {}).items():
        # "(variant)", not "[variant]": Rich reads square brackets as markup and drops them
        for gold_set, modes in sets.items():
            for mode, prf in modes.items():
                table.add_row(f"TECH {mode}", f"{gold_set} ({variant})", *_prf_cells(prf))
    thr = figures["throughput"]
    table.add_row("TECH model", "loaded in the configured pipeline", "", "", str(thr["tech_model_active"]))
    for key in (
        "jieba_1core",
        "ours_segment_1core",
        "ours_full_1proc",
        "ours_full_2proc",
        "ours_with_model_1proc",
    ):
        row = thr[key]
        rate = f"{row['patents_per_s']} patents/s, {row['mb_per_s']} MB/s, {row['cpu_seconds']} CPU s"
        table.add_row("throughput", key, "", "", rate)
    table.add_row(
        "throughput", "ratio full(2 proc) / jieba(1 core)", "", "", str(thr["ratio_full_2proc_vs_jieba"])
    )
    for name in ("full", "with_model"):
        table.add_row(
            "throughput",
            f"CPU ratio jieba / {name} (per core)",
            "",
            "",
            str(thr[f"cpu_ratio_{name}_vs_jieba"]),
        )
    table.add_row("throughput", "load average (1 min)", "", "", str(thr["load_average_1min"]))
    return table


def _prf_cells(prf: dict[str, float]) -> tuple[str, str, str]:
    return f"{prf['precision']:.3f}", f"{prf['recall']:.3f}", f"{prf['f1']:.3f}"

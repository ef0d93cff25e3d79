"""Train the statistical TECH recogniser (训练技术术语识别模型): ``python -m tools.nlp_train --seed 0``.

Labels are derived by the project, not annotated: the rules-only pipeline (TECH gazetteer +
patterns + resolver) labels the titles and abstracts of the bdci corpus (silver labels, 银标).
A seeded shuffle holds out ``--holdout`` of the patents as the dev set. spaCy trains the ``ner``
of ``nlp/train.cfg`` (CNN tok2vec from scratch, CPU, a few minutes) on the rest, and the best
checkpoint is copied to ``data/nlp/model/`` with ``training.json`` (seed, counts, dev scores
against the silver labels, held-out patent ids).

The gold evaluation sets (``../shared/data/nlp_eval``) are refused as training input: they
measure the model, so it must never see them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from graph.errors import ConfigurationError
from nlp.resources import data_dir
from nlp.tech_model import MODEL_DIR
from tools.nlp_build import DEFAULT_CORPUS

logger = logging.getLogger(__name__)

TRAIN_CONFIG = Path(__file__).resolve().parent / "nlp_train.cfg"
EVAL_SETS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nlp_eval"


def read_patents(path: Path) -> list[dict[str, str]]:
    """bdci rows (id, title, abstract); refuses the gold evaluation sets."""
    if path.resolve().is_relative_to(EVAL_SETS.resolve()):
        raise ConfigurationError(f"{path} is a gold evaluation set: never train on it")
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [{"id": r["id"], "title": r["title"], "abstract": r["abstract"]} for r in rows]


def split_patents(
    rows: list[dict[str, str]], seed: int, holdout: float
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Seeded shuffle, then the first ``holdout`` share is the dev set (留出集)."""
    order = sorted(rows, key=lambda r: r["id"])
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(order) * holdout))
    return order[n_dev:], order[:n_dev]


def silver_docs(rules: Language, rows: Iterable[dict[str, str]]) -> list[Doc]:
    """Docs tokenised by our jieba tokenizer with the rules' TECH terms as entities."""
    texts = ("。".join(p for p in (r["title"], r["abstract"]) if p) for r in rows)
    docs = []
    for doc in rules.pipe(texts, batch_size=128):
        doc.ents = [e for e in doc.ents if e.label_ == "TECH"]  # ORG is the rules' job alone
        doc.spans.clear()
        doc.user_data.clear()
        docs.append(doc)
    return docs


def write_docbin(docs: list[Doc], path: Path) -> None:
    DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], docs=docs, store_user_data=False).to_disk(path)


def train_tech_model(
    corpus: Path = DEFAULT_CORPUS,
    seed: int = 0,
    holdout: float = 0.1,
    max_steps: int | None = None,
    out_dir: Path | None = None,
) -> dict[str, Any]:
    """Derive silver labels, train, copy the best model to ``data/nlp/model``; returns the report."""
    from spacy.cli.train import train as spacy_train

    from nlp.pipeline import build_nlp

    out = out_dir or data_dir() / MODEL_DIR
    rows = read_patents(corpus)
    train_rows, dev_rows = split_patents(rows, seed, holdout)
    rules = build_nlp(tech_model=False)
    with tempfile.TemporaryDirectory(prefix="patentnav-train-") as work:
        work_dir = Path(work)
        for name, part in (("train", train_rows), ("dev", dev_rows)):
            write_docbin(silver_docs(rules, part), work_dir / f"{name}.spacy")
        overrides: dict[str, Any] = {
            "paths.train": str(work_dir / "train.spacy"),
            "paths.dev": str(work_dir / "dev.spacy"),
            "system.seed": seed,
        }
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        spacy_train(TRAIN_CONFIG, work_dir / "output", overrides=overrides, use_gpu=-1)
        best = work_dir / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    report = {
        "seed": seed,
        "corpus": corpus.name,
        "corpus_sha256": hashlib.sha256(corpus.read_bytes()).hexdigest(),
        "train_patents": len(train_rows),
        "dev_patents": len(dev_rows),
        "dev_scores_vs_silver": {
            k: round(v, 4) for k, v in meta.get("performance", {}).items() if isinstance(v, float)
        },
        "dev_patent_ids": sorted(r["id"] for r in dev_rows),
    }
    (out / "training.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    logger.info(
        "TECH model written to %s: %s", out, {k: v for k, v in report.items() if k != "dev_patent_ids"}
    )
    return report


def main(
    seed: Annotated[int, typer.Option(help="random seed (split, initialisation, batches)")] = 0,
    corpus: Annotated[Path, typer.Option(help="bdci-style JSONL: id, title, abstract")] = DEFAULT_CORPUS,
    holdout: Annotated[float, typer.Option(help="share of patents held out as the dev set")] = 0.1,
    max_steps: Annotated[int | None, typer.Option(help="override training.max_steps")] = None,
    out: Annotated[Path | None, typer.Option(help="model folder (default data/nlp/model)")] = None,
) -> None:
    """Train the TECH model on silver labels of the bdci corpus and ship it in data/nlp/model."""
    import jieba

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    jieba.setLogLevel(logging.WARNING)
    train_tech_model(corpus, seed, holdout, max_steps, out)


if __name__ == "__main__":
    typer.run(main)

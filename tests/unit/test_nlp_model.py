"""The trained TECH model (统计术语模型): shipped, loaded at initialize, optional, never fed gold data."""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.util import filter_spans, get_words_and_spaces

from bench.nlp_eval import EVAL_DIR, tech_model_of
from graph.errors import ConfigurationError
from nlp.components import longest_first
from nlp.pipeline import PatentNlp, build_nlp, load_pipeline
from nlp.resources import data_dir
from nlp.tech_model import TechModel
from nlp.tokenizer import words_and_spaces
from tools.nlp_train import read_patents, silver_docs, split_patents

MODEL = data_dir() / "model"


def test_shipped_model_is_small_and_records_its_training() -> None:
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert 100_000 < size < 15_000_000
    report = json.loads((MODEL / "training.json").read_text(encoding="utf-8"))
    assert report["corpus"] == "patents.jsonl" and report["train_patents"] > 5 * report["dev_patents"] > 0
    assert report["dev_scores_vs_silver"]["ents_f"] > 0.5


def test_model_loads_at_initialize_when_enabled() -> None:
    model = tech_model_of(PatentNlp(build_nlp(tech_model=True)))
    assert model is not None and model.mode in {"union", "gaps"}
    assert "TECH" in model.ner.labels
    # built, not initialised: nothing is read before initialize()
    assert TechModel("model", True, "union").ner is None


def test_model_adds_terms_and_offsets_stay_exact() -> None:
    text = "本发明公开了一种聚偏氟乙烯改性隔膜及其制备方法，所述隔膜用于锂硫电池，涂覆有纳米二氧化钛涂层。"
    rules = PatentNlp(build_nlp(tech_model=False))
    with_model = PatentNlp(build_nlp(tech_model=True))
    found = with_model.terms(text)
    assert found and all(text[t.start : t.end] == t.text for t in found)
    assert {t.text for t in found if t.label == "TECH"} != set() and len(found) >= len(rules.terms(text)) - 1


def test_pipeline_works_without_the_model(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for item in data_dir().iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    with caplog.at_level(logging.WARNING, logger="nlp.tech_model"):
        bare = PatentNlp(build_nlp(data_dir=str(tmp_path), tech_model=True))
    assert "TECH model not found" in caplog.text and "python -m tools.nlp_train" in caplog.text
    assert tech_model_of(bare) is None
    assert "锂离子电池" in {t.text for t in bare.terms("一种锂离子电池")}
    assert tech_model_of(PatentNlp(build_nlp(tech_model=False))) is None


def test_configured_pipeline_is_rules_only_as_measured() -> None:
    """The shipped config leaves the model off (see nlp/config.cfg for the comparison)."""
    assert tech_model_of(load_pipeline()) is None


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        build_nlp(tech_model=True, model_mode="intersection")


def test_training_refuses_the_gold_evaluation_sets(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="never train"):
        read_patents(EVAL_DIR / "cnchemner" / "anything.jsonl")


def test_split_is_seeded_and_disjoint() -> None:
    rows = [{"id": f"p{i:03d}", "title": "t", "abstract": "a"} for i in range(100)]
    train, dev = split_patents(rows, seed=0, holdout=0.1)
    again, dev_again = split_patents(list(reversed(rows)), seed=0, holdout=0.1)
    assert len(dev) == 10 and dev == dev_again and train == again
    assert not {r["id"] for r in train} & {r["id"] for r in dev}
    assert split_patents(rows, seed=1, holdout=0.1)[1] != dev


def test_silver_docs_carry_only_the_rules_tech_terms() -> None:
    rules = build_nlp(tech_model=False)
    (doc,) = silver_docs(
        rules, [{"id": "x", "title": "锂离子电池", "abstract": "清华大学研制的锂离子电池隔膜。"}]
    )
    labels = {e.label_ for e in doc.ents}
    assert labels == {"TECH"} and "锂离子电池" in {e.text for e in doc.ents}
    assert not doc.user_data and not doc.spans


def test_fast_words_and_spaces_equal_spacy() -> None:
    rng = random.Random(7)
    pieces = ["石墨烯", "a", " ", "  ", "\n", "\r\n", "\t", "。", "Li-ion"]
    for _ in range(2000):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 8))]
        assert words_and_spaces(words) == get_words_and_spaces(words, "".join(words))


def test_longest_first_equals_filter_spans() -> None:
    rules = build_nlp(tech_model=False)
    doc: Doc = rules.make_doc("一种 锂离子电池 正极 材料 及其 制备 方法 与 装置 系统")
    rng = random.Random(3)
    for _ in range(300):
        triples = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(len(doc))
            triples.append((start, rng.randint(start + 1, len(doc)), rng.choice(["TECH", "ORG"])))
        expected = [(s.start, s.end, s.label_) for s in filter_spans([doc[a:b] for a, b, _ in triples])]
        got = longest_first(triples)
        assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in expected]

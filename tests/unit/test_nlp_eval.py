"""Measured, not asserted: a small evaluation slice and the shipped resources."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.commands.nlp import app
from bench.nlp_eval import evaluate_segmentation, evaluate_tech, read_bio_gold, score_spans
from nlp.pipeline import load_pipeline
from nlp.resources import PATENT_DICT, TECH_TERMS, data_dir


def test_segmentation_beats_plain_jieba_on_gold_slice() -> None:
    scores = evaluate_segmentation(load_pipeline(), limit=40)
    assert scores["patentnav"].gold == scores["jieba"].gold > 500
    assert scores["patentnav"].f1 > scores["jieba"].f1


def test_tech_spans_on_gold_slices_are_scored() -> None:
    scores = evaluate_tech(load_pipeline(), limit=2)
    chem = scores["cnchemner"]
    assert chem["exact"].gold > 100
    assert chem["overlap"].recall >= chem["exact"].recall > 0.2
    assert 0.0 < scores["cbp_biomed"]["overlap"].recall <= 1.0


def test_span_scoring_ignores_predictions_on_excluded_types() -> None:
    scores = score_spans(iter([({(0, 2), (5, 8)}, {(10, 12)}, {(0, 2), (6, 7), (10, 12), (20, 22)})]))
    assert scores["exact"].precision == round(1 / 3, 4)  # (10, 12) is on a disease span: not counted
    assert scores["overlap"].recall == 1.0


def test_bio_reader_keeps_gene_protein_and_sets_disease_aside() -> None:
    text, counted, ignored = next(s for s in read_bio_gold(400) if s[1] and s[2])
    assert all(0 <= a < b <= len(text) for a, b in counted | ignored)
    assert not counted & ignored


def test_shipped_dictionary_is_jieba_format_and_modest() -> None:
    lines = (data_dir() / PATENT_DICT).read_text(encoding="utf-8").splitlines()
    words = {}
    for line in lines:
        word, freq, tag = line.split(" ")
        words[word] = int(freq)
        assert tag == "tech"
    assert {"石墨烯", "锂离子电池", "碳纤维"} <= set(words)
    total = sum(p.stat().st_size for p in data_dir().iterdir() if p.is_file())
    assert total < 5_000_000
    assert (data_dir() / TECH_TERMS).stat().st_size > 100_000


def test_cli_segment_keeps_empty_lines_and_terms_give_offsets() -> None:
    runner = CliRunner()
    text = "石墨烯复合材料\n\n本发明由清华大学研制锂离子电池\n"
    seg = runner.invoke(app, ["segment"], input=text)
    assert seg.exit_code == 0, seg.output
    assert seg.output.split("\n")[:3] == ["石墨烯 复合材料", "", "本发明 由 清华大学 研制 锂离子电池"]
    out = runner.invoke(app, ["terms"], input=text)
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert len(rows) == 3 and rows[1] == {"terms": []}
    line = text.splitlines()[2]
    for term in rows[2]["terms"]:
        assert line[term["start"] : term["end"]] == term["text"]
    assert {"ORG", "TECH"} == {t["label"] for t in rows[2]["terms"]}

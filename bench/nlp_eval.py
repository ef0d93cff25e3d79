"""Accuracy against gold data (评测): segmentation and TECH spans. ``python -m bench.nlp_eval``.

Gold sets (read from ``../shared/data/nlp_eval``, never shipped with the product):

* ``ud_chinese_patentchar`` - 100 patent-claim sentences with gold word segmentation (UD v2.14).
  Scored as word-boundary P/R/F1: a predicted word counts when its (start, end) characters
  match a gold word. Compared: plain jieba (default dictionary, HMM on) vs our tokenizer.
* ``cnchemner`` - chemistry patents with chemical-substance spans. Every type counts as a
  technical term: inorganic and organic compounds, elements, ions, groups, mixtures and class
  names are all materials or substances a technology is made of, which is what TECH names.
* ``cbp_biomed_patent_ner`` - biomedical patents, character BIO tags gene / protein / disease.
  gene and protein count (biomolecules a patent claims or targets are technologies); disease
  does not (an indication, not a technology): predictions overlapping a disease span are left
  out of the count rather than scored as errors.

TECH is broader than either gold set (装置, 方法 phrases are terms for us, not for the
annotators), so precision is a lower bound; recall is the figure that says what we miss.
Exact = same (start, end); overlap = any shared character.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

import jieba

from nlp.pipeline import TECH_MODEL, PatentNlp, build_nlp, load_pipeline
from nlp.tech_model import MODES, TechModel

EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nlp_eval"
UD_FILE = EVAL_DIR / "ud_chinese_patentchar" / "zh_patentchar-ud-dev-half.conllu"
CHEM_DIR = EVAL_DIR / "cnchemner"
BIOMED_FILES = (
    EVAL_DIR / "cbp_biomed_patent_ner" / "fold0_dev.bio",
    EVAL_DIR / "cbp_biomed_patent_ner" / "fold0_train.bio",
)
BIOMED_TECH_TYPES = frozenset({"gene", "protein"})
Spans = set[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Prf:
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int

    @classmethod
    def of(cls, tp_p: int, predicted: int, tp_g: int, gold: int) -> Prf:
        p = tp_p / predicted if predicted else 0.0
        r = tp_g / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4), gold, predicted)


def read_conllu_words(path: Path = UD_FILE, limit: int | None = None) -> list[list[str]]:
    sentences: list[list[str]] = []
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
                words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():  # skip multi-word ranges (1-2) and empty nodes (1.1)
                words.append(cols[1])
    if words:
        sentences.append(words)
    return sentences[:limit] if limit else sentences


def word_spans(words: Sequence[str]) -> Spans:
    spans, cursor = set(), 0
    for word in words:
        spans.add((cursor, cursor + len(word)))
        cursor += len(word)
    return spans


def score_segmentation(gold: list[list[str]], predicted: list[list[str]]) -> Prf:
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = word_spans(g), word_spans(p)
        tp += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
    return Prf.of(tp, n_pred, tp, n_gold)


def evaluate_segmentation(pipeline: PatentNlp, limit: int | None = None) -> dict[str, Prf]:
    gold = read_conllu_words(limit=limit)
    plain = jieba.Tokenizer()
    texts = ["".join(words) for words in gold]
    return {
        "jieba": score_segmentation(gold, [[w for w in plain.cut(t) if w.strip()] for t in texts]),
        "patentnav": score_segmentation(gold, [pipeline.segment(t) for t in texts]),
    }


def read_chem_gold(limit: int | None = None) -> Iterator[tuple[str, Spans]]:
    count = 0
    for path in sorted(CHEM_DIR.glob("*_data_*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            entities = json.loads(record["entity"]) if record.get("entity") else []
            yield record["text"], {(int(e["startOffset"]), int(e["endOffset"])) for e in entities}
            count += 1
            if limit and count >= limit:
                return


def read_bio_gold(limit: int | None = None) -> Iterator[tuple[str, Spans, Spans]]:
    """(sentence, counted gold spans, ignored gold spans) from character BIO files."""
    count = 0
    for path in BIOMED_FILES:
        chars: list[str] = []
        tags: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                char, _, tag = line.rpartition(" ")
                chars.append(char or " ")
                tags.append(tag)
                continue
            if chars:
                counted, ignored = _bio_spans(tags)
                yield "".join(chars), counted, ignored
                count += 1
                chars, tags = [], []
                if limit and count >= limit:
                    return


def _bio_spans(tags: list[str]) -> tuple[Spans, Spans]:
    counted: Spans = set()
    ignored: Spans = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            (counted if kind in BIOMED_TECH_TYPES else ignored).add((start, i))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
    return counted, ignored


def _overlaps(span: tuple[int, int], others: Spans) -> bool:
    return any(span[0] < b and a < span[1] for a, b in others)


def score_spans(items: Iterator[tuple[Spans, Spans, Spans]]) -> dict[str, Prf]:
    """items: (gold, ignored gold, predicted) per document."""
    n_gold = n_pred = tp_exact = tp_pred_overlap = tp_gold_overlap = 0
    for gold, ignored, predicted in items:
        predicted = {s for s in predicted if s in gold or not _overlaps(s, ignored)}
        n_gold += len(gold)
        n_pred += len(predicted)
        tp_exact += len(gold & predicted)
        tp_pred_overlap += sum(_overlaps(s, gold) for s in predicted)
        tp_gold_overlap += sum(_overlaps(s, predicted) for s in gold)
    return {
        "exact": Prf.of(tp_exact, n_pred, tp_exact, n_gold),
        "overlap": Prf.of(tp_pred_overlap, n_pred, tp_gold_overlap, n_gold),
    }


def _tech_spans(pipeline: PatentNlp, texts: list[str]) -> list[Spans]:
    """TECH spans of each text; batched through ``nlp.pipe`` (the model predicts per batch)."""
    docs = pipeline.nlp.pipe(texts, batch_size=64)
    return [{(t.start, t.end) for t in pipeline._terms(doc) if t.label == "TECH"} for doc in docs]


def evaluate_tech(pipeline: PatentNlp, limit: int | None = None) -> dict[str, dict[str, Prf]]:
    no_spans: Spans = set()
    chem_gold = list(read_chem_gold(limit))
    chem_pred = _tech_spans(pipeline, [text for text, _ in chem_gold])
    chem = ((gold, no_spans, pred) for (_, gold), pred in zip(chem_gold, chem_pred, strict=True))
    bio_gold = list(read_bio_gold(limit * 20 if limit else None))
    bio_pred = _tech_spans(pipeline, [text for text, _, _ in bio_gold])
    bio = ((gold, ignored, pred) for (_, gold, ignored), pred in zip(bio_gold, bio_pred, strict=True))
    return {"cnchemner": score_spans(chem), "cbp_biomed": score_spans(bio)}


def tech_model_of(pipeline: PatentNlp) -> TechModel | None:
    """The pipeline's TECH model component when a trained model is loaded in it."""
    names = pipeline.nlp.pipe_names
    component = pipeline.nlp.get_pipe(TECH_MODEL) if TECH_MODEL in names else None
    return component if isinstance(component, TechModel) and component.active else None


def tech_model_active(pipeline: PatentNlp) -> bool:
    return tech_model_of(pipeline) is not None


def compare_tech_variants(
    pipeline: PatentNlp, scores: dict[str, dict[str, Prf]], limit: int | None = None
) -> dict[str, dict[str, dict[str, Prf]]]:
    """TECH scores of rules only vs rules + model in each mode; ``scores`` are ``pipeline``'s own."""
    model = tech_model_of(pipeline)
    variants = {
        "rules": scores if model is None else evaluate_tech(PatentNlp(build_nlp(tech_model=False)), limit)
    }
    for mode in MODES:
        if model is not None and model.mode == mode:
            variants[f"rules+model/{mode}"] = scores
            continue
        other = PatentNlp(build_nlp(tech_model=True, model_mode=mode))
        if tech_model_active(other):
            variants[f"rules+model/{mode}"] = evaluate_tech(other, limit)
    return variants


def run_evaluation(limit: int | None = None, compare_tech: bool = False) -> dict[str, object]:
    """All accuracy figures; ``limit`` takes the first N sentences / documents (CI slices).

    ``tech`` scores the configured pipeline; ``compare_tech`` adds ``tech_by_variant`` (rules only
    vs rules + model, see :func:`compare_tech_variants`).
    """
    pipeline = load_pipeline()
    tech = evaluate_tech(pipeline, limit)
    figures: dict[str, object] = {
        "segmentation": evaluate_segmentation(pipeline, limit),
        "tech": tech,
        "tech_model_active": tech_model_active(pipeline),
    }
    if compare_tech:
        figures["tech_by_variant"] = compare_tech_variants(pipeline, tech, limit)
    return figures


def as_plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):  # Prf (also as __main__.Prf under -m)
        return asdict(value)
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    return value


if __name__ == "__main__":
    import typer

    def main(
        slice_: int | None = typer.Option(None, "--slice"),
        compare: bool = typer.Option(False, "--compare", help="rules only vs rules + model"),
    ) -> None:

        typer.echo(json.dumps(as_plain(run_evaluation(slice_, compare)), ensure_ascii=False, indent=2))

    typer.run(main)

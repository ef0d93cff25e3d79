"""`patentnav nlp segment|terms|evaluate|bench`: a thin shell over :mod:`nlp` (专利文本处理)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, help="分词、术语抽取与评测 (segmentation, terms, evaluation).")

SliceOption = Annotated[int | None, typer.Option("--slice", help="use the first N items of each data set")]


def _lines() -> list[str]:
    return sys.stdin.read().splitlines()


JsonOption = Annotated[bool, typer.Option("--json", help="one JSON object per input line (JSON Lines)")]


@app.command()
def segment(as_json: JsonOption = False) -> None:
    """Read UTF-8 lines on stdin; print each line's words separated by one space (空行照出);
    ``--json``: {"text", "tokens"} per line."""
    from nlp.pipeline import load_pipeline

    pipeline = load_pipeline()
    for line in _lines():
        tokens = pipeline.segment(line)
        shown = json.dumps({"text": line, "tokens": tokens}, ensure_ascii=False) if as_json else None
        typer.echo(shown or " ".join(tokens))


@app.command()
def terms(
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines (already the only output; accepted like elsewhere)")
    ] = True,
) -> None:
    """One JSON object per input line: {"terms": [{"start","end","text","label"}...]}."""
    from nlp.pipeline import load_pipeline

    pipeline = load_pipeline()
    for line in _lines():
        found = [
            {"start": t.start, "end": t.end, "text": t.text, "label": t.label} for t in pipeline.terms(line)
        ]
        typer.echo(json.dumps({"terms": found}, ensure_ascii=False))


@app.command()
def evaluate(slice_: SliceOption = None) -> None:
    """Segmentation and TECH span P/R/F1 against the gold sets (JSON)."""
    from bench.nlp_eval import as_plain, run_evaluation

    typer.echo(json.dumps(as_plain(run_evaluation(slice_)), ensure_ascii=False, indent=2))

"""`patentnav corpus generate|demo`: synthetic scale corpora and the bundled demo corpus (语料生成)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)

_SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@app.command("generate")
def generate(
    size: Annotated[int, typer.Option("--size", min=1, help="number of patents (rows)")],
    out: Annotated[Path, typer.Option("--out", help="output file")],
    seed: Annotated[int, typer.Option("--seed", help="same seed -> same bytes")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="csv | jsonl | xlsx")] = "csv",
    encoding: Annotated[str, typer.Option("--encoding", help="utf-8 | utf-8-sig | gb18030")] = "utf-8",
) -> None:
    """Write a synthetic corpus in the 61-column export format (+ 合成字段)."""
    from rich.progress import Progress

    from tools.synthetic import generate_corpus

    if encoding not in ("utf-8", "utf-8-sig", "gb18030"):
        raise typer.BadParameter("encoding must be utf-8, utf-8-sig or gb18030")
    with Progress(transient=True) as progress:
        task = progress.add_task("生成语料", total=size)
        rows = generate_corpus(out, size, seed, fmt, encoding, progress=lambda n: progress.advance(task, n))
    typer.echo(f"{rows} rows -> {out}")


@app.command("demo")
def demo(
    out: Annotated[Path | None, typer.Option("--out", help="default: data/demo/patents_demo.csv")] = None,
    shared: Annotated[Path, typer.Option("--shared", help="the ../shared/data folder")] = _SHARED_DATA,
    seed: Annotated[int | None, typer.Option("--seed", help="default: the shipped corpus's seed")] = None,
) -> None:
    """Rebuild the demo corpus from ../shared/data (byte-identical with the default seed)."""
    from rich.progress import Progress

    from tools.synthetic import DEFAULT_SEED, DEMO_FILE, build_demo_corpus

    with Progress(transient=True) as progress:
        task = progress.add_task("重建演示语料", total=3048)
        rows = build_demo_corpus(
            shared,
            out or DEMO_FILE,
            DEFAULT_SEED if seed is None else seed,
            progress=lambda n: progress.advance(task, n),
        )
    typer.echo(f"{rows} rows -> {out or DEMO_FILE}")

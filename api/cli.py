"""The `patentnav` command line: a thin shell over graph, ingest, nlp and viz.

Every command accepts ``--store embedded|neo4j`` and ``--db PATH`` (or the settings).
Sub-command modules are imported here; each keeps heavy imports inside its functions so
``patentnav --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.commands import bench as bench_commands
from api.commands import serve as serve_commands

app = typer.Typer(
    name="patentnav",
    help="专利导航知识图谱服务 — patent navigation knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="embedded | neo4j (default: neo4j if a URI is set, else embedded)"),
]
DbOption = Annotated[
    Path | None, typer.Option("--db", help="embedded store file (default: settings.db_path)")
]


@app.command()
def stats(
    store: StoreOption = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Node counts per label and relationship counts per type (节点与关系统计)."""
    from graph.factory import open_store

    graph_store = open_store(store=store, db=db)
    try:
        result = graph_store.stats()
    finally:
        graph_store.close()
    payload = {"store": result.store, "nodes": result.nodes, "relationships": result.relationships}
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"patentnav stats ({result.store})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, count in sorted(result.nodes.items()):
        table.add_row("node", label, str(count))
    for rel, count in sorted(result.relationships.items()):
        table.add_row("relationship", rel, str(count))
    Console().print(table)


app.command("serve")(serve_commands.serve)
app.command("demo")(serve_commands.demo)
app.add_typer(bench_commands.app, name="bench", help="Benchmarks that print figures (基准测试).")


def _register_optional_areas() -> None:
    """Register the area sub-apps (ingest, nlp, query, chain, corpus, neo4j)."""
    from api.commands import chain, corpus, ingest, neo4j, nlp, query

    app.command("ingest")(ingest.ingest_command)
    app.add_typer(nlp.app, name="nlp", help="Segmentation and term extraction (分词与术语抽取).")
    app.add_typer(query.app, name="query", help="Navigation analyses (导航分析).")
    app.add_typer(chain.app, name="chain", help="Industry-chain definitions (产业链).")
    app.add_typer(corpus.app, name="corpus", help="Demo and synthetic corpora (语料生成).")
    app.add_typer(neo4j.app, name="neo4j", help="The project's own Neo4j server (development).")


_register_optional_areas()

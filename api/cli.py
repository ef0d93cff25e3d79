"""The `patentnav` command line: a thin shell over graph, ingest, nlp and viz.

Every command accepts ``--store embedded|neo4j`` and ``--db PATH`` (or the settings).
Sub-command modules are imported here; each keeps heavy imports inside its functions so
``patentnav --help`` stays fast.
"""

from __future__ import annotations

import typer

from api.commands import bench as bench_commands
from api.commands import demo as demo_commands
from api.commands import serve as serve_commands

app = typer.Typer(
    name="patentnav",
    help="专利导航知识图谱服务 — patent navigation knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

app.command("serve")(serve_commands.serve)
app.command("demo")(demo_commands.demo)
app.add_typer(bench_commands.app, name="bench", help="Benchmarks that print figures (基准测试).")


def _register_optional_areas() -> None:
    """Register the area sub-apps (ingest, nlp, query, chain, corpus, neo4j)."""
    from api.commands import chain, corpus, demand, enrich, ingest, neo4j, nlp, query, report
    from api.requests import StatsRequest
    from api.requests.cli import add_query_command

    app.command("ingest")(ingest.ingest_command)
    app.command("enrich")(enrich.enrich_command)
    app.add_typer(nlp.app, name="nlp", help="Segmentation and term extraction (分词与术语抽取).")
    app.add_typer(query.app, name="query", help="Navigation analyses (导航分析).")
    add_query_command(app, "stats", StatsRequest, query.show_stats)
    demand.register(app, query.app)
    report.register(app)
    app.add_typer(chain.app, name="chain", help="Industry-chain definitions (产业链).")
    app.add_typer(corpus.app, name="corpus", help="Demo and synthetic corpora (语料生成).")
    app.add_typer(neo4j.app, name="neo4j", help="The project's own Neo4j server (development).")


_register_optional_areas()

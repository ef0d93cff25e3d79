"""`patentnav chain ...`: validate, list and show industry-chain definitions (产业链定义)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from graph.chains import ChainIssue

app = typer.Typer(no_args_is_help=True)

DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="chain folder (default: <data_dir>/chains)")
]


@app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="chain YAML files", exists=True, dir_okay=False)],
    ipc: Annotated[
        Path | None, typer.Option("--ipc", help="IPC scheme TSV or folder (default: data/reference/ipc)")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help='print {"files", "ok", "issues": [...]} on stdout')
    ] = False,
) -> None:
    """Check chain files: ids, parents, edges, cycles, IPC codes (校验产业链定义); exit 1 on issues."""
    from graph.chains import load_ipc_codes, validate_chain
    from graph.errors import ConfigurationError

    try:
        scheme = load_ipc_codes(ipc)
    except ConfigurationError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from exc
    issues = [issue for path in files for issue in validate_chain(path, scheme)]
    if as_json:
        typer.echo(json.dumps(_validation_json(files, issues), ensure_ascii=False))
        raise typer.Exit(code=1 if issues else 0)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if issues:
        typer.echo(f"{len(issues)} issue(s) in {len({i.file for i in issues})} file(s)", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{len(files)} chain file(s) OK")


def _validation_json(files: list[Path], issues: list[ChainIssue]) -> dict[str, object]:
    return {
        "files": [str(path) for path in files],
        "ok": not issues,
        "issues": [
            {
                "file": i.file,
                "line": i.line,
                "kind": i.kind.value,
                "node_id": i.node_id,
                "field": i.field,
                "message": i.message,
            }
            for i in issues
        ],
    }


@app.command("list")
def list_command(data_dir: DataDirOption = None) -> None:
    """The shipped chains with node counts per position (产业链列表)."""
    from rich.console import Console
    from rich.table import Table

    from graph.chains import list_chains

    table = Table(title="industry chains (产业链)")
    for column in ("id", "name", "nodes", "upstream", "midstream", "downstream"):
        table.add_column(column)
    for chain in list_chains(data_dir):
        counts = {
            p: sum(1 for n in chain.nodes if n.position.value == p)
            for p in ("upstream", "midstream", "downstream")
        }
        table.add_row(chain.id, chain.name, str(len(chain.nodes)), *(str(c) for c in counts.values()))
    Console().print(table)


@app.command("show")
def show_command(
    chain_id: Annotated[str, typer.Argument(help="chain id, e.g. nev")], data_dir: DataDirOption = None
) -> None:
    """One chain's nodes as a tree, with IPC codes, keywords and supply edges (产业链详情)."""
    from rich.console import Console
    from rich.tree import Tree

    from graph.chains import get_chain
    from graph.errors import NotFoundError

    try:
        chain = get_chain(chain_id, data_dir)
    except NotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from exc
    root = Tree(f"[bold]{chain.name}[/bold] ({chain.id}) — {chain.description}")
    branches: dict[str, Tree] = {}
    by_id = {node.id: node for node in chain.nodes}

    def depth(node_id: str) -> int:  # validated chains have no parent cycles
        parent = by_id[node_id].parent
        return 0 if parent is None else 1 + depth(parent)

    for node in sorted(chain.nodes, key=lambda n: depth(n.id)):
        label = (
            f"{node.name} [dim]{node.id} · {node.position.value}[/dim]\n"
            f"IPC: {', '.join(node.ipc + node.ipc_legacy)}\n关键词: {'、'.join(node.keywords)}"
            + (f"\n→ {', '.join(node.supplies_to)}" if node.supplies_to else "")
        )
        parent = branches.get(node.parent) if node.parent else None
        branches[node.id] = (parent or root).add(label)
    Console().print(root)

"""`patentnav neo4j start|stop|status|env`: the project's own Neo4j server for development.

    patentnav neo4j start && eval "$(patentnav neo4j env)"

The server is assembled from Maven Central on first use (needs Java 17 and Maven) and
keeps its data, logs and generated password under ``<neo4j_home>/dev`` by default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from graph.neo4j_server.process import Neo4jServer

app = typer.Typer(no_args_is_help=True)

InstanceOption = Annotated[
    Path | None,
    typer.Option("--instance", help="server directory (default: <settings.neo4j_home>/dev)"),
]


def _server(instance: Path | None, port: int | None = None) -> Neo4jServer:
    from graph.neo4j_server.process import Neo4jServer
    from graph.settings import get_settings

    home = get_settings().neo4j_root
    return Neo4jServer(home, instance or home / "dev", port=port)


@app.command("start")
def start(
    instance: InstanceOption = None,
    port: Annotated[int | None, typer.Option(help="Bolt port (default: a free port)")] = None,
    timeout: Annotated[float, typer.Option(help="seconds to wait for Bolt")] = 120,
) -> None:
    """Assemble (once) and start the server in the background; waits until Bolt accepts logins."""
    from graph.errors import Neo4jProvisioningError

    server = _server(instance, port)
    try:
        connection = server.start(timeout=timeout)
    except Neo4jProvisioningError as exc:
        typer.echo(f"Neo4j did not start: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(f"Neo4j running at {connection.uri} (user {connection.user}); data in {server.instance}")
    typer.echo('Use it from this shell with: eval "$(patentnav neo4j env)"')


@app.command("stop")
def stop(instance: InstanceOption = None) -> None:
    """Stop the server cleanly (SIGTERM; SIGKILL only if it hangs)."""
    stopped = _server(instance).stop()
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@app.command("status")
def status(instance: InstanceOption = None) -> None:
    """Print whether the server runs; exit code 1 when it does not."""
    current = _server(instance).status()
    if not current.running:
        typer.echo(f"Neo4j not running ({current.instance})")
        raise typer.Exit(code=1)
    typer.echo(f"Neo4j {current.version} running: pid {current.pid}, {current.uri} ({current.instance})")


@app.command("env")
def env(instance: InstanceOption = None) -> None:
    """Print `export PATENTNAV_NEO4J_*=...` lines; the password is read from its 0600 file."""
    from graph.errors import Neo4jProvisioningError

    server = _server(instance)
    if not server.status().running:
        typer.echo("Neo4j is not running; run `patentnav neo4j start` first", err=True)
        raise typer.Exit(code=1)
    try:
        lines = server.shell_exports()
    except Neo4jProvisioningError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from exc
    typer.echo("\n".join(lines))

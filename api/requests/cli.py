"""The Typer side of the request layer: ``patentnav query X`` commands generated from request types.

Every field of the request type becomes an option named after it (``chain_node`` ->
``--chain-node``; a list field may be repeated or comma-separated; a bool is ``--x/--no-x``;
a field marked ``cli_argument`` is positional). Values reach the request type as the text
typed, so the CLI parses and refuses exactly what the API does, with the same Chinese message
(exit 2 for a bad parameter). Every command also takes ``--store``, ``--db`` and ``--json``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_origin

import typer
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from api.requests.base import (
    NavigationContext,
    NavigationRequest,
    NavigationResponse,
    empty_store_warning,
    render_json,
)
from api.requests.errors import error_message, exit_code
from graph.errors import PatentnavError

Show = Callable[[NavigationResponse], None]
# writes the file for the request's parameters and returns the line to print on stderr
Export = Callable[[dict[str, Any], NavigationContext, Path], str]
_SHELL_OPTIONS = {
    "store": (
        Annotated[
            str | None,
            typer.Option("--store", help="embedded | neo4j (default: neo4j if a URI is set, else embedded)"),
        ],
        None,
    ),
    "db": (
        Annotated[Path | None, typer.Option("--db", help="embedded store file (default: settings.db_path)")],
        None,
    ),
    "as_json": (Annotated[bool, typer.Option("--json", help="print the JSON the API answers")], False),
}
_EXPORT_OPTION = (Annotated[Path | None, typer.Option("--export", help="供给清单写入 .csv 或 .xlsx")], None)


def add_query_command(
    app: typer.Typer,
    name: str,
    request_type: type[NavigationRequest],
    show: Show,
    export: Export | None = None,
) -> None:
    """Register ``name`` on ``app``: parse with ``request_type``, run, print JSON or ``show``."""

    def command(**values: Any) -> None:
        shell = {key: values.pop(key) for key in (*_SHELL_OPTIONS, "export") if key in values}
        given = {k: v for k, v in values.items() if v is not None and v != []}
        response = run_request(request_type, given, shell, export)
        if shell["as_json"]:
            typer.echo(render_json(response).decode("utf-8"))
        else:
            show(response)

    if clash := set(request_type.model_fields) & {*_SHELL_OPTIONS, "export"}:
        raise TypeError(f"{request_type.__name__}: field(s) {clash} clash with the CLI's own options")
    options = {**{k: _option(k, f) for k, f in request_type.model_fields.items()}, **_SHELL_OPTIONS}
    if export is not None:
        options["export"] = _EXPORT_OPTION
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for key, (annotation, default) in options.items()
        ]
    )
    command.__annotations__ = {key: annotation for key, (annotation, _) in options.items()}
    command.__doc__ = request_type.__doc__
    app.command(name)(command)


def run_request(
    request_type: type[NavigationRequest], given: dict[str, Any], shell: dict[str, Any], export: Export | None
) -> NavigationResponse:
    """Parse, open the store, export if asked, run; our errors end the command with their code."""
    from graph.factory import store_session
    from graph.settings import get_settings

    try:
        request = request_type.model_validate(given)
        with store_session(store=shell["store"], db=shell["db"]) as graph_store:
            ctx = NavigationContext(graph_store, get_settings())
            if export is not None and shell.get("export") is not None:
                typer.echo(export(given, ctx, shell["export"]), err=True)
            response = request.answer(ctx)
            if warning := empty_store_warning(graph_store):
                typer.echo(warning, err=True)
            return response
    except (PatentnavError, ValidationError) as exc:
        typer.echo(error_message(exc), err=True)
        raise typer.Exit(exit_code(exc)) from exc


def _option(name: str, field: FieldInfo) -> tuple[Any, Any]:
    """The Typer parameter of one request field: (annotation, default)."""
    flag = "--" + name.replace("_", "-")
    help_text = field.description or ""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    if extra.get("cli_argument"):
        return Annotated[str, typer.Argument(help=help_text)], inspect.Parameter.empty
    if field.annotation is bool:
        return Annotated[bool, typer.Option(f"{flag}/--no-{flag[2:]}", help=help_text)], field.default
    if get_origin(field.annotation) is list:
        return Annotated[list[str] | None, typer.Option(flag, help=help_text)], None
    default = None if field.is_required() else field.get_default(call_default_factory=False)
    hint = f" (默认 {default})" if default is not None else ""
    return Annotated[str | None, typer.Option(flag, help=help_text + hint)], None

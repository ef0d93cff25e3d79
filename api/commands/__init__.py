"""CLI sub-commands, one Typer app per area; registered in `api.cli`."""

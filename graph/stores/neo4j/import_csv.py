"""CSV files for ``neo4j-admin database import full`` (导入文件): one header and one data file
per node label or relationship (type, start label, end label), with typed columns and ID spaces.

Values are encoded as the Bolt driver would send them in the MERGE path, so the imported
graph holds the same properties: a ``None`` is an unquoted empty field (no property, as
``SET n += {p: null}``), every other value is quoted (an empty string stays an empty string),
booleans ``true``/``false``, floats in Python's round-trip form, lists joined by
``ARRAY_DELIMITER`` into a typed array column. neo4j-admin cannot write an empty list (an
empty array field is no property), so empty lists of nodes are listed in ``empty_lists`` and
set after the import (``bulk_import.empty_list_steps``). A column's type is taken from the values
(the driver types each value, not the schema); a row whose types or properties do not fit
the open file of its table starts another file of that table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.errors import PatentnavError

ARRAY_DELIMITER = "\x1f"  # unit separator: never in patent text (checked per value)
ARRAY_DELIMITER_ARG = "U+001F"
_SCALAR_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "long"),
    (float, "double"),
    (str, "string"),
)
_EMPTY_ARRAY = "empty[]"  # an empty list: fits an array column of any element type


class ImportCsvError(PatentnavError):
    """A value the import files cannot carry exactly (wrong type, delimiter in the text)."""


def _scalar_type(value: Any, where: str) -> str:
    for python_type, name in _SCALAR_TYPES:
        if type(value) is python_type:
            return name
    raise ImportCsvError(f"{where}: 不支持的属性值类型 {type(value).__name__} (unsupported value)")


def value_type(value: Any, where: str) -> str:
    """The import column type of a non-null value (``long``, ``string[]``, ...)."""
    if isinstance(value, list | tuple):
        if not value:
            return _EMPTY_ARRAY
        kinds = {_scalar_type(item, where) for item in value}
        if len(kinds) != 1:
            raise ImportCsvError(f"{where}: 列表元素类型不一致 {sorted(kinds)} (mixed list)")
        return kinds.pop() + "[]"
    return _scalar_type(value, where)


def _text(value: Any, where: str) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ImportCsvError(f"{where}: 非有限数值 {value!r} (not finite)")
        return repr(value)
    return str(value)


def encode(value: Any, where: str) -> str:
    """One CSV field: empty for None (no property), else quoted with quotes doubled."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        parts = [_text(item, where) for item in value]
        if any(ARRAY_DELIMITER in part for part in parts):
            raise ImportCsvError(f"{where}: 文本含数组分隔符 U+001F (array delimiter in text)")
        text = ARRAY_DELIMITER.join(parts)
    else:
        text = _text(value, where)
    return '"' + text.replace('"', '""') + '"'


def _fits(column_type: str | None, value_kind: str) -> bool:
    if column_type is None or column_type == value_kind:
        return True
    return value_kind == _EMPTY_ARRAY and column_type.endswith("[]")


@dataclass
class _File:
    """One open data file of a table: its columns are fixed, their types settle as rows come."""

    data: Path
    handle: TextIO
    columns: tuple[str, ...]
    types: dict[str, str | None]
    rows: int = 0

    def accepts(self, props: Mapping[str, Any], kinds: Mapping[str, str]) -> bool:
        return set(props) <= set(self.columns) and all(_fits(self.types[c], k) for c, k in kinds.items())


@dataclass(frozen=True, slots=True)
class ImportFile:
    """A header and a data file, with what ``--nodes=`` / ``--relationships=`` names them by."""

    option: str  # "nodes" | "relationships"
    name: str  # node label or relationship type
    header: Path
    data: Path

    def argument(self) -> str:
        return f"--{self.option}={self.name}={self.header},{self.data}"


@dataclass
class _Table:
    option: str
    name: str
    id_columns: tuple[str, ...]  # "pub_no:ID(Patent)" or ":START_ID(Patent)", ":END_ID(Holder)"
    base_columns: tuple[str, ...]  # the schema's properties: one file fits rows with any subset
    files: list[_File] = field(default_factory=list)


class ImportTables:
    """The import files of one load, written under ``directory``; ``close`` writes the headers."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._tables: dict[tuple[str, ...], _Table] = {}
        self._count = 0
        self.empty_lists: dict[tuple[str, str], list[str]] = {}  # (label, property) -> node keys

    def node(
        self, label: str, key_name: str, key: str, props: Mapping[str, Any], columns: tuple[str, ...]
    ) -> None:
        table = self._table(("nodes", label), label, (f"{key_name}:ID({label})",), columns)
        empty = [name for name, value in props.items() if isinstance(value, list | tuple) and not value]
        for name in empty:
            self.empty_lists.setdefault((label, name), []).append(key)
        kept = {name: (None if name in empty else value) for name, value in props.items()}
        self._write(table, (key,), kept, f"{label} {key}")

    def plain_node(self, label: str, props: Mapping[str, Any]) -> None:
        """A node nothing links to (the store's identity node): no ID column."""
        table = self._table(("nodes", label), label, (), tuple(props))
        self._write(table, (), props, label)

    def relationship(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        props: Mapping[str, Any],
        columns: tuple[str, ...],
    ) -> None:
        """``start`` and ``end`` are (label, key); each label is its own ID space."""
        ids = (f":START_ID({start[0]})", f":END_ID({end[0]})")
        table = self._table(
            ("rels", rel_type, start[0], end[0]), rel_type, ids, columns, option="relationships"
        )
        self._write(table, (start[1], end[1]), props, f"{rel_type} {start[1]}->{end[1]}")

    def _table(
        self,
        ident: tuple[str, ...],
        name: str,
        ids: tuple[str, ...],
        columns: tuple[str, ...],
        option: str = "nodes",
    ) -> _Table:
        table = self._tables.get(ident)
        if table is None:
            table = self._tables[ident] = _Table(option, name, ids, columns)
        return table

    def _write(self, table: _Table, ids: tuple[str, ...], props: Mapping[str, Any], where: str) -> None:
        present = {k: v for k, v in props.items() if v is not None}
        kinds = {k: value_type(v, f"{where}.{k}") for k, v in present.items()}
        target = next((f for f in table.files if f.accepts(present, kinds)), None)
        if target is None:
            target = self._open(table, tuple(dict.fromkeys((*table.base_columns, *present))))
        for column, kind in kinds.items():
            if target.types[column] in (None, _EMPTY_ARRAY):
                target.types[column] = kind
        fields = [encode(i, where) for i in ids]
        fields += [encode(present.get(column), f"{where}.{column}") for column in target.columns]
        target.handle.write(",".join(fields) + "\n")
        target.rows += 1

    def _open(self, table: _Table, columns: tuple[str, ...]) -> _File:
        self._count += 1
        data = self.directory / f"{self._count:03d}-{table.name}.csv"
        handle = data.open("w", encoding="utf-8", newline="")
        opened = _File(data, handle, columns, dict.fromkeys(columns))
        table.files.append(opened)
        return opened

    def close(self) -> list[ImportFile]:
        """Close the data files, write their headers; the files in the order to pass them."""
        out: list[ImportFile] = []
        for table in sorted(self._tables.values(), key=lambda t: t.option != "nodes"):
            for f in table.files:
                f.handle.close()
                header = f.data.with_name(f.data.stem + ".header.csv")
                names = [*table.id_columns, *(_typed(c, f.types[c]) for c in f.columns)]
                header.write_text(",".join(names) + "\n", encoding="utf-8")
                out.append(ImportFile(table.option, table.name, header, f.data))
        return out

    def row_counts(self) -> dict[str, int]:
        """Rows written per node label / relationship type (for the load's own check)."""
        counts: dict[str, int] = {}
        for table in self._tables.values():
            counts[table.name] = counts.get(table.name, 0) + sum(f.rows for f in table.files)
        return counts


def _typed(column: str, kind: str | None) -> str:
    if kind is None or kind == "string":
        return column
    if kind == _EMPTY_ARRAY:
        return f"{column}:string[]"
    return f"{column}:{kind}"

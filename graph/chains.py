"""Industry-chain definitions (产业链定义) as data: loading and validation.

Each chain is one YAML file under ``data/chains/``: nodes with a position (上游/中游/下游), a
parent (技术分解 hierarchy), a patent search strategy (IPC codes + Chinese keywords) and
``supplies_to`` edges (供给关系, upstream -> downstream). ``validate_chain`` reports every problem
with file, line, node id and field so an analyst can fix a hand-edited file.

IPC patterns, normalised without spaces: ``H01M`` (subclass), ``H01M4`` or ``H01M4/00`` (main group 4
with all its subgroups), ``H01M10/0525`` (one subgroup and, by prefix, its sub-subgroups); what a
pattern covers is decided by ``graph.codes.ipc.ipc_covers``, the rule the ingest mapping uses too.
``ipc`` codes must exist in the current IPC scheme; ``ipc_legacy`` holds codes of earlier editions
(e.g. H01L21, moved to H10P in IPC 2026.01) that older patents still carry: format-checked only.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.chain_evidence import load_generic_terms
from graph.codes.ipc import PATTERN_RE, ipc_subclass, main_group
from graph.errors import ChainDefinitionError, ConfigurationError, NotFoundError
from graph.models import ChainNodeRecord, ChainPosition

logger = logging.getLogger(__name__)

_POSITION_RANK = {ChainPosition.UPSTREAM: 0, ChainPosition.MIDSTREAM: 1, ChainPosition.DOWNSTREAM: 2}


class ChainSource(BaseModel):
    """A reference a chain was built from (the chain_kg data, GB/T 4754, the SEI concordance, a plan)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    ref: str | None = None  # path, URL or document number


class ChainNodeSpec(BaseModel):
    """One node of the technology breakdown (技术分解表节点) as written in the YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    position: ChainPosition
    parent: str | None = None
    ipc: tuple[str, ...] = ()
    ipc_legacy: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    supplies_to: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # "<source id>" or "<source id>:<detail>"


class ChainDefinition(BaseModel):
    """A whole industry chain (产业链): metadata, sources and nodes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    description: str = ""
    industries: tuple[str, ...] = ()  # "gbt4754:C3612", "sei:5.1"
    sources: tuple[ChainSource, ...] = Field(min_length=1)
    nodes: tuple[ChainNodeSpec, ...] = Field(min_length=1)

    def node_key(self, node_id: str) -> str:
        return f"{self.id}/{node_id}"


class IssueKind(StrEnum):
    YAML_SYNTAX = "yaml_syntax"
    SCHEMA = "schema"
    BAD_POSITION = "bad_position"
    CHAIN_ID_MISMATCH = "chain_id_mismatch"  # file stem differs from the chain id
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_PARENT = "unknown_parent"
    UNKNOWN_TARGET = "unknown_target"  # supplies_to names no node
    PARENT_CYCLE = "parent_cycle"
    SUPPLY_CYCLE = "supply_cycle"
    AGAINST_FLOW = "against_flow"  # supplies_to from a later position to an earlier one
    ISOLATED_NODE = "isolated_node"
    EMPTY_SEARCH = "empty_search"  # neither keywords nor IPC codes
    GENERIC_ONLY = "generic_only"  # no IPC code and every keyword generic: nothing can map
    IPC_FORMAT = "ipc_format"
    UNKNOWN_IPC = "unknown_ipc"
    UNKNOWN_SOURCE = "unknown_source"


@dataclass(frozen=True, slots=True)
class ChainIssue:
    """One problem in a chain file, located by file, line, node id and field."""

    file: str
    kind: IssueKind
    message: str
    node_id: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        node = f" node={self.node_id}" if self.node_id else ""
        fld = f" field={self.field}" if self.field else ""
        return f"{where}: [{self.kind.value}]{node}{fld}: {self.message}"


# --------------------------------------------------------------------------- loading


def default_chains_dir() -> Path:
    from graph.settings import get_settings

    return get_settings().data_dir / "chains"


def _read_yaml(path: Path) -> tuple[Any, list[int]]:
    """Parse the file; also return the 1-based line of each item under ``nodes`` for messages."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lines: list[int] = []
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "nodes" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return data, lines


def _parse(path: Path) -> tuple[ChainDefinition | None, list[int], list[ChainIssue]]:
    try:
        data, lines = _read_yaml(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [], [ChainIssue(str(path), IssueKind.YAML_SYNTAX, str(exc).splitlines()[0], line=line)]
    try:
        return ChainDefinition.model_validate(data), lines, []
    except ValidationError as exc:
        return None, lines, [_schema_issue(path, data, lines, err) for err in exc.errors()]


def _schema_issue(path: Path, data: Any, lines: list[int], err: Any) -> ChainIssue:
    loc = tuple(err["loc"])
    node_id, line = None, None
    if len(loc) >= 2 and loc[0] == "nodes" and isinstance(loc[1], int):
        raw_nodes = data.get("nodes") if isinstance(data, dict) else None
        if isinstance(raw_nodes, list) and loc[1] < len(raw_nodes) and isinstance(raw_nodes[loc[1]], dict):
            node_id = raw_nodes[loc[1]].get("id")
        line = lines[loc[1]] if loc[1] < len(lines) else None
    field = ".".join(str(part) for part in loc) or None
    kind = IssueKind.BAD_POSITION if loc and loc[-1] == "position" else IssueKind.SCHEMA
    return ChainIssue(str(path), kind, err["msg"], node_id=node_id, field=field, line=line)


def load_chain(path: Path) -> ChainDefinition:
    """Load one chain file; raise ``ChainDefinitionError`` listing schema or structure problems."""
    chain, lines, issues = _parse(path)
    if chain is not None:
        issues = find_structure_issues(chain, path, lines)
    if issues or chain is None:
        raise ChainDefinitionError("\n".join(str(issue) for issue in issues))
    return chain


def list_chains(data_dir: Path | None = None) -> list[ChainDefinition]:
    """Every shipped chain (``<data_dir>/*.yaml``), sorted by id."""
    directory = data_dir or default_chains_dir()
    return sorted((load_chain(p) for p in sorted(directory.glob("*.yaml"))), key=lambda c: c.id)


def get_chain(chain_id: str, data_dir: Path | None = None) -> ChainDefinition:
    path = (data_dir or default_chains_dir()) / f"{chain_id}.yaml"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", chain_id) or not path.is_file():
        raise NotFoundError(f"no industry chain {chain_id!r} (产业链不存在)")
    return load_chain(path)


def chain_node_records(chain: ChainDefinition) -> list[ChainNodeRecord]:
    """The graph records of one chain; keys are ``<chain>/<node id>``."""
    return [
        ChainNodeRecord(
            key=chain.node_key(node.id),
            chain=chain.id,
            name=node.name,
            position=node.position,
            parent=chain.node_key(node.parent) if node.parent else None,
            ipc_codes=node.ipc + node.ipc_legacy,
            keywords=node.keywords,
            supplies_to=tuple(chain.node_key(target) for target in node.supplies_to),
        )
        for node in chain.nodes
    ]


def load_chain_nodes(data_dir: Path | None = None) -> list[ChainNodeRecord]:
    """All nodes of all shipped chains, ready for ``ReferenceBatch.chain_nodes``."""
    return [record for chain in list_chains(data_dir) for record in chain_node_records(chain)]


# --------------------------------------------------------------------------- IPC scheme


def load_ipc_codes(path: Path | None = None) -> frozenset[str]:
    """IPC codes of the scheme TSV(s) (column 1, plain or .gz); default ``data/reference/ipc``."""
    if path is None:
        from graph.settings import get_settings

        path = get_settings().data_dir / "reference" / "ipc"
    files = sorted([*path.glob("*.tsv"), *path.glob("*.tsv.gz")]) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ConfigurationError(
            f"IPC scheme not found at {path} (IPC分类表缺失); pass the scheme explicitly"
        )
    codes: set[str] = set()
    for file in files:
        opener = gzip.open if file.suffix == ".gz" else open
        with opener(file, "rt", encoding="utf-8") as handle:
            for line in handle:
                code = line.split("\t", 1)[0].strip()
                if code and code != "code":
                    codes.add(code)
    return frozenset(codes)


@lru_cache(maxsize=1)
def sei_concordance_codes() -> frozenset[str]:
    """IPC codes the official SEI<->IPC 2021 concordance lists (``data/reference/sei``). The parsed
    2026 table lacks whole groups (C01G, C09D5, C23C16, C23F13, F25D29 ...) that the concordance
    lists, so the validator knows these codes too."""
    from graph.settings import get_settings

    path = get_settings().data_dir / "reference" / "sei" / "ipc-sei.jsonl.gz"
    if not path.is_file():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return frozenset(json.loads(line)["ipcCode"] for line in handle if line.strip())


@lru_cache(maxsize=4)  # validating many files against one scheme expands it once
def expand_ipc_scheme(codes: frozenset[str]) -> frozenset[str]:
    """Codes plus their subclass and main-group prefixes: the scheme file is not quite complete,
    so a subclass or group counts as known when any code under it is known."""
    known: set[str] = set()
    for code in codes:
        known.update({code, main_group(code)})
        if (subclass := ipc_subclass(code)) is not None:
            known.add(subclass)
    return frozenset(known)


# --------------------------------------------------------------------------- validation


def validate_chain(path: Path, ipc_codes: Set[str] | None = None) -> list[ChainIssue]:
    """All problems of one chain file (empty list: clean). ``ipc_codes``: the IPC scheme's codes."""
    chain, lines, issues = _parse(path)
    if chain is None:
        return issues
    codes = frozenset(ipc_codes) if ipc_codes is not None else load_ipc_codes()
    scheme = expand_ipc_scheme(codes | sei_concordance_codes())
    return find_structure_issues(chain, path, lines) + find_ipc_issues(chain, path, lines, scheme)


def find_structure_issues(chain: ChainDefinition, path: Path, lines: list[int]) -> list[ChainIssue]:
    """Ids, parents, edges, cycles, connectivity, search strategy, sources (no IPC scheme needed)."""
    report = _Reporter(path, chain, lines)
    if path.suffix in {".yaml", ".yml"} and path.stem != chain.id:
        report.add(
            IssueKind.CHAIN_ID_MISMATCH, f"file name {path.name} but chain id {chain.id!r}", None, "id"
        )
    ids = [node.id for node in chain.nodes]
    for node_id in sorted({i for i in ids if ids.count(i) > 1}):
        report.add(IssueKind.DUPLICATE_ID, f"id {node_id!r} used {ids.count(node_id)} times", node_id, "id")
    nodes = {node.id: node for node in chain.nodes}
    source_ids = {source.id for source in chain.sources}
    for node in chain.nodes:
        _check_node_refs(node, nodes, source_ids, report)
    _check_cycles(
        {n.id: {n.parent} for n in chain.nodes if n.parent in nodes}, IssueKind.PARENT_CYCLE, "parent", report
    )
    _check_cycles(
        {n.id: {t for t in n.supplies_to if t in nodes} for n in chain.nodes},
        IssueKind.SUPPLY_CYCLE,
        "supplies_to",
        report,
    )
    _check_connected(chain, report)
    return report.issues


def find_ipc_issues(
    chain: ChainDefinition, path: Path, lines: list[int], scheme: Set[str]
) -> list[ChainIssue]:
    report = _Reporter(path, chain, lines)
    for node in chain.nodes:
        for field, codes in (("ipc", node.ipc), ("ipc_legacy", node.ipc_legacy)):
            for code in codes:
                if not PATTERN_RE.fullmatch(code):
                    report.add(IssueKind.IPC_FORMAT, f"{code!r} is not a normalised IPC code", node.id, field)
                elif field == "ipc" and code not in scheme:
                    report.add(IssueKind.UNKNOWN_IPC, f"{code} is not in the IPC scheme", node.id, field)
    return report.issues


class _Reporter:
    def __init__(self, path: Path, chain: ChainDefinition, lines: list[int]) -> None:
        self.path = str(path)
        self.lines = {node.id: lines[i] for i, node in enumerate(chain.nodes) if i < len(lines)}
        self.issues: list[ChainIssue] = []

    def add(self, kind: IssueKind, message: str, node_id: str | None, field: str | None) -> None:
        line = self.lines.get(node_id) if node_id else None
        self.issues.append(ChainIssue(self.path, kind, message, node_id=node_id, field=field, line=line))


def _check_node_refs(
    node: ChainNodeSpec, nodes: dict[str, ChainNodeSpec], source_ids: set[str], report: _Reporter
) -> None:
    if node.parent is not None and node.parent not in nodes:
        report.add(IssueKind.UNKNOWN_PARENT, f"parent {node.parent!r} is not a node", node.id, "parent")
    for target in node.supplies_to:
        if target not in nodes:
            report.add(
                IssueKind.UNKNOWN_TARGET, f"supplies_to {target!r} is not a node", node.id, "supplies_to"
            )
        elif _POSITION_RANK[nodes[target].position] < _POSITION_RANK[node.position]:
            msg = f"{node.position.value} node supplies {nodes[target].position.value} node {target!r}"
            report.add(IssueKind.AGAINST_FLOW, msg, node.id, "supplies_to")
    if not node.keywords and not node.ipc and not node.ipc_legacy:
        report.add(IssueKind.EMPTY_SEARCH, "no keywords and no IPC codes (无检索式)", node.id, "keywords")
    elif not node.ipc and not node.ipc_legacy and set(node.keywords) <= load_generic_terms():
        msg = "only generic keywords and no IPC code: no patent can map (只有通用词)"
        report.add(IssueKind.GENERIC_ONLY, msg, node.id, "keywords")
    for source in node.sources:
        if source.split(":", 1)[0] not in source_ids:
            report.add(IssueKind.UNKNOWN_SOURCE, f"source {source!r} is not declared", node.id, "sources")


def _check_cycles(graph: dict[str, set[Any]], kind: IssueKind, field: str, report: _Reporter) -> None:
    """Report each cycle once; graphlib finds one at a time, so drop its nodes and look again."""
    remaining = {node: set(targets) for node, targets in graph.items()}
    while True:
        try:
            TopologicalSorter(remaining).prepare()
            return
        except CycleError as exc:
            cycle: list[str] = list(exc.args[1])
            report.add(kind, "cycle " + " -> ".join(cycle), cycle[0], field)
            for node in set(cycle):
                remaining.pop(node, None)
            remaining = {n: {t for t in ts if t in remaining} for n, ts in remaining.items()}


def _check_connected(chain: ChainDefinition, report: _Reporter) -> None:
    """A node with no parent, no children and no supply edge either way belongs to nothing."""
    linked: set[str] = set()
    for node in chain.nodes:
        if node.parent is not None:
            linked.update({node.id, node.parent})
        for target in node.supplies_to:
            linked.update({node.id, target})
    if len(chain.nodes) < 2:
        return
    for node in chain.nodes:
        if node.id not in linked:
            report.add(IssueKind.ISOLATED_NODE, "not linked to any other node", node.id, "supplies_to")

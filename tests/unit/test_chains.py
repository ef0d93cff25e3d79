"""Industry-chain definitions: the shipped chains are clean, and the validator finds each issue kind."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from api.commands.chain import app as chain_app
from graph.chains import (
    ChainIssue,
    IssueKind,
    chain_node_records,
    list_chains,
    load_chain,
    load_chain_nodes,
    load_ipc_codes,
    validate_chain,
)
from graph.codes.ipc import ipc_covers
from graph.errors import ChainDefinitionError
from graph.models import ChainPosition

REPO = Path(__file__).resolve().parents[2]
CHAINS_DIR = REPO / "data" / "chains"
CHAIN_FILES = sorted(CHAINS_DIR.glob("*.yaml"))
REQUIRED_CHAINS = {
    "nev",
    "carbon_fiber",
    "optoelectronics",
    "biomedicine",
    "corn_agri",
    "integrated_circuits",
    "high_end_equipment",
}
SHIPPED_IPC = REPO / "data" / "reference" / "ipc"
SHARED_IPC = REPO.parent / "shared" / "data" / "ipc_2026_zh" / "ipc_2026_01_zh.tsv"


@pytest.fixture(scope="module")
def ipc_scheme() -> frozenset[str]:
    """The real IPC 2026.01 scheme: the shipped copy if present, else the shared original."""
    source = SHIPPED_IPC if any(SHIPPED_IPC.glob("*.tsv*")) else SHARED_IPC
    codes = load_ipc_codes(source)
    assert len(codes) > 70_000
    return codes


# --------------------------------------------------------------------------- shipped chains


def test_required_chains_are_shipped() -> None:
    assert {path.stem for path in CHAIN_FILES} >= REQUIRED_CHAINS
    assert {chain.id for chain in list_chains(CHAINS_DIR)} >= REQUIRED_CHAINS


@pytest.mark.parametrize("path", CHAIN_FILES, ids=lambda p: p.stem)
def test_shipped_chain_validates_clean(path: Path, ipc_scheme: frozenset[str]) -> None:
    assert [str(issue) for issue in validate_chain(path, ipc_scheme)] == []


@pytest.mark.parametrize("path", CHAIN_FILES, ids=lambda p: p.stem)
def test_shipped_chain_shape(path: Path) -> None:
    chain = load_chain(path)
    assert len(chain.nodes) >= 10
    assert {node.position for node in chain.nodes} == set(ChainPosition)
    for node in chain.nodes:
        assert node.keywords, node.id
        assert node.ipc, node.id
        assert node.sources, node.id
        assert all(" " not in code for code in node.ipc), node.id


def test_node_records_keys_and_references() -> None:
    records = load_chain_nodes(CHAINS_DIR)
    keys = {record.key for record in records}
    assert len(keys) == len(records) == sum(len(load_chain(p).nodes) for p in CHAIN_FILES)
    nev_cell = next(r for r in records if r.key == "nev/battery_cell")
    assert nev_cell.chain == "nev"
    assert nev_cell.position is ChainPosition.MIDSTREAM
    assert "nev/battery_system" in nev_cell.supplies_to
    for record in records:
        assert record.key.startswith(record.chain + "/")
        assert record.parent is None or record.parent in keys
        assert set(record.supplies_to) <= keys


def test_legacy_ipc_codes_reach_the_records() -> None:
    chain = load_chain(CHAINS_DIR / "integrated_circuits.yaml")
    fabrication = next(r for r in chain_node_records(chain) if r.key == "integrated_circuits/fabrication")
    assert "H01L21" in fabrication.ipc_codes and "H10P" in fabrication.ipc_codes


def test_declared_industries_exist_in_the_reference_data() -> None:
    gbt = {
        line.split("\t", 1)[0]
        for line in (REPO / "data/reference/industries/gbt4754_2017.tsv").read_text("utf-8").splitlines()
    }
    sei_lines = (REPO / "data/reference/sei/sei.jsonl").read_text("utf-8").splitlines()
    sei = {json.loads(line)["seiCode"] for line in sei_lines}
    for chain in list_chains(CHAINS_DIR):
        for code in chain.industries:
            scheme, value = code.split(":", 1)
            assert (value[1:] in gbt) if scheme == "gbt4754" else (value in sei), (chain.id, code)


def test_sei_evidence_claims_hold() -> None:
    """A node citing ``sei_ipc_2021:<category>`` has an IPC code the concordance lists under it."""
    reference = REPO / "data" / "reference" / "sei"
    category = {
        json.loads(line)["id"]: json.loads(line)["seiCode"]
        for line in (reference / "sei.jsonl").read_text("utf-8").splitlines()
    }
    codes_by_category: dict[str, list[str]] = defaultdict(list)
    with gzip.open(reference / "ipc-sei.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            codes_by_category[category[row["seiId"]]].append(row["ipcCode"])
    wrong = []
    for chain in list_chains(CHAINS_DIR):
        for node in chain.nodes:
            for source in node.sources:
                if source.startswith("sei_ipc_2021:"):
                    listed = codes_by_category[source.split(":", 1)[1]]
                    if not any(ipc_covers(p, c) or ipc_covers(c, p) for p in node.ipc for c in listed):
                        wrong.append(f"{chain.id}/{node.id} {source}")
    assert wrong == []


# --------------------------------------------------------------------------- crafted bad files


def _node(node_id: str, position: str = "upstream", **extra: object) -> dict[str, object]:
    node: dict[str, object] = {
        "id": node_id,
        "name": f"节点{node_id}",
        "position": position,
        "parent": None,
        "ipc": ["H01M4/131"],
        "keywords": ["正极材料"],
        "supplies_to": [],
        "sources": ["ipc_2026"],
    }
    node.update(extra)
    return node


def _chain(nodes: list[dict[str, object]], chain_id: str = "demo") -> dict[str, object]:
    return {
        "id": chain_id,
        "name": "测试链",
        "sources": [{"id": "ipc_2026", "title": "IPC 2026.01"}],
        "nodes": nodes,
    }


def _good_nodes() -> list[dict[str, object]]:
    return [
        _node("a", supplies_to=["b"]),
        _node("b", "midstream", supplies_to=["c"]),
        _node("c", "downstream"),
    ]


def _write(tmp_path: Path, data: object, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _kinds(issues: list[ChainIssue]) -> set[IssueKind]:
    return {issue.kind for issue in issues}


def test_crafted_good_file_is_clean(tmp_path: Path, ipc_scheme: frozenset[str]) -> None:
    assert validate_chain(_write(tmp_path, _chain(_good_nodes())), ipc_scheme) == []


@pytest.mark.parametrize(
    ("mutate", "kind", "node_id", "field"),
    [
        (lambda n: n.append(_node("a")), IssueKind.DUPLICATE_ID, "a", "id"),
        (lambda n: n[1].update(position="sideways"), IssueKind.BAD_POSITION, "b", "nodes.1.position"),
        (lambda n: n[1].update(parent="ghost"), IssueKind.UNKNOWN_PARENT, "b", "parent"),
        (lambda n: n[2].update(supplies_to=["ghost"]), IssueKind.UNKNOWN_TARGET, "c", "supplies_to"),
        (
            lambda n: (n[0].update(parent="b"), n[1].update(parent="a")),
            IssueKind.PARENT_CYCLE,
            None,
            "parent",
        ),
        (
            lambda n: (n[1].update(position="upstream"), n[1].update(supplies_to=["a"])),
            IssueKind.SUPPLY_CYCLE,
            None,
            "supplies_to",
        ),
        (lambda n: n[2].update(supplies_to=["a"]), IssueKind.AGAINST_FLOW, "c", "supplies_to"),
        (lambda n: n.append(_node("lonely", "downstream")), IssueKind.ISOLATED_NODE, "lonely", "supplies_to"),
        (lambda n: n[0].update(ipc=[], keywords=[]), IssueKind.EMPTY_SEARCH, "a", "keywords"),
        (lambda n: n[0].update(ipc=["H01M 4/131"]), IssueKind.IPC_FORMAT, "a", "ipc"),
        (lambda n: n[0].update(ipc=["H01M99/9999"]), IssueKind.UNKNOWN_IPC, "a", "ipc"),
        (lambda n: n[0].update(ipc_legacy=["h01l21"]), IssueKind.IPC_FORMAT, "a", "ipc_legacy"),
        (lambda n: n[0].update(sources=["nowhere:1.1"]), IssueKind.UNKNOWN_SOURCE, "a", "sources"),
        (lambda n: n[0].pop("name"), IssueKind.SCHEMA, "a", "nodes.0.name"),
        (lambda n: n[0].update(colour="red"), IssueKind.SCHEMA, "a", "nodes.0.colour"),
    ],
)
def test_crafted_issue_is_reported(
    tmp_path: Path, ipc_scheme: frozenset[str], mutate, kind: IssueKind, node_id: str | None, field: str
) -> None:
    nodes = _good_nodes()
    mutate(nodes)
    path = _write(tmp_path, _chain(nodes))
    issues = validate_chain(path, ipc_scheme)
    matching = [issue for issue in issues if issue.kind is kind]
    assert matching, [str(i) for i in issues]
    issue = matching[0]
    assert issue.file == str(path)
    assert issue.field == field
    if node_id is not None:
        assert issue.node_id == node_id
        assert issue.line is not None and issue.line > 1
    else:
        assert issue.node_id in {"a", "b"}


def test_legacy_codes_are_not_checked_against_the_scheme(tmp_path: Path, ipc_scheme: frozenset[str]) -> None:
    nodes = _good_nodes()
    nodes[0]["ipc_legacy"] = ["H01L21"]
    assert "H01L21" not in ipc_scheme
    assert validate_chain(_write(tmp_path, _chain(nodes)), ipc_scheme) == []


def test_chain_id_must_match_file_name(tmp_path: Path, ipc_scheme: frozenset[str]) -> None:
    path = _write(tmp_path, _chain(_good_nodes(), chain_id="other"))
    assert _kinds(validate_chain(path, ipc_scheme)) == {IssueKind.CHAIN_ID_MISMATCH}


def test_yaml_syntax_error_has_a_line(tmp_path: Path, ipc_scheme: frozenset[str]) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text("id: demo\nnodes:\n  - id: a\n    keywords: [unclosed\n", encoding="utf-8")
    issues = validate_chain(path, ipc_scheme)
    assert [issue.kind for issue in issues] == [IssueKind.YAML_SYNTAX]
    assert issues[0].line is not None


def test_every_cycle_is_reported(tmp_path: Path, ipc_scheme: frozenset[str]) -> None:
    nodes = [
        _node("a", supplies_to=["b"]),
        _node("b", supplies_to=["a"]),
        _node("c", supplies_to=["d"]),
        _node("d", supplies_to=["c"]),
    ]
    issues = validate_chain(_write(tmp_path, _chain(nodes)), ipc_scheme)
    assert [issue.kind for issue in issues].count(IssueKind.SUPPLY_CYCLE) == 2


def test_load_chain_refuses_a_broken_structure(tmp_path: Path) -> None:
    nodes = _good_nodes()
    nodes[1]["parent"] = "ghost"
    with pytest.raises(ChainDefinitionError, match="unknown_parent"):
        load_chain(_write(tmp_path, _chain(nodes)))


# --------------------------------------------------------------------------- CLI


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    scheme = SHIPPED_IPC if any(SHIPPED_IPC.glob("*.tsv*")) else SHARED_IPC
    good = runner.invoke(chain_app, ["validate", "--ipc", str(scheme), *map(str, CHAIN_FILES)])
    assert good.exit_code == 0, good.output
    nodes = _good_nodes()
    nodes[0]["ipc"] = ["H01M99/9999"]
    bad = runner.invoke(chain_app, ["validate", "--ipc", str(scheme), str(_write(tmp_path, _chain(nodes)))])
    assert bad.exit_code == 1
    assert "unknown_ipc" in bad.output and "node=a" in bad.output


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(chain_app, ["list", "--data-dir", str(CHAINS_DIR)])
    assert listed.exit_code == 0 and "nev" in listed.output
    shown = runner.invoke(chain_app, ["show", "nev", "--data-dir", str(CHAINS_DIR)])
    assert shown.exit_code == 0 and "充电桩" in shown.output
    missing = runner.invoke(chain_app, ["show", "no_such_chain", "--data-dir", str(CHAINS_DIR)])
    assert missing.exit_code == 1

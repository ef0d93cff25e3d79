"""The shipped chains cover the four plans' priority industries, and generic words cannot carry a node."""

from __future__ import annotations

from pathlib import Path

import yaml

from graph.chain_evidence import load_generic_terms
from graph.chains import IssueKind, list_chains, validate_chain

REPO = Path(__file__).resolve().parents[2]
CHAINS_DIR = REPO / "data" / "chains"
# plan -> priority industry -> chain id (seeds/: Jilin, Sichuan, Shandong, Henan)
PRIORITY_CHAINS = {
    "jilin": ("high_end_equipment", "biomedicine", "digital_economy", "corn_agri", "advanced_materials"),
    "sichuan": ("liquor_food", "energy_chemical", "advanced_materials", "digital_economy", "sichuan_agri"),
    "shandong": ("smart_home_appliances", "petrochemical", "marine_economy"),
    "henan": (
        "superhard_materials",
        "wheat_food",
        "digital_economy",
        "high_end_equipment",
        "advanced_materials",
    ),
}


def test_at_least_fifteen_chains_cover_every_plan() -> None:
    shipped = {chain.id for chain in list_chains(CHAINS_DIR)}
    assert len(shipped) >= 15
    for plan, chains in PRIORITY_CHAINS.items():
        assert set(chains) <= shipped, plan


def test_every_node_has_a_specific_keyword() -> None:
    generic = load_generic_terms()
    for chain in list_chains(CHAINS_DIR):
        for node in chain.nodes:
            assert set(node.keywords) - generic, f"{chain.id}/{node.id} has only generic keywords"


def test_generic_only_node_without_ipc_is_refused(tmp_path: Path) -> None:
    chain = {
        "id": "demo",
        "name": "测试链",
        "sources": [{"id": "ipc_2026", "title": "IPC 2026.01"}],
        "nodes": [
            {
                "id": "a",
                "name": "甲",
                "position": "upstream",
                "keywords": ["制备方法", "系统"],
                "supplies_to": ["b"],
            },
            {"id": "b", "name": "乙", "position": "downstream", "keywords": ["充电桩"], "ipc": ["B60L53"]},
        ],
    }
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(chain, allow_unicode=True), encoding="utf-8")
    issues = validate_chain(path, frozenset({"B60L53/00"}))
    assert [(i.kind, i.node_id) for i in issues] == [(IssueKind.GENERIC_ONLY, "a")]


def test_sei_concordance_fills_gaps_of_the_parsed_scheme(tmp_path: Path) -> None:
    """C01G23 (titanium compounds) is missing from the parsed 2026 table but listed by the SEI table."""
    chain = {
        "id": "demo",
        "name": "测试链",
        "sources": [{"id": "ipc_2026", "title": "IPC 2026.01"}],
        "nodes": [
            {
                "id": "a",
                "name": "甲",
                "position": "upstream",
                "keywords": ["钛白粉"],
                "ipc": ["C01G23"],
                "supplies_to": ["b"],
            },
            {"id": "b", "name": "乙", "position": "downstream", "keywords": ["涂料"], "ipc": ["H01M99/9999"]},
        ],
    }
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(chain, allow_unicode=True), encoding="utf-8")
    issues = validate_chain(path, frozenset({"H01M10/052"}))
    assert [(i.kind, i.node_id) for i in issues] == [(IssueKind.UNKNOWN_IPC, "b")]

"""Bundled reference data -> ReferenceBatch (IPC, regions, industries, IPC->SEI links, chains)."""

from pathlib import Path

import pytest

from graph.models import IndustryScheme, ReferenceBatch, RegionLevel
from ingest.normalise.ipc import normalise_ipc
from ingest.reference import REPO_ROOT, load_reference_batch, reference_dir


@pytest.fixture(scope="module")
def batch() -> ReferenceBatch:
    return load_reference_batch()


def test_reference_dir_accepts_data_root_or_reference_folder() -> None:
    assert reference_dir() == REPO_ROOT / "data" / "reference"
    assert reference_dir(REPO_ROOT / "data") == REPO_ROOT / "data" / "reference"
    assert reference_dir(REPO_ROOT / "data" / "reference") == REPO_ROOT / "data" / "reference"


def test_ipc_rows_and_parents(batch: ReferenceBatch) -> None:
    assert len(batch.ipc) == 77_242
    by_code = {r.code: r for r in batch.ipc}
    assert by_code["H01M"].level == "subclass" and by_code["H01M"].parent == "H01"
    assert by_code["H01M10/052"].parent == "H01M10/00"
    assert by_code["H01M10/00"].level == "group"
    assert "锂" in by_code["H01M10/052"].title_zh
    assert {r.level for r in batch.ipc} == {"section", "class", "subclass", "group", "subgroup"}


def test_regions(batch: ReferenceBatch) -> None:
    by_code = {r.code: r for r in batch.regions}
    assert by_code["220000000000"].name == "吉林省" and by_code["220000000000"].level is RegionLevel.PROVINCE
    assert by_code["220104000000"].parent == "220100000000"
    assert all(r.parent is None or r.parent in by_code for r in batch.regions)


def test_industries_have_schemes_and_resolvable_parents(batch: ReferenceBatch) -> None:
    by_code = {r.code: r for r in batch.industries}
    assert by_code["gbt4754:C3841"].name == "锂离子电池制造"
    assert by_code["gbt4754:C3841"].parent == "gbt4754:C384"
    assert by_code["gbt4754:C38"].parent == "gbt4754:C"
    assert by_code["sei:1.1"].parent == "sei:1" and by_code["sei:1"].scheme is IndustryScheme.SEI
    assert (
        len([r for r in batch.industries if r.scheme is IndustryScheme.SEI and "/r" not in r.code]) == 9 + 40
    )
    assert all(r.parent is None or r.parent in by_code for r in batch.industries)


def test_ipc_industry_links_use_canonical_ipc_and_known_industries(batch: ReferenceBatch) -> None:
    industries = {r.code for r in batch.industries}
    assert len(batch.ipc_industry_links) > 30_000
    sample = batch.ipc_industry_links[::500]
    assert all(link.ipc_code == normalise_ipc(link.ipc_code) for link in sample)
    assert all(link.industry_code in industries for link in batch.ipc_industry_links)
    pairs = {(link.ipc_code, link.industry_code) for link in batch.ipc_industry_links}
    assert len(pairs) == len(batch.ipc_industry_links)


def test_chain_nodes_come_from_graph_chains(batch: ReferenceBatch) -> None:
    from graph.chains import load_chain_nodes

    assert len(batch.chain_nodes) == len(load_chain_nodes())


def test_missing_reference_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"ipc_2026_01_zh\.tsv"):
        load_reference_batch(tmp_path)

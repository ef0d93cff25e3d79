"""The enriched-batch format (富化批次格式): round trip, and clear refusals of what is not one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from graph.errors import SourceFileError
from graph.models import PatentChainLink, PatentRecord, PatentType, Provenance
from graph.stores.embedded.store import EmbeddedStore
from ingest.enriched.format import (
    EnrichedRow,
    Manifest,
    PartitionEntry,
    RejectedRow,
    SourceEntry,
    read_manifest,
    read_partition,
    remove_abandoned_partials,
    write_manifest,
    write_partition,
)
from ingest.enriched.load import run_enriched_ingest


def lines() -> list[EnrichedRow | RejectedRow]:
    provenance = Provenance("exports/a.csv", 2, "run-1")
    patent = PatentRecord(
        "CN218751475U", "CN202223220665.2", PatentType.UTILITY_MODEL, "一种无人机机载多功能盒",
        ipc_codes=("B64D47/00",), tokens="无人机 机载", keywords=("无人机",), provenance=provenance,
    )  # fmt: skip
    link = PatentChainLink(patent.pub_no, "low_altitude/uav", 0.8, "IPC B64", provenance)
    rejected = RejectedRow(3, "pub_no", "公开号为空 (empty)", {"公开号": "", "申请日": "2022-01-01"})
    return [EnrichedRow(2, patent, chain_links=(link,)), rejected]


def test_a_partition_reads_back_equal(tmp_path: Path) -> None:
    digest = write_partition(tmp_path, "part-0000-000000.jsonl.gz", lines())
    entry = PartitionEntry(0, "part-0000-000000.jsonl.gz", 2, 3, 2, 1, digest)
    assert list(read_partition(tmp_path, entry)) == lines()
    assert not list(tmp_path.glob(".*partial"))
    with gzip.open(tmp_path / entry.file) as handle:
        first = json.loads(handle.readline())
    assert first["kind"] == "patent" and first["patent"]["title"] == "一种无人机机载多功能盒"


def test_an_attempt_killed_mid_write_leaves_nothing_once_the_run_ends(tmp_path: Path) -> None:
    """A worker SIGKILLed while writing leaves its temporary file; the run removes it at the end
    and leaves the finished partitions alone."""
    write_partition(tmp_path, "part-0000-000000.jsonl.gz", lines())
    (tmp_path / ".part-0000-000001.jsonl.gz.0123abcd.partial").write_bytes(b"\x1f\x8b cut")
    assert remove_abandoned_partials(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["part-0000-000000.jsonl.gz"]


def test_a_changed_partition_is_refused_by_its_hash(tmp_path: Path) -> None:
    digest = write_partition(tmp_path, "p.jsonl.gz", lines())
    write_partition(tmp_path, "p.jsonl.gz", lines()[:1])  # replaced after the manifest was made
    with pytest.raises(SourceFileError, match=r"p\.jsonl\.gz: 富化分区文件已损坏或被替换"):
        list(read_partition(tmp_path, PartitionEntry(0, "p.jsonl.gz", 2, 3, 2, 1, digest)))


def test_not_an_enriched_directory_and_another_version_are_named(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match=r"缺少 manifest\.json"):
        read_manifest(tmp_path)
    write_manifest(tmp_path, Manifest("run-1", "m", "r", True))
    assert read_manifest(tmp_path).run_id == "run-1"
    data = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**data, "version": 99}))
    with pytest.raises(SourceFileError, match="found \\('patentnav-enriched', 99\\)"):
        read_manifest(tmp_path)


def test_enriched_with_other_reference_data_is_refused_before_writing(tmp_path: Path) -> None:
    source = SourceEntry("exports/a.csv", "sha256:0:0", "csv", "utf-8", 1)
    write_manifest(tmp_path, Manifest("run-1", "m", "not-this-reference", True, sources=[source]))
    store = EmbeddedStore(tmp_path / "graph.sqlite")
    with pytest.raises(SourceFileError, match="参考数据与本机不同"):
        run_enriched_ingest(tmp_path, store)
    assert store.stats().nodes.get("Patent", 0) == 0
    store.close()

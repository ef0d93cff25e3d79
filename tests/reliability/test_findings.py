"""Issue 14, one test per finding of the ingest side (each failed before its fix):

2. a quote left open swallowed the rows below it into one title, silently;
3. a 1.02M-character abstract crashed spaCy (E088); a count of 1e9 licences made nodes (a count
   is now a number on the patent, an implausible one quarantines its row);
7. conflicting duplicate rows were dropped without saying which fields differed;
8. checkpoints were keyed by the Neo4j URI (the store's identity is now written in it);
9. the batch size changed Technology display names (last write won).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import tracemalloc
from pathlib import Path

import pytest

from graph.models import ReferenceBatch
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from graph.stores.embedded.store import EmbeddedStore
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest
from ingest.pipeline.options import default_checkpoint_path
from ingest.quarantine import read_quarantine
from ingest.reconcile import FileStatus
from tests.demo_slice import demo_records
from tests.reliability.nasty_files import base_rows, csv_text, row, unterminated_quote


@functools.lru_cache(maxsize=1)
def chain_nodes_only() -> ReferenceBatch:
    from graph.chains import load_chain_nodes

    return ReferenceBatch(chain_nodes=load_chain_nodes())


@pytest.fixture(scope="module")
def with_nlp() -> IngestComponents:
    return dataclasses.replace(default_components(), reference=chain_nodes_only, reference_version=None)


@pytest.fixture(scope="module")
def without_nlp() -> IngestComponents:
    return dataclasses.replace(
        default_components(with_nlp=False), reference=chain_nodes_only, reference_version=None
    )


def settings_in(root: Path, **overrides: object) -> Settings:
    return Settings(db_path=root / "var" / "graph.sqlite", **overrides)  # type: ignore[arg-type]


def test_2_an_unterminated_quote_costs_its_row_only(tmp_path: Path, without_nlp: IngestComponents) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(unterminated_quote(5), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "g.sqlite")
    report = run_ingest(
        [path], store, IngestOptions(), settings=settings_in(tmp_path), components=without_nlp
    )
    file = report.files[str(path)]
    assert (file.counts.read, file.counts.loaded, file.counts.rejected) == (11, 10, 1)
    (entry,) = read_quarantine(Path(str(report.quarantine)))
    assert entry["row"] == 5 and "line 5" in str(entry["reason"])
    for i in (4, 5, 10):  # the rows below the open quote are loaded with their own titles
        patent = store.get_patent(str(row(i)[0]))
        assert patent is not None and patent.title == row(i)[1]


def test_3_a_million_character_abstract_is_cut_for_nlp_and_kept_whole(tmp_path: Path) -> None:
    from nlp.pipeline import load_pipeline

    assert Settings().nlp_max_text_chars < load_pipeline().nlp.max_length  # no E088 by default
    abstract = "本发明公开了一种锂离子电池负极材料。" * 56_700  # 1.02M characters
    rows = [*base_rows(3), row(3, abstract=abstract)]
    path = tmp_path / "long.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "g.sqlite")
    components = dataclasses.replace(  # a smaller cut than the default keeps the test short
        default_components(nlp_max_text_chars=20_000), reference=chain_nodes_only, reference_version=None
    )
    report = run_ingest([path], store, IngestOptions(), settings=settings_in(tmp_path), components=components)
    assert report.ok, report.as_dict()
    file = report.files[str(path)]
    assert file.counts.loaded == 4
    assert any("cut to 20000 for NLP" in warning for warning in file.warnings), file.warnings
    patent = store.get_patent(str(row(3)[0]))
    assert patent is not None and len(patent.abstract) == len(abstract) > 1_000_000
    assert patent.technologies, "the cut text is still analysed"


def test_3_an_event_count_is_never_that_many_nodes(tmp_path: Path, without_nlp: IngestComponents) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(csv_text([*base_rows(2), row(2, licences="1000000"), row(3, licences="7")]), "utf-8")
    store = EmbeddedStore(tmp_path / "g.sqlite")
    report = run_ingest(
        [path], store, IngestOptions(), settings=settings_in(tmp_path), components=without_nlp
    )
    file = report.files[str(path)]
    assert (file.counts.loaded, file.counts.rejected) == (3, 1)
    (entry,) = read_quarantine(Path(str(report.quarantine)))
    assert entry["field"] == "licence_count" and "1000" in str(entry["reason"]) and entry["row"] == 4
    assert store.stats().nodes["LegalEvent"] == 0  # the counts are on the patents
    assert [store.get_patent(str(row(i)[0])).licence_count for i in (0, 1, 3)] == [0, 1, 7]  # type: ignore[union-attr]


def test_3_even_a_believed_count_of_1e9_costs_no_memory_and_no_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the ceiling lifted, 1e9 and 1e6 licences are two numbers: nothing is lost, nothing grows."""
    monkeypatch.setenv("PATENTNAV_INGEST_MAX_EVENT_COUNT", str(10**12))
    get_settings.cache_clear()  # the row mapper reads the ceiling when it is built
    components = dataclasses.replace(
        default_components(with_nlp=False), reference=chain_nodes_only, reference_version=None
    )
    get_settings.cache_clear()
    path = tmp_path / "counts.csv"
    rows = [*base_rows(2), row(2, licences="1000000000"), row(3, licences="1000000")]
    path.write_text(csv_text(rows), "utf-8")
    store = EmbeddedStore(tmp_path / "g.sqlite")
    tracemalloc.start()
    report = run_ingest(
        [path],
        store,
        IngestOptions(),
        settings=settings_in(tmp_path),
        components=components,
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    monkeypatch.undo()
    get_settings.cache_clear()  # no later test sees the lifted ceiling
    assert report.files[str(path)].counts.loaded == 4 and report.reconciled
    assert peak < 64 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB for four rows"
    assert store.stats().nodes["LegalEvent"] == 0
    counts = [store.get_patent(str(row(i)[0])).licence_count for i in (2, 3)]  # type: ignore[union-attr]
    assert counts == [1_000_000_000, 1_000_000]


def test_7_conflicting_duplicates_name_the_fields_and_the_rule(
    tmp_path: Path, without_nlp: IngestComponents
) -> None:
    rows = [*base_rows(4), row(2, title="另一个标题", app_date="2020-01-01"), row(3)]
    path = tmp_path / "dups.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "g.sqlite")
    report = run_ingest(
        [path], store, IngestOptions(), settings=settings_in(tmp_path), components=without_nlp
    )
    file = report.files[str(path)]
    assert (file.counts.loaded, file.counts.duplicates) == (4, 2)
    assert file.conflict_count == 1  # the identical repeat of row 3 is no conflict
    (conflict,) = file.conflicts
    assert conflict["pub_no"] == row(2)[0] and conflict["row"] == 6 and conflict["kept_row"] == 4
    assert conflict["fields"] == ["title", "app_date"]
    assert "first row" in str(conflict["rule"])
    patent = store.get_patent(str(row(2)[0]))
    assert patent is not None and patent.title == row(2)[1]  # the first row won


def test_8_the_checkpoint_follows_the_database_not_its_address(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.sqlite")
    first = store.store_id()
    store.clear()
    assert store.store_id() == first  # clearing the graph keeps the database's identity
    store.close()
    assert EmbeddedStore(tmp_path / "g.sqlite").store_id() == first
    assert EmbeddedStore(tmp_path / "other.sqlite").store_id() != first

    class FakeNeo4j:
        name = "neo4j"

    here = Settings(db_path=tmp_path / "g.sqlite", neo4j_uri="bolt://127.0.0.1:7687")
    there = Settings(db_path=tmp_path / "g.sqlite", neo4j_uri="bolt://localhost:17687")
    same = [default_checkpoint_path(FakeNeo4j(), s, "id-1") for s in (here, there)]  # type: ignore[arg-type]
    assert same[0] == same[1] != default_checkpoint_path(FakeNeo4j(), here, "id-2")  # type: ignore[arg-type]


SYNONYM_TITLES = ("一种锂电池隔膜", "一种锂离子电池隔膜", "一种锂离子二次电池隔膜", "一种LED灯", "一种led灯")


def demo_slice(tmp_path: Path, rows: int) -> Path:
    """The first demo rows, then rows naming one technology in several forms (锂电池 / 锂离子电池
    / 锂离子二次电池 are one key): which form is the name must not depend on the batching."""
    records = demo_records(limit=rows)
    header = records[0]
    for i in range(24):
        extra = dict.fromkeys(header, "")
        extra.update({"公开号": f"CN{300000000 + i:09d}A", "专利名称": SYNONYM_TITLES[i % 5],
                      "申请人": "吉林大学", "专利类型": "发明申请"})  # fmt: skip
        records.append([extra[name] for name in header])
    path = tmp_path / "demo_slice.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(records)
    return path


def dumps_by_batch_size(
    store: GraphStore, path: Path, tmp_path: Path, components: IngestComponents, sizes: tuple[int, ...]
) -> dict[int, str]:
    dumps = {}
    for size in sizes:
        store.clear()
        settings = settings_in(tmp_path / f"b{size}", batch_size=size)
        report = run_ingest([path], store, IngestOptions(), settings=settings, components=components)
        assert report.ok and report.files[str(path)].status is FileStatus.LOADED, report.as_dict()
        dumps[size] = store.canonical_dump()  # type: ignore[attr-defined]
    return dumps


def test_9_the_batch_size_does_not_change_the_graph(tmp_path: Path, with_nlp: IngestComponents) -> None:
    path = demo_slice(tmp_path, 150)
    store = EmbeddedStore(tmp_path / "g.sqlite")
    dumps = dumps_by_batch_size(store, path, tmp_path, with_nlp, (1, 100, 1000))
    assert dumps[1].count("\ntechnology\t") > 100, "the slice names technologies"
    assert '"key": "锂离子电池", "name": "锂离子二次电池"' in dumps[1]  # the smallest form of the key
    assert dumps[1] == dumps[100] == dumps[1000]


@pytest.mark.neo4j
def test_9_the_batch_size_does_not_change_the_neo4j_graph(
    tmp_path: Path, with_nlp: IngestComponents, neo4j_store: GraphStore
) -> None:
    path = demo_slice(tmp_path, 20)
    dumps = dumps_by_batch_size(neo4j_store, path, tmp_path, with_nlp, (1, 7, 1000))
    assert dumps[1].count("\nTechnology\t") > 10
    assert dumps[1] == dumps[7] == dumps[1000]

"""The demo corpus and the seeded scale generator (tools.synthetic)."""

from __future__ import annotations

import csv
import itertools
import json
import re
from pathlib import Path

import pytest

from ingest.normalise.events import parse_event_text
from ingest.normalise.numbers import normalise_app_no
from tools.synthetic import DEFAULT_SEED, DEMO_FILE, HEADER, SYNTHETIC_COLUMN, generate_corpus
from tools.synthetic.demo import demo_rows, read_bdci_records
from tools.synthetic.ipc_assign import IpcCatalogue
from tools.synthetic.reference import load_generator_reference

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURE = SHARED / "patentsemantix_schema_fixture" / "patents_10.csv"
IPC_TSV = SHARED / "ipc_2026_zh" / "ipc_2026_01_zh.tsv"
PUB_RE = re.compile(r"CN\d{9}[ABUS]")


def _read(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def scale_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "scale.csv"
    assert generate_corpus(path, 3000, seed=11) == 3000
    return path


@pytest.fixture(scope="module")
def ipc_codes() -> set[str]:
    with IPC_TSV.open(encoding="utf-8") as handle:
        return {line.split("\t", 1)[0] for line in handle}


def test_header_is_the_fixture_header_plus_synthetic_column(scale_csv: Path) -> None:
    with FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        fixture_header = next(csv.reader(handle))
    assert len(fixture_header) == 61
    for path in (scale_csv, DEMO_FILE):
        with path.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [*fixture_header, SYNTHETIC_COLUMN]
    assert list(HEADER) == [*fixture_header, SYNTHETIC_COLUMN]


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for fmt in ("csv", "jsonl"):
        a, b, c = (tmp_path / f"{name}.{fmt}" for name in "abc")
        generate_corpus(a, 600, seed=5, fmt=fmt)
        generate_corpus(b, 600, seed=5, fmt=fmt)
        generate_corpus(c, 600, seed=6, fmt=fmt)
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() != c.read_bytes()


def test_row_count_and_jsonl_keys(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    assert generate_corpus(path, 257, seed=2, fmt="jsonl") == 257
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 257
    assert list(json.loads(lines[0])) == list(HEADER)


def test_csv_fast_path_writes_what_csv_writer_writes(scale_csv: Path, tmp_path: Path) -> None:
    rows = list(csv.reader(scale_csv.open(encoding="utf-8", newline="")))
    again = tmp_path / "again.csv"
    with again.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    assert again.read_bytes() == scale_csv.read_bytes()


def _check_row(row: dict[str, str], ipc_codes: set[str]) -> None:
    app, pub, grant = row["申请日"], row["公开日"], row["授权公告日"]
    assert app < pub, row["公开号"]
    assert not grant or pub <= grant
    assert PUB_RE.fullmatch(row["公开号"])
    assert normalise_app_no(row["申请号"]) == row["申请号"]  # check digit right
    lapse = row["失效日期"]
    if lapse != "0":
        assert lapse > app and row["法律状态"].startswith("无权")
    else:
        assert not row["法律状态"].startswith("无权")
    if row["专利类型"] == "实用新型":
        assert pub == grant and row["公开号"].endswith("U")
    for code in row["分类号"].split(";"):
        assert code in ipc_codes, code
    assert row["主分类号"] == row["分类号"].split(";")[0]
    events, warnings = parse_event_text(row["法律事件"]) if row["法律事件"] else ([], [])
    assert warnings == []
    kinds = [e.kind.value for e in events]
    assert int(row["专利转移次数"]) == kinds.count("transfer")
    assert int(row["许可次数"]) == kinds.count("licence")
    assert int(row["质押次数"]) == kinds.count("pledge")
    transfers = [e for e in events if e.kind.value == "transfer"]
    assert row["转让日期"] == ";".join(sorted({e.date.replace("-", "") for e in transfers if e.date}))
    if transfers:
        assert row["当前权利人"] == transfers[-1].to_names[0]
        assert grant and all(grant < e.date.replace("-", "") for e in events if e.date)
    else:
        assert row["当前权利人"] == row["申请人"]
    assert int(row["引证数"]) == len([c for c in row["引证专利"].split(";") if c])


def test_scale_rows_are_consistent(scale_csv: Path, ipc_codes: set[str]) -> None:
    rows = _read(scale_csv)
    assert len(rows) == 3000
    assert len({r["公开号"] for r in rows}) == len(rows)
    assert len({r["申请号"] for r in rows}) == len(rows)
    for row in rows:
        _check_row(row, ipc_codes)
        assert {"title", "abstract", "applicants", "events"} <= set(row[SYNTHETIC_COLUMN].split(","))
    kinds = {r["申请人类型"] for r in rows}
    assert {"大专院校", "企业", "个人", "科研机构"} <= kinds
    assert sum(1 for r in rows if r["法律事件"] and "转移" in r["法律事件"]) > 20


def test_demo_keeps_the_real_title_abstract_applicant() -> None:
    records = read_bdci_records(SHARED)
    rows = _read(DEMO_FILE)
    assert len(rows) == len(records) == 3048
    for record, row in zip(records, rows, strict=True):
        assert (row["专利名称"], row["申请摘要"], row["申请人"]) == (
            record["title"],
            record["abstract"],
            record["assignee"],
        )
        fields = set(row[SYNTHETIC_COLUMN].split(","))
        assert not fields & {"title", "abstract", "applicants"}
        assert {"app_date", "pub_no", "ipc", "events", "address", "inventors"} <= fields


def test_demo_rows_are_consistent(ipc_codes: set[str]) -> None:
    rows = _read(DEMO_FILE)
    assert len({r["公开号"] for r in rows}) == len(rows)
    for row in rows:
        _check_row(row, ipc_codes)


def test_demo_rebuild_reproduces_the_shipped_rows() -> None:
    reference = load_generator_reference()
    catalogue = IpcCatalogue.from_tsv(IPC_TSV)
    rebuilt = itertools.islice(demo_rows(read_bdci_records(SHARED), reference, catalogue, DEFAULT_SEED), 200)
    with DEMO_FILE.open(encoding="utf-8", newline="") as handle:
        shipped = itertools.islice(csv.reader(handle), 1, 201)
        assert list(rebuilt) == list(shipped)


def test_gb18030_output_reads_back(tmp_path: Path) -> None:
    utf8, gb = tmp_path / "u.csv", tmp_path / "g.csv"
    generate_corpus(utf8, 300, seed=3)
    generate_corpus(gb, 300, seed=3, encoding="gb18030")
    assert _read(gb, "gb18030") == _read(utf8)
    with pytest.raises(UnicodeDecodeError):
        gb.read_bytes().decode("utf-8")


def test_xlsx_output_has_header_and_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "c.xlsx"
    generate_corpus(path, 40, seed=1, fmt="xlsx")
    sheet = load_workbook(path, read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(HEADER) and len(values) == 41


def test_planted_anomalies_are_recorded_with_the_events() -> None:
    from tools.synthetic.demo import demo_drafts

    reference = load_generator_reference()
    catalogue = IpcCatalogue.from_tsv(IPC_TSV)
    drafts = list(
        itertools.islice(demo_drafts(read_bdci_records(SHARED), reference, catalogue, DEFAULT_SEED), 600)
    )
    planted = [(d, day, kind, rule) for d in drafts for day, kind, rule in d.events.planted]  # type: ignore[union-attr]
    assert {rule for *_, rule in planted} <= {"bulk_same_day", "round_trip", "transfer_before_lapse"}
    assert planted, "the first 600 demo patents plant at least one anomaly"
    for draft, day, kind, _ in planted:  # every planted label is one of the patent's own events
        assert (day, kind) in {(e[0], e[1]) for e in draft.events.events}  # type: ignore[union-attr]

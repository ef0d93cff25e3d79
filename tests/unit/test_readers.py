"""Readers: encodings, BOM, header detection, row numbers, broken XLSX and JSONL (real files)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.errors import SourceFileError
from ingest.readers import RowDefect, SourceFormat, detect_encoding, detect_format, open_source

HEADER = ["公开号", "专利名称", "申请人"]


def has_pub_no(headers: Sequence[str]) -> bool:
    return "公开号" in headers


def write_csv(path: Path, lines: list[str], encoding: str) -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def read_all(path: Path, **kwargs: object) -> tuple[list[str], int, list[tuple[int, dict[str, object]]]]:
    with open_source(path, header_probe=has_pub_no, **kwargs) as table:  # type: ignore[arg-type]
        return table.headers, table.header_row, [(r.row, r.raw) for r in table.rows]


def test_gbk_csv_is_detected_and_read_as_gb18030(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "gbk.csv",
        [
            ",".join(HEADER),
            "CN218751475U,一种无人机机载多功能盒,中科大数据研究院",
            "CN216774847U,端测摄像头,吉林大学",
        ],
        "gbk",
    )
    assert detect_encoding(path) == "gb18030"
    headers, header_row, rows = read_all(path)
    assert headers == HEADER
    assert header_row == 1
    assert rows[0] == (
        2,
        {"公开号": "CN218751475U", "专利名称": "一种无人机机载多功能盒", "申请人": "中科大数据研究院"},
    )
    assert rows[1][0] == 3


def test_gb18030_only_characters_decode(tmp_path: Path) -> None:
    # 䶮 (U+4DAE, CJK extension A) exists in GB18030 but not in GBK: decoding as gbk would fail
    name = "刘䶮科技有限公司"
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    path = write_csv(tmp_path / "gb18030.csv", [",".join(HEADER), f"CN1A,一种电池极片,{name}"] * 1, "gb18030")
    _, _, rows = read_all(path)
    assert rows[0][1]["申请人"] == name


def test_gbk_detected_when_the_first_chunk_is_ascii(tmp_path: Path) -> None:
    ascii_rows = [f"CN{i:09d}A,battery electrode {i},ACME" for i in range(12_000)]  # > 256 KiB of ASCII
    path = write_csv(
        tmp_path / "late.csv", [",".join(HEADER), *ascii_rows, "CN999A,锂电池正极材料,吉林大学"], "gbk"
    )
    assert path.stat().st_size > 300_000
    assert detect_encoding(path) == "gb18030"
    _, _, rows = read_all(path)
    assert rows[-1][1]["专利名称"] == "锂电池正极材料"


def test_large_utf8_file_is_utf8_whatever_the_sample_cuts(tmp_path: Path) -> None:
    rows = [f"CN{i:09d}A,一种锂离子电池正极材料及其制备方法{i},吉林大学" for i in range(9000)]
    path = write_csv(tmp_path / "big.csv", [",".join(HEADER), *rows], "utf-8")
    assert path.stat().st_size > 2 * 256 * 1024
    assert detect_encoding(path) == "utf-8"
    one_line = tmp_path / "one_line.csv"
    one_line.write_bytes(("公开号,专利名称\nCN1A," + "电池" * 200_000 + "\n").encode())
    assert detect_encoding(one_line) == "utf-8"


def test_utf8_bom_is_removed_from_the_first_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [",".join(HEADER), "CN1A,一种电池,长春"], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert detect_encoding(path) == "utf-8-sig"
    headers, _, rows = read_all(path)
    assert headers[0] == "公开号"
    assert rows == [(2, {"公开号": "CN1A", "专利名称": "一种电池", "申请人": "长春"})]


def test_preamble_rows_and_multiline_cells_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "preamble.csv",
        ["incoPat 导出,,", "检索式: TI=电池,,", ",".join(HEADER), 'CN1A,"多行\n标题",甲', "", "CN2B,标题,乙"],
        "utf-8",
    )
    headers, header_row, rows = read_all(path)
    assert headers == HEADER
    assert header_row == 3
    # row 4 spans two physical lines; the blank record 5 is skipped, not counted
    assert [number for number, _ in rows] == [4, 6]
    assert rows[0][1]["专利名称"] == "多行\n标题"


def test_csv_row_with_extra_values_is_a_defect(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "extra.csv", [",".join(HEADER), "CN1A,标题,甲,多出来的值"], "utf-8")
    with open_source(path) as table:
        (row,) = list(table.rows)
    assert row.row == 2
    assert row.defect is not None and row.defect.field == "_csv"
    assert "4 values for 3 columns" in row.defect.reason


def write_xlsx(path: Path, rows: int, preamble: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for i in range(preamble):
        sheet.append([f"导出说明 {i}"])
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([f"CN{i:07d}A", f"一种锂电池隔膜的制备方法{i}" * 5, "吉林大学"])
    workbook.save(path)
    return path


def test_xlsx_is_streamed_with_header_detection(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", rows=50, preamble=2)
    headers, header_row, rows = read_all(path)
    assert headers == HEADER
    assert header_row == 3
    assert rows[0][0] == 4 and rows[0][1]["公开号"] == "CN0000000A"
    assert rows[-1][0] == 53
    assert len(rows) == 50


def test_truncated_xlsx_raises_an_error_naming_the_file(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", rows=500)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    with pytest.raises(SourceFileError) as err:
        open_source(cut)
    assert "cut.xlsx" in str(err.value)
    assert "truncated or corrupt" in str(err.value)


def corrupt_sheet_midway(source: Path, target: Path) -> Path:
    """A valid zip whose sheet XML stops half-way (the damage a broken export tool leaves)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(buffer, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    target.write_bytes(buffer.getvalue())
    return target


def test_xlsx_breaking_midway_yields_rows_then_names_the_file(tmp_path: Path) -> None:
    path = corrupt_sheet_midway(write_xlsx(tmp_path / "ok.xlsx", rows=2000), tmp_path / "mid.xlsx")
    seen = []
    with open_source(path) as table, pytest.raises(SourceFileError) as err:
        for row in table.rows:
            seen.append(row.row)
    assert 100 < len(seen) < 2000
    assert seen == list(range(2, 2 + len(seen)))
    assert "mid.xlsx" in str(err.value) and "breaks after row" in str(err.value)


def test_jsonl_bad_lines_are_defects_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        '{"公开号": "CN1A", "专利名称": "电池"}\n'
        '{"公开号": "CN2B", 专利名称}\n\n[1, 2]\n{"公开号": "CN3C"}\n',
        encoding="utf-8",
    )
    with open_source(path) as table:
        assert table.headers == ["公开号", "专利名称"]
        rows = list(table.rows)
    assert [r.row for r in rows] == [1, 2, 4, 5]
    assert rows[0].defect is None and rows[0].raw["专利名称"] == "电池"
    assert rows[1].defect is not None and rows[1].defect.field == "_json"
    assert rows[1].defect.reason.startswith("invalid JSON")
    assert rows[1].raw == {"_line": '{"公开号": "CN2B", 专利名称}'}
    assert rows[2].defect == RowDefect("_json", "a JSON list, not an object")
    assert rows[3].defect is None


def test_format_override_and_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text('{"公开号": "CN1A"}\n', encoding="utf-8")
    with pytest.raises(SourceFileError, match=r"export\.dat"):
        detect_format(path)
    assert detect_format(path, "jsonl") is SourceFormat.JSONL
    with open_source(path, "jsonl") as table:
        assert [r.raw for r in table.rows] == [{"公开号": "CN1A"}]
    with pytest.raises(SourceFileError, match="unknown format"):
        detect_format(path, "xml")


def test_missing_and_empty_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="no such file"):
        open_source(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceFileError, match="no header row"):
        open_source(empty)

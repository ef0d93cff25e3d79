"""The nasty-file corpus (恶意/损坏文件集): hostile or broken exports, generated at test time.

Each ``NastyCase`` is a file and what must come of it: a refusal naming the cause, or the
rows loaded / rejected / kept as duplicates, and a warning or quarantine reason to find.
Every file is small except the few that are about size (a 17 MB cell, a zip bomb).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

HEADER = ["公开(公告)号", "专利名称", "申请人", "摘要", "申请日", "许可次数"]
N = 12  # valid rows in a base file


def row(i: int, **overrides: object) -> list[object]:
    values: dict[str, object] = {
        "pub_no": f"CN{100000000 + i:09d}A",
        "title": f"一种锂离子电池隔膜的制备方法{i}",
        "applicant": "吉林大学" if i % 2 else "长春一汽新能源汽车有限公司",
        "abstract": f"本发明公开了一种隔膜，第{i}种实施方式。",
        "app_date": f"2021-0{1 + i % 9}-1{i % 10}",
        "licences": str(i % 3),
    }
    values.update(overrides)
    return list(values.values())


def csv_text(rows: list[list[object]], header: list[str] = HEADER, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def base_rows(n: int = N) -> list[list[object]]:
    return [row(i) for i in range(n)]


@dataclass
class NastyCase:
    name: str
    suffix: str
    build: Callable[[Path], None]
    refused: str | None = None  # a fragment of the file-level error
    loaded: int | None = None
    rejected: int | None = None
    duplicates: int | None = None
    warning: str | None = None  # a fragment of one of the file's warnings
    reason: str | None = None  # a fragment of one quarantine reason
    failed: bool = False  # the file breaks part-way: rows before the break kept, status failed
    settings: dict[str, object] = field(default_factory=dict)

    def path(self, root: Path) -> Path:
        target = root / f"{self.name}{self.suffix}"
        self.build(target)
        return target


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content)


def lines_of(rows: list[list[object]]) -> list[str]:
    return csv_text(rows).splitlines()


def with_line(lines: list[str], number: int, replacement: bytes, encoding: str = "utf-8") -> bytes:
    """The file's lines (1 = header) with line ``number`` replaced by raw bytes."""
    encoded = [line.encode(encoding) for line in lines]
    encoded[number - 1] = replacement
    return b"\n".join(encoded) + b"\n"


def mixed_first_rows() -> bytes:
    lines = lines_of(base_rows())
    return (
        b"\n".join(
            line.encode("gbk") if 2 <= n <= 4 else line.encode("utf-8")
            for n, line in enumerate(lines, start=1)
        )
        + b"\n"
    )


def gbk_row_at(line: int, total: int) -> bytes:
    lines = lines_of(base_rows(total))
    return with_line(lines, line, lines[line - 1].encode("gbk"))


def invalid_byte_at(line: int, total: int) -> bytes:
    lines = lines_of(base_rows(total))
    return with_line(lines, line, lines[line - 1].encode("utf-8").replace("隔膜".encode(), b"\xff\xfe"))


def unterminated_quote(at_row: int, total: int = 11, field_index: int = 1) -> str:
    lines = lines_of(base_rows(total))
    cells = next(csv.reader([lines[at_row - 1]]))
    cells[field_index] = '"' + cells[field_index]  # a quote opened, never closed
    lines[at_row - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


def quote_closed_later() -> str:
    rows = base_rows(11)
    rows[7][1] = "含逗号, 的标题"  # a properly quoted cell three rows below
    lines = lines_of(rows)
    cells = lines[4].split(",")
    cells[1] = '"' + cells[1]
    lines[4] = ",".join(cells)
    return "\n".join(lines) + "\n"


def workbook(rows: list[list[object]], preamble: int = 0, header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    for i in range(preamble):
        sheet.append([f"incoPat 导出 第 {i + 1} 行说明"])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item.filename)), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A workbook with a 64 MiB part of one repeated string: a few hundred KB on disk."""
    filler = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    bomb = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + filler * 65_000
        + b"</sst>"
    )
    return rewrite_zip(
        workbook(base_rows()), lambda name, data: bomb if name.endswith("styles.xml") else data
    )


def sheet_cut_midway(rows: int) -> bytes:
    return rewrite_zip(
        workbook(base_rows(rows)),
        lambda name, data: data[: len(data) // 2] if name.endswith("sheet1.xml") else data,
    )


def jsonl(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def json_row(i: int) -> bytes:
    import json

    return json.dumps(dict(zip(HEADER, row(i), strict=True)), ensure_ascii=False).encode()


def cases() -> list[NastyCase]:
    """At least the 44 kinds of issue 14, each with its expected outcome."""
    rows = base_rows()
    dup_conflict = [*rows, row(3, title="一种完全不同的标题")]
    return [
        NastyCase("clean_utf8", ".csv", text(csv_text(rows)), loaded=N, rejected=0),
        NastyCase("utf8_bom", ".csv", raw(b"\xef\xbb\xbf" + csv_text(rows).encode()), loaded=N),
        NastyCase("gbk", ".csv", text(csv_text(rows), "gbk"), loaded=N),
        NastyCase(
            "gb18030_rare_char",
            ".csv",
            text(csv_text([*rows[:-1], row(99, applicant="刘䶮科技有限公司")]), "gb18030"),
            loaded=N,
        ),
        NastyCase(
            "mixed_utf8_gbk_first_rows", ".csv", raw(mixed_first_rows()), loaded=N, warning="decoded as"
        ),
        NastyCase("gbk_row_at_line_502", ".csv", raw(gbk_row_at(502, 600)), loaded=600, warning="line 502"),
        NastyCase(
            "invalid_utf8_at_line_204",
            ".csv",
            raw(invalid_byte_at(204, 300)),
            loaded=299,
            rejected=1,
            reason="line 204",
        ),
        NastyCase(
            "unterminated_quote_row_5",
            ".csv",
            text(unterminated_quote(5)),
            loaded=10,
            rejected=1,
            reason="line 5",
        ),
        NastyCase(
            "unterminated_quote_last_field",
            ".csv",
            text(unterminated_quote(5, field_index=5)),
            loaded=10,
            rejected=1,
            reason="line 5",
        ),
        NastyCase(
            "quote_closed_rows_later",
            ".csv",
            text(quote_closed_later()),
            loaded=10,
            rejected=1,
            reason="line 5",
        ),
        NastyCase(
            "stray_quote_in_unquoted_cell",
            ".csv",
            text(csv_text(rows).replace("隔膜的制备方法3", '隔膜"的制备方法3')),
            loaded=N,
        ),
        NastyCase(
            "multiline_quoted_cells",
            ".csv",
            text(csv_text([row(i, abstract=f"第一段{i}\n第二段\n第三段") for i in range(N)])),
            loaded=N,
        ),
        NastyCase(
            "record_spanning_too_many_lines",
            ".csv",
            text(csv_text([*rows, row(50, abstract="行\n" * 1200)])),
            loaded=N,
            reason="too many lines",
        ),  # its lines are read again as rows, each quarantined
        NastyCase("crlf_line_ends", ".csv", text(csv_text(rows).replace("\n", "\r\n")), loaded=N),
        NastyCase("cr_only_line_ends", ".csv", text(csv_text(rows).replace("\n", "\r")), loaded=N),
        NastyCase("tab_separated_txt", ".txt", text(csv_text(rows, delimiter="\t")), loaded=N),
        NastyCase(
            "unquoted_separator_extra_values",
            ".csv",
            text(csv_text(rows) + "CN100000077A,一种电池,吉林大学,摘要,2021-01-01,0,多余,的值\n"),
            loaded=N,
            rejected=1,
        ),
        NastyCase(
            "fewer_values_than_columns",
            ".csv",
            text(csv_text(rows) + "CN100000078A,一种电池,吉林大学\n"),
            loaded=N + 1,
        ),
        NastyCase("blank_lines_between_rows", ".csv", text(csv_text(rows).replace("\n", "\n\n")), loaded=N),
        NastyCase("header_only", ".csv", text(csv_text([])), loaded=0, warning="header only"),
        NastyCase("empty_file", ".csv", raw(b""), refused="no header row"),
        NastyCase(
            "preamble_25_rows",
            ".csv",
            text("".join(f"检索式说明第{i}行\n" for i in range(25)) + csv_text(rows)),
            loaded=N,
            warning="preamble",
        ),
        NastyCase(
            "duplicate_header",
            ".csv",
            text(csv_text(rows, header=[*HEADER[:5], "申请人"])),
            loaded=N,
            warning="column 6 ignored",
        ),
        NastyCase("duplicate_rows_conflicting", ".csv", text(csv_text(dup_conflict)), loaded=N, duplicates=1),
        NastyCase(
            "duplicate_rows_identical", ".csv", text(csv_text([*rows, rows[0]])), loaded=N, duplicates=1
        ),
        NastyCase(
            "missing_required_column",
            ".csv",
            text(csv_text([r[:1] + r[2:] for r in rows], header=HEADER[:1] + HEADER[2:])),
            refused="title",
        ),
        NastyCase(
            "cell_of_17_mb",
            ".csv",
            text(csv_text([*rows[:-1], row(11, abstract="电" * 17_000_000)])),
            loaded=N,
        ),
        NastyCase(
            "cell_over_the_limit",
            ".csv",
            text(csv_text([*rows[:-1], row(11, abstract="电" * 300_000)])),
            loaded=N - 1,
            rejected=1,
            reason="field larger",
            settings={"ingest_max_cell_chars": 200_000},
        ),
        NastyCase(
            "licence_count_1e9",
            ".csv",
            text(csv_text([*rows[:-1], row(11, licences="1000000000")])),
            loaded=N - 1,
            rejected=1,
            reason="not a plausible number",
        ),
        NastyCase(
            "licence_count_1e6",  # once a million LegalEvent nodes; now beyond the plausible ceiling
            ".csv",
            text(csv_text([*rows[:-1], row(11, licences="1000000")])),
            loaded=N - 1,
            rejected=1,
            reason="not a plausible number",
        ),
        NastyCase(
            "licence_count_not_a_number",
            ".csv",
            text(csv_text([*rows[:-1], row(11, licences="很多")])),
            loaded=N - 1,
            rejected=1,
            reason="not a count",
        ),
        NastyCase(
            "bad_date",
            ".csv",
            text(csv_text([*rows[:-1], row(11, app_date="2021-13-45")])),
            loaded=N - 1,
            rejected=1,
        ),
        NastyCase(
            "garbage_pub_no",
            ".csv",
            text(csv_text([*rows[:-1], row(11, pub_no="@@##")])),
            loaded=N - 1,
            rejected=1,
        ),
        NastyCase("binary_with_nul_bytes", ".csv", raw(b"\x00\x01\x02PDF" * 100), refused="binary"),
        NastyCase("utf16_text", ".csv", raw(csv_text(rows).encode("utf-16")), refused="UTF-16"),
        NastyCase("xlsx_named_csv", ".csv", raw(workbook(rows)), loaded=N, warning="XLSX workbook"),
        NastyCase("csv_named_xlsx", ".xlsx", text(csv_text(rows)), refused="not a zip workbook"),
        NastyCase("zip_bomb_xlsx", ".xlsx", raw(zip_bomb()), refused="zip bomb"),
        NastyCase(
            "truncated_xlsx",
            ".xlsx",
            lambda p: p.write_bytes(workbook(base_rows(300))[:5000]),
            refused="truncated or corrupt",
        ),
        NastyCase("xlsx_sheet_cut_midway", ".xlsx", raw(sheet_cut_midway(400)), failed=True),
        NastyCase(
            "xlsx_preamble_rows", ".xlsx", raw(workbook(rows, preamble=5)), loaded=N, warning="preamble"
        ),
        NastyCase(
            "jsonl_bad_lines",
            ".jsonl",
            raw(jsonl([json_row(0), b"{not json", b"[1, 2]", json_row(1)])),
            loaded=2,
            rejected=2,
        ),
        NastyCase(
            "jsonl_invalid_utf8_line",
            ".jsonl",
            raw(jsonl([json_row(0), b'{"x": "\xff"}', json_row(1)])),
            loaded=2,
            rejected=1,
            reason="not UTF-8",
        ),
        NastyCase(
            "jsonl_deeply_nested",
            ".jsonl",
            raw(jsonl([json_row(0), b"[" * 100_000, json_row(1)])),
            loaded=2,
            rejected=1,
        ),
        NastyCase(
            "injection_strings",
            ".csv",
            text(
                csv_text([*rows[:-1], row(11, title="'); MATCH (n) DETACH DELETE n; DROP TABLE patent;--")])
            ),
            loaded=N,
        ),
        NastyCase(
            "formula_strings",
            ".csv",
            text(
                csv_text(
                    [
                        *rows[:-1],
                        row(11, title='=HYPERLINK("http://x","点击")'),
                    ]
                )
            ),
            loaded=N,
        ),
        NastyCase(
            "control_and_zero_width_chars",
            ".csv",
            text(csv_text([*rows[:-1], row(11, title="一种\u200b电池\x07隔膜\u00a0")])),
            loaded=N,
        ),
        NastyCase(
            "ten_thousand_columns",
            ".csv",
            text(
                csv_text([r + [""] * 10_000 for r in rows], header=HEADER + [f"列{i}" for i in range(10_000)])
            ),
            loaded=N,
        ),
    ]

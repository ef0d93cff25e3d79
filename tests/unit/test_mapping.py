"""Header alias table and row mapping (表头别名, 行映射) on the real incoPat fixture and variants."""

import csv
import typing
from pathlib import Path

import pytest

from graph.errors import MissingColumnError, RowRejected
from graph.models import HolderType, LegalEventKind, PatentType, Provenance
from ingest.columns import (
    COLUMN_ALIASES,
    REQUIRED_FIELDS,
    ColumnMap,
    canonical_field,
    normalise_header,
    resolve_columns,
)
from ingest.mapping import MappedRow, NormaliseContext, map_row
from tests.paths import SCHEMA_FIXTURE

FIXTURE = SCHEMA_FIXTURE
PROV = Provenance("test.csv", 1, "run-1")


@pytest.fixture(scope="module")
def ctx() -> NormaliseContext:
    return NormaliseContext.load()


@pytest.fixture(scope="module")
def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- columns


def test_fixture_headers_resolve(fixture_rows: list[dict[str, str]]) -> None:
    columns = resolve_columns(fixture_rows[0].keys(), "patents_10.csv")
    assert columns.pub_no == "公开号"
    assert columns.applicants == "申请人"
    assert columns.holders == "当前权利人"
    assert columns.ipc_main == "主分类号"
    assert columns.legal_events == "法律事件"
    assert "授权公告号" in columns.unmapped


@pytest.mark.parametrize(
    ("headers", "field", "header"),
    [
        (["\ufeff公开（公告）号", "标题", "申请(专利权)人"], "pub_no", "\ufeff公开（公告）号"),
        (["公告号", "发明名称", "专利权人"], "applicants", "专利权人"),
        (["公开号", "名称", "当前权利人"], "applicants", "当前权利人"),
        (["公开号", "专利名称", "申请人", "IPC主分类", "IPC"], "ipc_codes", "IPC"),
        (["公开号", "专利名称", "申请人", "主IPC"], "ipc_main", "主IPC"),
        (["公开号", "专利名称", "申请人", "摘要", "申请日期"], "app_date", "申请日期"),
        (["公开号", "专利名称", "申请人", "当前法律状态"], "legal_status", "当前法律状态"),
        (["公开号", "专利名称", "申请人", "[标]当前申请(专利权)人"], "holders", "[标]当前申请(专利权)人"),
        (["pub_no", "title", "applicants", "abstract"], "abstract", "abstract"),
        (["公开号", "专利名称", "申请人", "合成字段"], "synthetic_fields", "合成字段"),
        (["公开号", "专利名称", "申请人", " 国省代码 "], "province_code", " 国省代码 "),
    ],
)
def test_header_variants(headers: list[str], field: str, header: str) -> None:
    assert resolve_columns(headers, "x.csv").header(field) == header


def test_missing_required_columns_are_named_with_their_variants() -> None:
    with pytest.raises(MissingColumnError) as info:
        resolve_columns(["公开号", "摘要"], "exports/bad.csv")
    message = str(info.value)
    assert "exports/bad.csv" in message
    assert "title" in message and "专利名称" in message
    assert "applicants" in message and "申请(专利权)人" in message
    assert set(info.value.missing) == {"title", "applicants"}


def test_header_normalisation_and_canonical_names() -> None:
    assert normalise_header("\ufeff公开（公告）号 ") == normalise_header("公开(公告)号")
    assert canonical_field("法律事件") == "legal_events"
    assert canonical_field("legal_events") == "legal_events"
    assert canonical_field("不存在") is None
    assert all(aliases for aliases in COLUMN_ALIASES.values())


def test_the_column_map_is_typed_and_is_the_alias_table() -> None:
    columns = resolve_columns(["公开号", "专利名称", "申请人", "摘要", "备注"], "x.csv")
    assert isinstance(columns, ColumnMap)
    assert (columns.pub_no, columns.title, columns.abstract, columns.claims) == (
        "公开号",
        "专利名称",
        "摘要",
        None,
    )
    assert columns.headers() == {
        "pub_no": "公开号",
        "title": "专利名称",
        "applicants": "申请人",
        "abstract": "摘要",
    }
    assert columns.unmapped == ("备注",)
    assert columns.value({"摘要": "一种电池"}, "abstract") == "一种电池"
    assert columns.value({"摘要": "一种电池"}, "claims") is None
    with pytest.raises(KeyError, match="not a canonical field"):
        columns.value({}, "abstrct")  # a misspelt field fails loudly instead of reading as empty
    hints = typing.get_type_hints(ColumnMap)
    assert set(COLUMN_ALIASES) == set(hints) - {"source", "unmapped"}
    assert tuple(name for name in COLUMN_ALIASES if hints[name] is str) == REQUIRED_FIELDS
    assert REQUIRED_FIELDS == ("pub_no", "title", "applicants")


# --------------------------------------------------------------------------- the real fixture


def test_fixture_maps_without_rejects(ctx: NormaliseContext, fixture_rows: list[dict[str, str]]) -> None:
    columns = resolve_columns(fixture_rows[0].keys(), "patents_10.csv")
    mapped = [
        map_row(row, columns, ctx, Provenance("patents_10.csv", n, "r"))
        for n, row in enumerate(fixture_rows, 1)
    ]
    assert len(mapped) == 10
    first = mapped[0].patent
    assert (first.pub_no, first.app_no, first.patent_type) == (
        "CN218751475U", "CN202223220665.2", PatentType.UTILITY_MODEL,
    )  # fmt: skip
    assert (first.app_date, first.pub_date, first.grant_date, first.lapse_date) == (
        "2022-12-02", "2023-03-28", "2023-03-28", None,
    )  # fmt: skip
    assert first.ipc_main == "B64U20/80" and first.ipc_codes == ("B64U20/80", "B64U101/30")
    assert first.is_valid is True and first.legal_status == "有权-审定授权"
    assert first.region_code == "410100000000"  # 河南省郑州市
    assert first.applicants == first.holders == ("中科大数据研究院",)
    assert first.tokens == "" and first.keywords == ()
    assert first.provenance == Provenance("patents_10.csv", 1, "r")
    holder = mapped[0].holders[0]
    assert holder.holder_type is HolderType.INSTITUTE and "研究院" in holder.type_reason
    assert holder.region_code == "410100000000"
    assert [i.name for i in mapped[0].inventors] == ["刘迪", "刘敏", "王煜伟", "付艳波", "王元卓"]
    assert mapped[0].patent.inventors[0] == "刘迪@中科大数据研究院"
    pending = next(m.patent for m in mapped if m.patent.pub_no == "CN116245100A")
    assert pending.patent_type is PatentType.INVENTION and pending.is_valid is None
    assert pending.grant_date is None  # incoPat writes 0 for "no date"
    assert all(m.events == () and m.warnings == () for m in mapped)
    assert (
        first.citations_count == 0 and first.family_size is None
    )  # 引证数 "0" is a count, 简单同族数量 empty


# --------------------------------------------------------------------------- rejections

BASE = {
    "公开号": "CN218751475U",
    "申请号": "CN202223220665.2",
    "专利名称": "一种无人机机载多功能盒",
    "申请人": "中科大数据研究院",
    "专利类型": "实用新型",
    "申请日": "20221202",
    "主分类号": "B64U20/80",
    "分类号": "B64U20/80;B64U101/30",
}


def _map(ctx: NormaliseContext, **changes: object) -> MappedRow:
    row = {**BASE, **changes}
    return map_row(row, resolve_columns(row.keys(), "test.csv"), ctx, PROV)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"公开号": ""}, "pub_no", "missing publication number"),
        ({"公开号": "查看专利"}, "pub_no", "not a publication number"),
        ({"专利名称": "  "}, "title", "missing title"),
        ({"申请人": ""}, "applicants", "missing applicant"),
        ({"申请人": " ; ；"}, "applicants", "missing applicant"),
        ({"申请日": "2022-02-30"}, "app_date", "day is out of range"),
        ({"公开日": "明天"}, "pub_date", "not a date"),
        ({"主分类号": "XYZ"}, "ipc_main", "not an IPC code"),
        ({"分类号": "B64U20/80;???"}, "ipc_codes", "not an IPC code"),
        ({"专利类型": "商标"}, "patent_type", "unknown patent type"),
        ({"专利类型": "发明授权"}, "patent_type", "kind code U"),
        ({"专利类型": "", "公开号": "CN218751475", "申请号": ""}, "patent_type", "no 专利类型"),
        ({"申请号": "CN202223220665.3"}, "app_no", "check digit"),
        ({"专利转移次数": "两次"}, "transfer_count", "not a count"),
        ({"法律事件": "2021-13-01 专利权的转移 转让人:甲 受让人:乙"}, "legal_events", "month"),
    ],
)
def test_rejections_name_field_and_reason(
    ctx: NormaliseContext, changes: dict[str, object], field: str, reason: str
) -> None:
    with pytest.raises(RowRejected) as info:
        _map(ctx, **changes)
    assert info.value.field == field
    assert reason in info.value.reason
    assert info.value.raw is not None


def test_a_bare_main_group_is_a_valid_ipc_code(ctx: NormaliseContext) -> None:
    assert _map(ctx, 分类号="B64U20/80;B64U101").patent.ipc_codes == ("B64U20/80", "B64U101/00")


def test_patent_type_from_kind_code_or_app_no_when_text_missing(ctx: NormaliseContext) -> None:
    assert _map(ctx, 专利类型="", 公开号="CN116245100A").patent.patent_type is PatentType.INVENTION
    no_kind = _map(ctx, 专利类型="", 公开号="CN218751475")
    assert no_kind.patent.patent_type is PatentType.UTILITY_MODEL  # from the application number


def test_free_text_problems_only_warn(ctx: NormaliseContext) -> None:
    mapped = _map(ctx, 法律状态="奇怪的状态", 申请人地址="某某路1号", 国省代码="火星")
    assert mapped.patent.legal_status == "奇怪的状态" and mapped.patent.is_valid is None
    assert mapped.patent.region_code is None
    assert len(mapped.warnings) == 3


def test_foreign_applicants_have_no_region_and_no_warning(ctx: NormaliseContext) -> None:
    mapped = _map(ctx, 申请人="株式会社某某", 申请人地址="日本国东京都", 国省代码="日本(JP)")
    assert mapped.patent.region_code is None and mapped.warnings == ()


def test_region_from_province_code_and_contradiction_warning(ctx: NormaliseContext) -> None:
    assert _map(ctx, 国省代码="吉林;22").patent.region_code == "220000000000"
    mapped = _map(ctx, 申请人地址="吉林省长春市朝阳区", 国省代码="河南(41)")
    assert mapped.patent.region_code == "220104000000"
    assert any("国省代码" in w for w in mapped.warnings)


# --------------------------------------------------------------------------- holders and events


def test_several_applicants_holders_and_aliases(ctx: NormaliseContext) -> None:
    mapped = _map(
        ctx,
        申请人="吉林大学；长春某某科技有限公司、张三",
        当前权利人="长春某某科技有限公司",
        申请人地址="130012吉林省长春市朝阳区前进大街2699号",
    )
    patent = mapped.patent
    assert patent.applicants == ("吉林大学", "长春某某科技有限公司", "张三")
    assert patent.holders == ("长春某某科技有限公司",)
    assert patent.region_code == "220104000000"
    types = {h.key: h.holder_type for h in mapped.holders}
    assert types == {
        "吉林大学": HolderType.UNIVERSITY,
        "长春某某科技有限公司": HolderType.SME,
        "张三": HolderType.INDIVIDUAL,
    }
    regions = {h.key: h.region_code for h in mapped.holders}
    assert regions["吉林大学"] == "220104000000" and regions["张三"] is None
    assert _map(ctx, 申请人="中国矿业大学（北京）").holders[0].aliases == ("中国矿业大学（北京）",)


def test_event_text_becomes_records_with_party_holders(ctx: NormaliseContext) -> None:
    mapped = _map(
        ctx,
        法律事件="2021-05-06 专利权的转移 转让人:中科大数据研究院 受让人:郑州某某科技有限公司;"
        "2022-03-01 专利权质押合同登记的生效 出质人:郑州某某科技有限公司 "
        "质权人:中国银行股份有限公司郑州分行 质押金额:500万元",
        专利转移次数="1",
        质押次数="3",
        合成字段="法律事件,pledge_count,agent",
    )
    kinds = sorted(e.kind.value for e in mapped.events)
    assert kinds == ["pledge", "transfer"]  # the text covers both kinds: count columns add nothing
    transfer = next(e for e in mapped.events if e.kind is LegalEventKind.TRANSFER)
    assert transfer.from_holders == ("中科大数据研究院",) and transfer.to_holders == ("郑州某某科技有限公司",)
    assert transfer.synthetic is True and transfer.date == "2021-05-06"
    pledge = next(e for e in mapped.events if e.kind is LegalEventKind.PLEDGE)
    assert pledge.amount == 500.0
    assert {h.key for h in mapped.holders} >= {"郑州某某科技有限公司", "中国银行股份有限公司郑州分行"}
    assert mapped.patent.synthetic_fields == ("legal_events", "pledge_count", "agent")
    again = _map(ctx, 法律事件="2021-05-06 专利权的转移 转让人:中科大数据研究院 受让人:郑州某某科技有限公司")
    assert transfer.event_id in {e.event_id for e in again.events}


def test_events_from_columns_when_no_event_text(ctx: NormaliseContext) -> None:
    mapped = _map(ctx, 当前权利人="郑州某某科技有限公司", 转让日期="20210506", 专利转移次数="1", 许可次数="2")
    transfer = next(e for e in mapped.events if e.kind is LegalEventKind.TRANSFER)
    assert transfer.date == "2021-05-06"
    assert transfer.from_holders == ("中科大数据研究院",) and transfer.to_holders == ("郑州某某科技有限公司",)
    assert not [e for e in mapped.events if e.kind is LegalEventKind.LICENCE]  # undated: a number
    assert (mapped.patent.transfer_count, mapped.patent.licence_count) == (1, 2)
    assert all(not e.synthetic for e in mapped.events)


def test_a_count_beyond_the_dates_makes_one_undated_transfer_only_with_its_parties(
    ctx: NormaliseContext,
) -> None:
    moved = _map(ctx, 当前权利人="郑州某某科技有限公司", 转让日期="20210506", 专利转移次数="3", 质押次数="4")
    transfers = sorted(
        (e for e in moved.events if e.kind is LegalEventKind.TRANSFER), key=lambda e: e.date or "~"
    )
    assert [e.date for e in transfers] == ["2021-05-06", None]  # the latest, undated, has the parties
    assert transfers[0].to_holders == () and transfers[1].to_holders == ("郑州某某科技有限公司",)
    assert not [e for e in moved.events if e.kind is LegalEventKind.PLEDGE]
    assert (moved.patent.transfer_count, moved.patent.pledge_count) == (3, 4)
    kept = _map(ctx, 专利转移次数="3")  # holders unknown: no party is known, the count says it all
    assert kept.events == () and kept.patent.transfer_count == 3


def test_jsonl_style_row_with_lists(ctx: NormaliseContext) -> None:
    row = {
        "pub_no": "CN116245100A",
        "title": "一种分词方法",
        "applicants": ["清华大学", "华为技术有限公司"],
        "ipc_codes": ["G06F 40/289", "G06F40/216"],
        "app_date": "2022-12-30",
        "legal_events": [{"kind": "licence", "date": "2023-05-01", "from": "清华大学", "to": ["某公司"]}],
        "synthetic_fields": "legal_events",
    }
    mapped = map_row(row, resolve_columns(row.keys(), "x.jsonl"), ctx, PROV)
    assert mapped.patent.applicants == ("清华大学", "华为技术有限公司")
    assert mapped.patent.ipc_main == "G06F40/289"
    assert mapped.events[0].kind is LegalEventKind.LICENCE and mapped.events[0].synthetic


def test_overseas_family_and_counts(ctx: NormaliseContext) -> None:
    mapped = _map(ctx, 同族专利="CN218751475U;US11234567B2;WO2023123456A1", 简单同族数量="3", 引证数="7")
    assert mapped.patent.overseas_family is True
    assert (mapped.patent.family_size, mapped.patent.citations_count) == (3, 7)
    assert _map(ctx, 同族专利="CN218751475U;WO2023123456A1").patent.overseas_family is False
    assert _map(ctx).patent.overseas_family is None


def test_context_loads_an_sme_registry(tmp_path: Path) -> None:
    registry = tmp_path / "sme.csv"
    registry.write_text("name,size\n郑州某某科技有限公司,大\n", encoding="utf-8")
    ctx = NormaliseContext.load(sme_registry=registry)
    mapped = _map(ctx, 申请人="郑州某某科技有限公司")
    holder = mapped.holders[0]
    assert (holder.holder_type, holder.is_sme) == (HolderType.ENTERPRISE, False)
    assert "sme.csv" in (holder.sme_reason or "")

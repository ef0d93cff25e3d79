"""The declared header alias table (表头别名表): canonical fields <- header variants of real exports.

One table for incoPat (the 61-column export), PatSnap, CNIPA and our JSONL keys. It is written
as ``ColumnMap`` itself: one typed attribute per canonical field, its aliases in the field's
metadata. Headers are normalised before matching (BOM, full-width -> half-width brackets,
whitespace, case, PatSnap's ``[标]`` prefix). For each field the first alias present in the
file wins, so the order of the aliases is a preference order (公开号 before 授权公告号). A header
may serve two fields: 当前权利人 is the holders column and, only when no applicant column
exists, the applicants column. Required fields are the ones typed ``str`` (no default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from graph.errors import MissingColumnError
from ingest.normalise.text import to_halfwidth

ALIASES = "aliases"


def _required(*aliases: str) -> Any:
    return field(metadata={ALIASES: aliases})


def _optional(*aliases: str) -> Any:
    return field(default=None, metadata={ALIASES: aliases})


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnMap:
    """Which header of one file feeds which canonical field: each attribute is the header as
    written in the file, or None when the file has no such column."""

    source: str
    unmapped: tuple[str, ...] = ()  # headers no alias matches (kept for the report)
    # fmt: off
    pub_no: str = _required("公开号", "公开(公告)号", "公开公告号", "公告号", "公布号", "文献号", "pub_no",
        "publication_number", "publication_no", "授权公告号")
    app_no: str | None = _optional("申请号", "专利申请号", "app_no", "application_number", "application_no")
    title: str = _required("专利名称", "标题", "发明名称", "名称", "标题(中文)", "发明名称(中文)",
        "中文标题", "title")
    abstract: str | None = _optional("申请摘要", "摘要", "摘要(中文)", "中文摘要", "abstract")
    claims: str | None = _optional("主权项", "首项权利要求", "独立权利要求", "权利要求", "权利要求书",
        "claims")
    applicants: str = _required("申请人", "申请(专利权)人", "申请人(专利权人)", "原始申请(专利权)人",
        "专利申请人", "专利权人", "权利人", "applicants", "applicant", "当前权利人", "当前申请(专利权)人")
    holders: str | None = _optional("当前权利人", "当前申请(专利权)人", "当前专利权人", "holders",
        "current_holders")
    inventors: str | None = _optional("发明人", "发明(设计)人", "设计人", "发明人姓名", "inventors",
        "inventor")
    patent_type: str | None = _optional("专利类型", "类型", "文献类型", "patent_type", "type")
    app_date: str | None = _optional("申请日", "申请日期", "app_date", "application_date")
    pub_date: str | None = _optional("公开日", "公开(公告)日", "公告日", "公开日期", "公布日", "pub_date",
        "publication_date")
    grant_date: str | None = _optional("授权公告日", "授权日", "授权日期", "授权公告日期", "grant_date")
    lapse_date: str | None = _optional("失效日期", "失效日", "lapse_date")
    legal_status: str | None = _optional("法律状态", "当前法律状态", "简单法律状态", "法律状态/事件",
        "legal_status")
    ipc_main: str | None = _optional("主分类号", "IPC主分类", "主IPC", "IPC主分类号", "主IPC分类号",
        "ipc_main")
    ipc_codes: str | None = _optional("分类号", "IPC", "IPC分类号", "IPC分类", "ipc_codes", "ipc")
    address: str | None = _optional("申请人地址", "专利权人地址", "地址", "申请(专利权)人地址", "address",
        "applicant_address")
    province_code: str | None = _optional("国省代码", "申请人国省代码", "省市代码", "申请人省市代码",
        "province_code")
    applicant_type: str | None = _optional("申请人类型", "applicant_type")
    legal_events: str | None = _optional("法律事件", "法律事件信息", "legal_events", "events")
    transfer_dates: str | None = _optional("转让日期", "转移日期", "权利转移日期", "transfer_dates")
    licence_dates: str | None = _optional("许可日期", "licence_dates")
    pledge_dates: str | None = _optional("质押日期", "pledge_dates")
    transfer_count: str | None = _optional("专利转移次数", "转让次数", "权利转移次数", "transfer_count")
    licence_count: str | None = _optional("许可次数", "licence_count")
    pledge_count: str | None = _optional("质押次数", "pledge_count")
    claims_count: str | None = _optional("权利要求数量", "权利要求数", "权利要求项数", "claims_count")
    citations_count: str | None = _optional("被引证次数", "被引用次数", "被引证数", "被引用专利数量",
        "引证数", "citations_count")
    family: str | None = _optional("同族专利", "简单同族", "简单同族成员", "同族", "family")
    family_size: str | None = _optional("简单同族数量", "同族数量", "同族个数", "family_size")
    overseas_family: str | None = _optional("海外同族", "overseas_family")
    award: str | None = _optional("获奖情况", "中国专利奖", "国家科学技术奖", "奖励", "award")
    synthetic_fields: str | None = _optional("synthetic_fields", "合成字段")
    # fmt: on

    def header(self, name: str) -> str | None:
        """The file's header for a canonical field; KeyError for a name that is not one."""
        if name not in COLUMN_ALIASES:
            raise KeyError(f"not a canonical field: {name!r}")
        header: str | None = getattr(self, name)
        return header

    def has(self, name: str) -> bool:
        return self.header(name) is not None

    def value(self, raw: Mapping[str, object], name: str) -> object:
        """The raw cell of a canonical field, or None if the file has no such column."""
        header = self.header(name)
        return raw.get(header) if header is not None else None

    def headers(self) -> dict[str, str]:
        """Canonical field -> header, for the fields this file has."""
        return {name: header for name in COLUMN_ALIASES if (header := getattr(self, name)) is not None}


COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    f.name: f.metadata[ALIASES] for f in fields(ColumnMap) if ALIASES in f.metadata
}
REQUIRED_FIELDS = tuple(f.name for f in fields(ColumnMap) if ALIASES in f.metadata and f.default is MISSING)
_HEADER_DROP_RE = re.compile(r"\s+|^\[标\]|\ufeff")


def normalise_header(header: str) -> str:
    """Comparable form of a header: no BOM/whitespace/[标], half-width brackets, lower case."""
    return _HEADER_DROP_RE.sub("", to_halfwidth(header)).lower()


_ALIAS_INDEX: dict[str, list[str]] = {}
for _field, _aliases in COLUMN_ALIASES.items():
    for _alias in _aliases:
        _ALIAS_INDEX.setdefault(normalise_header(_alias), []).append(_field)


def canonical_field(header: str) -> str | None:
    """The canonical field a header (or a canonical name) stands for, e.g. 法律事件 -> legal_events."""
    if header in COLUMN_ALIASES:
        return header
    names = _ALIAS_INDEX.get(normalise_header(header))
    return names[0] if names else None


def resolve_columns(headers: Iterable[str], source: str) -> ColumnMap:
    """Map a file's headers onto canonical fields; MissingColumnError names the missing required ones."""
    by_norm: dict[str, str] = {}
    for written in headers:
        by_norm.setdefault(normalise_header(str(written)), str(written))
    found: dict[str, str] = {}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if (header := by_norm.get(normalise_header(alias))) is not None:
                found[name] = header
                break
    missing = {name: COLUMN_ALIASES[name] for name in REQUIRED_FIELDS if name not in found}
    if missing:
        raise MissingColumnError(source, missing)
    used = set(found.values())
    unmapped = tuple(h for h in by_norm.values() if h not in used)
    return ColumnMap(source=source, unmapped=unmapped, **found)

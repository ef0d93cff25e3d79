"""The declared header alias table (表头别名表): canonical fields <- header variants of real exports.

One table for incoPat (the 61-column export), PatSnap, CNIPA and our JSONL keys. Headers are
normalised before matching (BOM, full-width -> half-width brackets, whitespace, case, PatSnap's
``[标]`` prefix). For each field the first alias present in the file wins, so the order of the
aliases is a preference order (公开号 before 授权公告号). A header may serve two fields:
当前权利人 is the holders column and, only when no applicant column exists, the applicants column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.errors import MissingColumnError
from ingest.normalise.text import to_halfwidth

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "pub_no": ("公开号", "公开(公告)号", "公开公告号", "公告号", "公布号", "文献号", "pub_no",
               "publication_number", "publication_no", "授权公告号"),
    "app_no": ("申请号", "专利申请号", "app_no", "application_number", "application_no"),
    "title": ("专利名称", "标题", "发明名称", "名称", "标题(中文)", "发明名称(中文)", "中文标题", "title"),
    "abstract": ("申请摘要", "摘要", "摘要(中文)", "中文摘要", "abstract"),
    "claims": ("主权项", "首项权利要求", "独立权利要求", "权利要求", "权利要求书", "claims"),
    "applicants": ("申请人", "申请(专利权)人", "申请人(专利权人)", "原始申请(专利权)人", "专利申请人",
                   "专利权人", "权利人", "applicants", "applicant", "当前权利人", "当前申请(专利权)人"),
    "holders": ("当前权利人", "当前申请(专利权)人", "当前专利权人", "holders", "current_holders"),
    "inventors": ("发明人", "发明(设计)人", "设计人", "发明人姓名", "inventors", "inventor"),
    "patent_type": ("专利类型", "类型", "文献类型", "patent_type", "type"),
    "app_date": ("申请日", "申请日期", "app_date", "application_date"),
    "pub_date": ("公开日", "公开(公告)日", "公告日", "公开日期", "公布日", "pub_date", "publication_date"),
    "grant_date": ("授权公告日", "授权日", "授权日期", "授权公告日期", "grant_date"),
    "lapse_date": ("失效日期", "失效日", "lapse_date"),
    "legal_status": ("法律状态", "当前法律状态", "简单法律状态", "法律状态/事件", "legal_status"),
    "ipc_main": ("主分类号", "IPC主分类", "主IPC", "IPC主分类号", "主IPC分类号", "ipc_main"),
    "ipc_codes": ("分类号", "IPC", "IPC分类号", "IPC分类", "ipc_codes", "ipc"),
    "address": ("申请人地址", "专利权人地址", "地址", "申请(专利权)人地址", "address", "applicant_address"),
    "province_code": ("国省代码", "申请人国省代码", "省市代码", "申请人省市代码", "province_code"),
    "applicant_type": ("申请人类型", "applicant_type"),
    "legal_events": ("法律事件", "法律事件信息", "legal_events", "events"),
    "transfer_dates": ("转让日期", "转移日期", "权利转移日期", "transfer_dates"),
    "licence_dates": ("许可日期", "licence_dates"),
    "pledge_dates": ("质押日期", "pledge_dates"),
    "transfer_count": ("专利转移次数", "转让次数", "权利转移次数", "transfer_count"),
    "licence_count": ("许可次数", "licence_count"),
    "pledge_count": ("质押次数", "pledge_count"),
    "claims_count": ("权利要求数量", "权利要求数", "权利要求项数", "claims_count"),
    "citations_count": ("被引证次数", "被引用次数", "被引证数", "被引用专利数量", "引证数",
                        "citations_count"),
    "family": ("同族专利", "简单同族", "简单同族成员", "同族", "family"),
    "family_size": ("简单同族数量", "同族数量", "同族个数", "family_size"),
    "overseas_family": ("海外同族", "overseas_family"),
    "award": ("获奖情况", "中国专利奖", "国家科学技术奖", "奖励", "award"),
    "synthetic_fields": ("synthetic_fields", "合成字段"),
}  # fmt: skip
REQUIRED_FIELDS = ("pub_no", "title", "applicants")
_HEADER_DROP_RE = re.compile(r"\s+|^\[标\]|\ufeff")


def normalise_header(header: str) -> str:
    """Comparable form of a header: no BOM/whitespace/[标], half-width brackets, lower case."""
    return _HEADER_DROP_RE.sub("", to_halfwidth(header)).lower()


_ALIAS_INDEX: dict[str, list[str]] = {}
for _field, _aliases in COLUMN_ALIASES.items():
    for _alias in _aliases:
        _ALIAS_INDEX.setdefault(normalise_header(_alias), []).append(_field)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which header of this file feeds which canonical field."""

    source: str
    fields: dict[str, str]  # canonical field -> header as written in the file
    unmapped: tuple[str, ...] = field(default=())  # headers no alias matches (kept for the report)

    def has(self, name: str) -> bool:
        return name in self.fields

    def value(self, raw: Mapping[str, object], name: str) -> object:
        """The raw cell of a canonical field, or None if the file has no such column."""
        header = self.fields.get(name)
        return raw.get(header) if header is not None else None


def canonical_field(header: str) -> str | None:
    """The canonical field a header (or a canonical name) stands for, e.g. 法律事件 -> legal_events."""
    if header in COLUMN_ALIASES:
        return header
    fields = _ALIAS_INDEX.get(normalise_header(header))
    return fields[0] if fields else None


def resolve_columns(headers: Iterable[str], source: str) -> ColumnMap:
    """Map a file's headers onto canonical fields; MissingColumnError names the missing required ones."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise_header(str(header)), str(header))
    fields: dict[str, str] = {}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if (found := by_norm.get(normalise_header(alias))) is not None:
                fields[name] = found
                break
    missing = {name: COLUMN_ALIASES[name] for name in REQUIRED_FIELDS if name not in fields}
    if missing:
        raise MissingColumnError(source, missing)
    used = set(fields.values())
    return ColumnMap(source, fields, tuple(h for h in by_norm.values() if h not in used))

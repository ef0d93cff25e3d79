"""Row -> records (行映射): one export row to a PatentRecord with its holders, inventors and events.

Rejection policy (``RowRejected(field, reason, raw)``; the pipeline quarantines the row):

* required: 公开号 missing or unparseable, title missing, applicant missing, patent type unknown
  (neither 专利类型 nor the kind code / application number tells) or contradicting the kind code;
* any *present* value of an identifier, date, IPC, count or flag field that cannot be normalised
  rejects the row too, naming that field (an optional field is fixed in the source, not dropped);
* free text that is kept raw only warns (``MappedRow.warnings``): an unknown 法律状态 wording, an
  address or 国省代码 that matches no region (or contradicts the other), an unknown 法律事件
  wording, an unknown name in 合成字段.

Empty cells and incoPat's ``0`` in date columns mean "no value". NLP fields (tokens, keywords)
stay empty: the pipeline enriches them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import RowRejected
from graph.event_counts import EVENT_COUNT_FIELDS
from graph.models import (
    HolderRecord,
    InventorRecord,
    LegalEventRecord,
    PatentRecord,
    PatentType,
    Provenance,
)
from ingest.cells import RowCells, parse_count, parse_flag
from ingest.columns import ColumnMap, canonical_field
from ingest.normalise.context import NormaliseContext
from ingest.normalise.dates import parse_date
from ingest.normalise.ipc import normalise_ipc, split_ipc_codes
from ingest.normalise.legal_status import is_recognised_status, parse_legal_status
from ingest.normalise.numbers import (
    kind_code,
    normalise_app_no,
    normalise_pub_no,
    patent_type_from_app_no,
    patent_type_from_kind,
    patent_type_from_text,
)
from ingest.row_records import RowHolders, row_events, row_inventors

__all__ = ["MappedRow", "NormaliseContext", "RowRejected", "map_row"]

DATE_FIELDS = ("app_date", "pub_date", "grant_date", "lapse_date")
_COUNT_FIELDS = (
    "transfer_count",
    "licence_count",
    "pledge_count",
    "claims_count",
    "citations_count",
    "family_size",
)
_EVENT_COUNT_FIELDS = tuple(EVENT_COUNT_FIELDS.values())
_FAMILY_SPLIT_RE = re.compile(r"[;,、|\s]+")
_FOREIGN_CODE_RE = re.compile(r"\(([A-Z]{2})\)")
_FOREIGN_GRANT_RE = re.compile(r"^(?!CN|WO|HK|MO|TW)[A-Z]{2}\d+(B\d?|C\d?|E\d?)$")


@dataclass(frozen=True, slots=True)
class MappedRow:
    patent: PatentRecord
    holders: tuple[HolderRecord, ...]
    inventors: tuple[InventorRecord, ...]
    events: tuple[LegalEventRecord, ...]
    warnings: tuple[str, ...] = field(default=())


def map_row(
    raw: Mapping[str, object], columns: ColumnMap, ctx: NormaliseContext, provenance: Provenance
) -> MappedRow:
    """Map one row (header -> cell) to records; RowRejected names the field that stops it."""
    row = RowCells(raw, columns)
    pub_no = row.parse("pub_no", lambda v: normalise_pub_no(str(v)))
    if pub_no is None:
        raise RowRejected("pub_no", "missing publication number (公开号)", row.raw_value("pub_no"))
    title = row.free_text("title")
    if title is None:
        raise RowRejected("title", "missing title (专利名称)", row.raw_value("title"))
    applicants = row.names("applicants")
    if not applicants:
        raise RowRejected("applicants", "missing applicant (申请人)", row.raw_value("applicants"))
    synthetic = _synthetic_fields(row)
    app_no = row.parse("app_no", lambda v: normalise_app_no(str(v)))
    dates = {name: row.parse(name, _date) for name in DATE_FIELDS}
    counts = {name: row.parse(name, parse_count, zero_is_value=True) for name in _COUNT_FIELDS}
    _check_event_counts(counts, ctx.max_event_count)
    ipc_codes = row.parse("ipc_codes", _ipc_list) or ()
    ipc_main = row.parse("ipc_main", lambda v: _ipc_one(str(v))) or (ipc_codes[0] if ipc_codes else None)
    if ipc_main and ipc_main not in ipc_codes:
        ipc_codes = (ipc_main, *ipc_codes)
    status, is_valid = parse_legal_status(row.obj("legal_status"))
    if status is not None and not is_recognised_status(status):
        row.warnings.append(f"legal_status: unknown wording {status!r}, validity left unknown")
    current = row.names("holders")
    region_code = _region_code(row, ctx)
    holders = RowHolders(ctx, provenance)
    applicant_keys = tuple(
        holders.add(name, region_code if i == 0 else None) for i, name in enumerate(applicants)
    )
    holder_keys = tuple(holders.add(name) for name in current) or applicant_keys
    inventors = row_inventors(row, applicant_keys[0], provenance)
    events = row_events(row, pub_no, applicants, current, counts, synthetic, holders, provenance)
    patent = PatentRecord(
        pub_no=pub_no,
        app_no=app_no,
        patent_type=_patent_type(row, pub_no, app_no),
        title=title,
        abstract=row.free_text("abstract") or "",
        claims=row.free_text("claims") or "",
        app_date=dates["app_date"],
        pub_date=dates["pub_date"],
        grant_date=dates["grant_date"],
        lapse_date=dates["lapse_date"],
        legal_status=status,
        is_valid=is_valid,
        ipc_main=ipc_main,
        ipc_codes=ipc_codes,
        applicants=applicant_keys,
        holders=holder_keys,
        inventors=tuple(i.key for i in inventors),
        region_code=region_code,
        claims_count=counts["claims_count"],
        citations_count=counts["citations_count"],
        family_size=counts["family_size"],
        overseas_family=_overseas_family(row),
        award=row.text("award"),
        transfer_count=counts["transfer_count"],
        licence_count=counts["licence_count"],
        pledge_count=counts["pledge_count"],
        synthetic_fields=synthetic,
        provenance=provenance,
    )
    return MappedRow(patent, holders.records(), inventors, events, tuple(row.warnings))


def _check_event_counts(counts: Mapping[str, int | None], limit: int) -> None:
    """A count is stored on the patent (never turned into events), but one beyond any real
    patent's (1e9 licences) is a data error: the row is quarantined naming the field."""
    for name in _EVENT_COUNT_FIELDS:
        count = counts[name]
        if count is not None and count > limit:
            reason = (
                f"{count} 超过上限 {limit} (PATENTNAV_INGEST_MAX_EVENT_COUNT), 不像真实的事件次数 "
                f"({name} {count} is beyond the limit {limit}; not a plausible number of events)"
            )
            raise RowRejected(name, reason, count)


@lru_cache(maxsize=4096)
def _cached_date(value: str) -> str | None:
    return parse_date(value)


def _date(value: object) -> str | None:
    """parse_date with a cache for strings: export columns repeat the same dates a lot."""
    return _cached_date(value) if isinstance(value, str) else parse_date(value)


@lru_cache(maxsize=4096)
def _cached_ipc_list(value: str) -> tuple[str, ...]:
    return split_ipc_codes(value)


def _ipc_list(value: object) -> tuple[str, ...]:
    return _cached_ipc_list(value) if isinstance(value, str) else split_ipc_codes(value)


_ipc_one = lru_cache(maxsize=4096)(normalise_ipc)


_type_text = lru_cache(maxsize=256)(patent_type_from_text)


def _synthetic_fields(row: RowCells) -> tuple[str, ...]:
    """合成字段: canonical names (header aliases are translated); other names are kept as written."""
    names: list[str] = []
    for part in re.split(r"[,;、\s]+", row.text("synthetic_fields") or ""):
        name = canonical_field(part) or part
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _patent_type(row: RowCells, pub_no: str, app_no: str | None) -> PatentType:
    by_kind = patent_type_from_kind(kind_code(pub_no))
    by_text = row.parse("patent_type", lambda v: _type_text(str(v)))
    if by_text is not None and by_kind is not None and by_text is not by_kind:
        reason = f"专利类型 says {by_text.value} but kind code {kind_code(pub_no)} means {by_kind.value}"
        raise RowRejected("patent_type", reason, row.obj("patent_type"))
    patent_type = by_text or by_kind or patent_type_from_app_no(app_no)
    if patent_type is None:
        raise RowRejected("patent_type", "unknown patent type: no 专利类型 and no kind code", pub_no)
    return patent_type


def _region_code(row: RowCells, ctx: NormaliseContext) -> str | None:
    """First applicant's region: the address (most specific), else 国省代码; contradictions warn.

    A foreign 国省代码 (日本(JP), 美国(US)) means "no Chinese region" and warns about nothing.
    """
    address = row.text("address")
    address = address.split(";")[0] if address else None
    province_text = row.text("province_code")
    foreign = _FOREIGN_CODE_RE.search(province_text or "")
    if foreign and foreign.group(1) != "CN":
        return None
    match = ctx.resolve_address(address) if address else None
    province = ctx.resolve_province_code(province_text) if province_text else None
    if match is not None and match.code is not None:
        if province is not None and not match.code.startswith(province.code[:2]):
            row.warnings.append(f"address: {address!r} is not in 国省代码 {province_text!r}; address used")
        return match.code
    if address:
        row.warnings.append(f"address: no region found in {address!r}")
    if province_text and province is None:
        row.warnings.append(f"province_code: unknown region {province_text!r}")
    return province.code12 if province else None


def _overseas_family(row: RowCells) -> bool | None:
    explicit = row.parse("overseas_family", parse_flag)
    if explicit is not None:
        return explicit
    members = row.text("family")
    if members is None:
        return None
    codes = [m.upper() for m in _FAMILY_SPLIT_RE.split(members) if m]
    return any(_FOREIGN_GRANT_RE.match(code) for code in codes)

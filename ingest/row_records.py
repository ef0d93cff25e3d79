"""The holder, inventor and legal-event records of one export row (权利人, 发明人, 法律事件).

Holders are keyed by their normalised name, so an applicant named again as assignor or
assignee in a legal event is one record with its spellings kept as aliases.
"""

from __future__ import annotations

from graph.models import HolderRecord, InventorRecord, LegalEventRecord, Provenance
from ingest.cells import RowCells
from ingest.normalise.context import NormaliseContext
from ingest.normalise.dates import parse_date_list
from ingest.normalise.event_columns import EventColumns, events_from_columns
from ingest.normalise.events import ParsedEvent, event_id, parse_event_list, parse_event_text
from ingest.normalise.holders import holder_key, inventor_key, normalise_holder_name


class RowHolders:
    """Holder records of one row, one per key, aliases merged, first region kept."""

    def __init__(self, ctx: NormaliseContext, provenance: Provenance) -> None:
        self._ctx, self._provenance = ctx, provenance
        self._records: dict[str, HolderRecord] = {}

    def add(self, raw_name: str, region_code: str | None = None) -> str:
        key = holder_key(raw_name)
        known = self._records.get(key)
        if known is not None:
            aliases = known.aliases if raw_name in known.aliases else (*known.aliases, raw_name)
            self._records[key] = _replace(known, aliases, known.region_code or region_code)
            return key
        verdict = self._ctx.classify_holder(raw_name)
        self._records[key] = HolderRecord(
            key=key,
            name=normalise_holder_name(raw_name),
            holder_type=verdict.holder_type,
            type_reason=verdict.type_reason,
            aliases=(raw_name,),
            is_sme=verdict.is_sme,
            sme_reason=verdict.sme_reason,
            region_code=region_code,
            provenance=self._provenance,
        )
        return key

    def records(self) -> tuple[HolderRecord, ...]:
        return tuple(self._records.values())


def _replace(record: HolderRecord, aliases: tuple[str, ...], region_code: str | None) -> HolderRecord:
    return HolderRecord(
        record.key, record.name, record.holder_type, record.type_reason, aliases,
        record.is_sme, record.sme_reason, region_code, record.provenance,
    )  # fmt: skip


def row_inventors(row: RowCells, first_holder: str, provenance: Provenance) -> tuple[InventorRecord, ...]:
    """发明人, keyed per first holder (the same name at two applicants is two people)."""
    records: dict[str, InventorRecord] = {}
    for name in row.names("inventors"):
        key = inventor_key(name, first_holder)
        records.setdefault(key, InventorRecord(key, normalise_holder_name(name), provenance))
    return tuple(records.values())


def row_events(
    row: RowCells,
    pub_no: str,
    applicants: tuple[str, ...],
    current: tuple[str, ...],
    counts: dict[str, int | None],
    synthetic: tuple[str, ...],
    holders: RowHolders,
    provenance: Provenance,
) -> tuple[LegalEventRecord, ...]:
    """法律事件 text first; the date/count columns add events only for kinds the text lacks."""
    from_text = row.parse("legal_events", _parse_events) or ([], [])
    parsed, warnings = from_text
    row.warnings.extend(f"legal_events: {w}" for w in warnings)
    columns = EventColumns(
        transfer_dates=row.parse("transfer_dates", parse_date_list) or (),
        licence_dates=row.parse("licence_dates", parse_date_list) or (),
        pledge_dates=row.parse("pledge_dates", parse_date_list) or (),
        transfer_count=counts["transfer_count"],
        licence_count=counts["licence_count"],
        pledge_count=counts["pledge_count"],
    )
    text_kinds = {e.kind for e in parsed}
    derived = [e for e in events_from_columns(columns, applicants, current) if e.kind not in text_kinds]
    records = {}
    for event, is_synthetic in [(e, "legal_events" in synthetic) for e in parsed] + [
        (e, _column_synthetic(e, synthetic)) for e in derived
    ]:
        record = _event_record(event, pub_no, holders, is_synthetic, provenance)
        records[record.event_id] = record
    return tuple(records.values())


def _parse_events(value: object) -> tuple[list[ParsedEvent], list[str]]:
    if isinstance(value, list):
        return parse_event_list(value), []
    return parse_event_text(str(value))


def _column_synthetic(event: ParsedEvent, synthetic: tuple[str, ...]) -> bool:
    stem = {"transfer": "transfer", "licence": "licence", "pledge": "pledge"}.get(event.kind.value, "")
    return f"{stem}_dates" in synthetic or f"{stem}_count" in synthetic


def _event_record(
    event: ParsedEvent, pub_no: str, holders: RowHolders, synthetic: bool, provenance: Provenance
) -> LegalEventRecord:
    from_keys = tuple(holders.add(name) for name in event.from_names)
    to_keys = tuple(holders.add(name) for name in event.to_names)
    extra = event.wording if event.date is None else ""
    return LegalEventRecord(
        event_id=event_id(pub_no, event.kind, event.date, (*from_keys, "->", *to_keys), extra),
        pub_no=pub_no,
        kind=event.kind,
        date=event.date,
        from_holders=from_keys,
        to_holders=to_keys,
        amount=event.amount,
        exclusive=event.exclusive,
        synthetic=synthetic,
        provenance=provenance,
    )

"""Legal events from the count/date columns when there is no 法律事件 text.

incoPat exports carry 转让日期 / 许可日期 / 质押日期 (one or more dates) and 专利转移次数 / 许可次数 /
质押次数. Each date becomes one event. A count is a number on the patent (``PatentRecord``), never
that many events: what it states beyond the recorded events is read by the analyses through
``PatentFact.unrecorded_events``. Parties are only known where the export shows them:

* transfer: the latest transfer goes from the applicants (申请人) to the current holders (当前权利人)
  when these differ; when the count says there are more transfers than dates, that latest one is
  undated and is the only undated event made (its parties are a fact no count carries); earlier
  transfers have unknown parties;
* licence and pledge: the current holders (or the applicants) are the licensor / pledgor;
  licensee, pledgee and amounts are unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.models import LegalEventKind
from ingest.normalise.events import ParsedEvent


@dataclass(frozen=True, slots=True)
class EventColumns:
    """The event columns of one row, already parsed (dates ISO, counts int)."""

    transfer_dates: tuple[str, ...] = ()
    licence_dates: tuple[str, ...] = ()
    pledge_dates: tuple[str, ...] = ()
    transfer_count: int | None = None
    licence_count: int | None = None
    pledge_count: int | None = None


def events_from_columns(
    columns: EventColumns, applicants: tuple[str, ...], holders: tuple[str, ...]
) -> list[ParsedEvent]:
    """ParsedEvents implied by the columns (names, not keys; the mapper turns them into keys)."""
    owners = holders or applicants
    moved = bool(holders) and set(holders) != set(applicants)
    events = _series(LegalEventKind.TRANSFER, columns.transfer_dates)
    if moved and (columns.transfer_count or 0) > len(events):
        # the count says the latest transfer is beyond the dates: undated (numbered as the count)
        wording = f"{LegalEventKind.TRANSFER.value} #{columns.transfer_count} (count column, undated)"
        events.append(ParsedEvent(LegalEventKind.TRANSFER, None, applicants, holders, wording=wording))
    elif events and moved:
        last = events[-1]  # dates are sorted: the latest known transfer
        events[-1] = ParsedEvent(last.kind, last.date, applicants, holders, wording=last.wording)
    for kind, dates in (
        (LegalEventKind.LICENCE, columns.licence_dates),
        (LegalEventKind.PLEDGE, columns.pledge_dates),
    ):
        events.extend(
            ParsedEvent(e.kind, e.date, owners, (), wording=e.wording) for e in _series(kind, dates)
        )
    return events


def _series(kind: LegalEventKind, dates: tuple[str, ...]) -> list[ParsedEvent]:
    return [ParsedEvent(kind, date, wording=f"{kind.value} column date") for date in dates]

"""Event counts (事件次数): 专利转移次数 / 许可次数 / 质押次数 are numbers on the patent.

An export states how many transfers, licences and pledges a patent had, often without their
dates. Ingest stores the count on the patent (never that many LegalEvent nodes; an implausible
count quarantines its row, ``PATENTNAV_INGEST_MAX_EVENT_COUNT``) and makes events only from what
is dated or has known parties. The analyses read what the count states beyond the recorded
events as events of that kind whose dates are unknown.
"""

from __future__ import annotations

from graph.models import LegalEventKind, PatentFact

# The patent property holding the export's count of each kind.
EVENT_COUNT_FIELDS: dict[LegalEventKind, str] = {
    LegalEventKind.TRANSFER: "transfer_count",
    LegalEventKind.LICENCE: "licence_count",
    LegalEventKind.PLEDGE: "pledge_count",
}


def unrecorded_events(fact: PatentFact, kind: LegalEventKind) -> int:
    """Events of ``kind`` the count states beyond those recorded: ``max(0, count - recorded)``;
    0 where the export gives no count (or the kind has none)."""
    name = EVENT_COUNT_FIELDS.get(kind)
    count: int | None = getattr(fact, name) if name else None
    if not count:
        return 0
    return max(0, count - sum(1 for e in fact.events if e.kind is kind))

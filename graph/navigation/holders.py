"""Holder lookup (权利人查询): a name, a recorded spelling or a normalised key -> the holder,
its type with the reason, its region, and its portfolio.

The caller passes the name as typed and its normalised key (the API/CLI use the ingest's one
holder-name normaliser, ``ingest.normalise.holders.holder_key``; navigation never imports
ingest). The portfolio counts use the analyses' own rules: sleeping patents are those
``screen_sleeping_patents`` lists, high-value ones those ``find_high_value_patents`` marks, as
of the data cut-off unless a date is given.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from graph.codes.regions import region_name
from graph.errors import NotFoundError
from graph.models import EventFilter, HolderView, LegalEventKind, PatentFilter, PatentType
from graph.navigation.common import ToDictMixin, analysis_date
from graph.navigation.high_value import find_high_value_patents
from graph.navigation.labels import HOLDER_TYPE_ZH
from graph.navigation.sleeping import SleepingPatentFilter, screen_sleeping_patents
from graph.store import GraphStore

CLOSEST_NAMES = 5
CLOSEST_CUTOFF = 0.5  # difflib ratio below which a name is not offered as "did you mean"


class HolderNotFoundError(NotFoundError):
    """No holder has this name, spelling or key; ``closest`` are the nearest recorded names."""

    exit_code = 2  # the CLI treats an unknown name like a bad parameter

    def __init__(self, name: str, closest: tuple[str, ...]) -> None:
        self.name = name
        self.closest = closest
        hint = f"; 最接近的名称: {'、'.join(closest)}" if closest else "; 图谱中没有相近的名称"
        super().__init__(f"未找到权利人「{name[:40]}」(按名称、曾用名/别名和规范化名称查找){hint}")


@dataclass(frozen=True, slots=True)
class Portfolio(ToDictMixin):
    """专利组合: counts over the patents the holder currently holds (当前权利人)."""

    patents: int  # held now
    applied_or_held: int  # as applicant or current holder
    valid: int
    inventions: int
    sleeping: int
    high_value: int
    transfers_out: int  # 转让 events with the holder as assignor
    transfers_in: int  # ... as assignee
    as_of: str


@dataclass(frozen=True, slots=True)
class HolderProfile(ToDictMixin):
    key: str
    name: str
    type: str
    type_zh: str
    type_reason: str
    is_sme: bool | None
    sme_reason: str | None
    region: dict[str, str | None]  # {"code", "name"}
    aliases: tuple[str, ...]
    matched_by: str  # key / name / alias
    portfolio: Portfolio
    also_matched: tuple[str, ...]  # other holders the name resolves to (keys)


def resolve_holder(store: GraphStore, name: str, key: str) -> tuple[HolderView, str, tuple[str, ...]]:
    """The holder a name resolves to, how it matched, and other holders it also names.

    An exact key match wins, then an exact name, then a recorded spelling (alias)."""
    views = store.holders_named(key, name.strip())
    if not views:
        raise HolderNotFoundError(name, closest_names(store, name))
    ranked = sorted(views, key=lambda v: (v.key != key, v.name != name.strip(), v.key))
    best = ranked[0]
    how = "key" if best.key == key else "name" if best.name == name.strip() else "alias"
    return best, how, tuple(v.key for v in ranked[1:])


def closest_names(store: GraphStore, name: str, n: int = CLOSEST_NAMES) -> tuple[str, ...]:
    """Recorded names containing the query first (shortest first), then the most similar ones."""
    wanted = name.strip()
    names = sorted({h.name for h in store.holder_names()})
    containing = sorted((x for x in names if wanted and wanted in x), key=lambda x: (len(x), x))
    similar = difflib.get_close_matches(wanted, names, n=n, cutoff=CLOSEST_CUTOFF)
    return tuple(dict.fromkeys([*containing, *similar]))[:n]


def holder_profile(store: GraphStore, name: str, key: str, as_of: date | None = None) -> HolderProfile:
    view, how, others = resolve_holder(store, name, key)
    return HolderProfile(
        key=view.key,
        name=view.name,
        type=view.holder_type.value,
        type_zh=HOLDER_TYPE_ZH[view.holder_type.value],
        type_reason=view.type_reason,
        is_sme=view.is_sme,
        sme_reason=view.sme_reason,
        region={"code": view.region_code, "name": region_name(view.region_code)},
        aliases=view.aliases,
        matched_by=how,
        portfolio=portfolio(store, view, as_of),
        also_matched=others,
    )


def portfolio(store: GraphStore, view: HolderView, as_of: date | None = None) -> Portfolio:
    held = list(store.patent_facts(PatentFilter(holder_keys=(view.key,))))
    day = analysis_date(store, as_of)[0] if held else as_of
    sleeping = high_value = 0
    if held and day is not None:
        sleeping = len(screen_sleeping_patents(store, day, SleepingPatentFilter(holder_keys=(view.key,))))
        report = find_high_value_patents(store, day, PatentFilter(holder_keys=(view.key,)))
        high_value = sum(1 for a in report.patents if a.is_high_value)
    transfers = store.events(EventFilter(kinds=(LegalEventKind.TRANSFER,), holder_keys=(view.key,)))
    return Portfolio(
        patents=len(held),
        applied_or_held=view.patent_count,
        valid=sum(1 for f in held if f.is_valid is True),
        inventions=sum(1 for f in held if f.patent_type is PatentType.INVENTION),
        sleeping=sleeping,
        high_value=high_value,
        transfers_out=sum(1 for e in transfers if any(h.key == view.key for h in e.from_holders)),
        transfers_in=sum(1 for e in transfers if any(h.key == view.key for h in e.to_holders)),
        as_of=day.isoformat() if day else "",
    )

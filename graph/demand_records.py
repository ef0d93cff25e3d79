"""Records of the SME technology-demand registry (中小企业技术需求库).

A ``DemandRecord`` is one need an SME registered (需求征集); ``DemandMatchRecord`` is one
candidate patent or holder the matching found for it, with the ingest run that first found it,
so "what is new for my demand since ..." is a filter on the recorded matches.
Dates and times are ISO strings (UTC for times) so both stores compare them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DemandStatus(StrEnum):
    OPEN = "open"  # 征集中: matched again after every ingest
    CLOSED = "closed"  # 已关闭: kept with its matches, no longer matched


DEMAND_STATUS_ZH = {DemandStatus.OPEN: "征集中", DemandStatus.CLOSED: "已关闭"}


class MatchKind(StrEnum):
    PATENT = "patent"  # 候选专利
    HOLDER = "holder"  # 候选权利人 (供给方)


@dataclass(frozen=True, slots=True)
class DemandRecord:
    demand_id: str  # DEM-YYYYMMDD-xxxxxx, stable
    need: str  # the need in the SME's words (需求描述)
    sme: str  # the SME's name (需求方)
    status: DemandStatus
    created: str  # ISO UTC time
    terms: tuple[str, ...] = ()  # the need's query terms (segmented when registered)
    sme_key: str | None = None  # the SME's holder key when the graph knows it
    region_code: str | None = None  # the SME's NBS region code
    chain_node: str | None = None  # chain node key, when the SME knows it
    contact: str | None = None  # 联系人/电话/邮箱 as given
    updated: str | None = None
    closed: str | None = None
    close_reason: str | None = None
    match_runs: tuple[str, ...] = ()  # ingest run ids the demand was matched at, in order


@dataclass(frozen=True, slots=True)
class DemandMatchRecord:
    """One candidate of one matching; ``target`` is a pub_no or a holder key."""

    kind: MatchKind
    target: str
    score: float
    rank: int  # 1 = best of its kind in this matching
    holder_key: str | None = None  # patents: the candidate holder offering it


@dataclass(frozen=True, slots=True)
class DemandMatchView:
    """A recorded candidate: first found by ``first_run`` at ``first_seen``, last by ``last_run``."""

    kind: MatchKind
    target: str
    name: str  # patent title / holder name
    score: float
    rank: int
    holder_key: str | None
    first_run: str
    first_seen: str
    last_run: str
    last_seen: str

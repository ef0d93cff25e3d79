"""One synthetic patent before it becomes an export row (专利草稿 -> 导出行).

``complete_draft`` fills every generated part of a draft whose text and applicant are already
set (dates, numbers, status, events, inventors, agent, citations, family); ``draft_row`` renders
the 62 cells. Demo and scale generators share both, so the consistency rules live in one place.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tools.synthetic.export import SYNTHETIC_FIELD_NAMES
from tools.synthetic.legal_events import BulkDeal, Counterparts, EventPlan, format_events, plan_events
from tools.synthetic.lifecycle import Lifecycle, plan_lifecycle
from tools.synthetic.numbering import NumberAllocator, ymd

APPLICANT_TYPE = {
    "univ": "大专院校", "inst": "科研机构", "soe": "企业", "ent": "企业", "sme": "企业",
    "foreign": "企业", "indiv": "个人", "other": "机关团体",
}  # fmt: skip
_CLAIM_LEAD_RE = re.compile(
    r"^(本发明|本实用新型|本申请|本公开|本发明实施例)?(公开|提供|涉及|属于|披露|提出)了?"
)
_FIELD_ORDER = {name: i for i, name in enumerate(SYNTHETIC_FIELD_NAMES)}


class CitedPool:
    """A bounded ring of earlier publications that later inventions may cite (引证专利)."""

    def __init__(self, size: int = 4096) -> None:
        self._items: list[tuple[int, str]] = []
        self._size = size
        self._next = 0

    def add(self, day: int, pub_no: str) -> None:
        if len(self._items) < self._size:
            self._items.append((day, pub_no))
        else:
            self._items[self._next] = (day, pub_no)
            self._next = (self._next + 1) % self._size

    def pick(self, rng: random.Random, before: int, count: int) -> list[str]:
        if not self._items:
            return []
        tries = [self._items[rng.randrange(len(self._items))] for _ in range(count * 2)]
        return sorted({pub for day, pub in tries if day < before})[:count]


@dataclass(slots=True)
class Applicant:
    """A holder as the export shows it: name, kind, address, 国省代码, inventor team, agency."""

    name: str
    kind: str  # univ inst soe ent sme indiv foreign other
    address: str
    region_label: str
    city_short: str
    team: list[str]
    agency: str
    agents: list[str]
    bulk: BulkDeal | None = None


@dataclass(slots=True)
class PatentDraft:
    seq: int
    kind: str  # A (invention), U (utility model), S (design)
    title: str
    abstract: str
    applicant: Applicant
    app_day: int
    ipc: list[str]
    synthetic: set[str]
    claims: str = ""
    life: Lifecycle | None = None
    app_no: str = ""
    pub_no: str = ""
    grant_no: str = ""
    inventors: list[str] = field(default_factory=list)
    events: EventPlan | None = None
    citations: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)


def synthesise_claim(title: str, abstract: str) -> str:
    """主权项 in claim-1 form built from the title and the abstract's body."""
    sentences = [s for s in re.split(r"[。；]", abstract) if s]
    body = sentences[1] if len(sentences) > 1 else (sentences[0] if sentences else "")
    body = _CLAIM_LEAD_RE.sub("", body).lstrip("，,：:")
    if body.startswith("一种") and "，" in body:  # "一种X，包括A、B" -> "A、B"
        body = body.split("，", 1)[1]
    body = re.sub(r"^(其|该\S{0,12}?)?(包括|包含|由)[：:]?", "", body)[:180]
    subject = title if title.startswith("一种") else f"一种{title}"
    joint = "包括以下步骤：" if "方法" in title[-6:] else "包括："
    return f"1.{subject}，其特征在于，{joint}{body}。"


def complete_draft(
    draft: PatentDraft,
    rng: random.Random,
    numbers: NumberAllocator,
    others: Counterparts,
    data_day: int,
    cited_pool: CitedPool,
) -> None:
    """Fill dates, numbers, status, events, inventors, claims, citations and family."""
    holder = draft.applicant
    draft.life = life = plan_lifecycle(rng, draft.kind, draft.app_day, holder.kind, data_day)
    draft.app_no = numbers.application_number(draft.kind, draft.app_day)
    draft.pub_no = numbers.publication_number(draft.kind, life.pub_day)
    if life.grant_day is not None:
        draft.grant_no = draft.pub_no[:-1] + "B" if draft.kind == "A" else draft.pub_no
    size = rng.choice((1, 2, 2, 3, 3, 4, 5, 6)) if holder.kind != "indiv" else rng.choice((1, 1, 2))
    draft.inventors = (
        [holder.name] if holder.kind == "indiv" else rng.sample(holder.team, min(size, len(holder.team)))
    )
    if not draft.claims and draft.kind != "S":
        draft.claims = synthesise_claim(draft.title, draft.abstract)
    draft.events = plan_events(
        rng, holder.name, holder.kind, life.grant_day, life.lapse_day, life.lapse_reason, data_day,
        others, holder.bulk,
    )  # fmt: skip
    if draft.kind == "A" and rng.random() < 0.4:
        draft.citations = cited_pool.pick(rng, draft.app_day, rng.randint(1, 5))
    cited_pool.add(life.pub_day, draft.pub_no)
    abroad = {"foreign": 0.35, "ent": 0.06, "soe": 0.03, "univ": 0.02}.get(holder.kind, 0.0)
    if draft.kind == "A" and rng.random() < abroad:
        year = ymd(life.pub_day)[:4]
        own = [draft.pub_no] + ([draft.grant_no] if draft.grant_no else [])
        draft.family = [
            *own,
            f"WO{year}{rng.randint(100000, 299999)}A1",
            f"US{year}0{rng.randint(100000, 399999)}A1",
        ]


def draft_row(draft: PatentDraft) -> list[str]:
    """The 62 cells of the export row (61 columns + 合成字段)."""
    life, holder, plan = draft.life, draft.applicant, draft.events
    assert life is not None and plan is not None
    granted = life.grant_day is not None
    type_text = {"A": "发明公开;发明授权" if granted else "发明公开", "U": "实用新型", "S": "外观设计"}[
        draft.kind
    ]
    inventors = ";".join(draft.inventors)
    transfers, licences, pledges = plan.counts
    agent = holder.agents[draft.seq % len(holder.agents)]
    row = [
        str(draft.seq), ymd(draft.app_day), ymd(life.pub_day), ymd(life.grant_day) if granted else "",
        holder.name, inventors, draft.app_no, draft.pub_no, draft.grant_no, type_text,
        draft.title, draft.title if granted else "", draft.abstract, draft.claims, holder.address,
        life.status, draft.ipc[0], ";".join(draft.ipc), holder.region_label, agent, holder.agency,
        "", "", "0", f"查看{draft.app_no}", draft.inventors[0], holder.name, APPLICANT_TYPE[holder.kind],
        inventors, plan.holders, holder.address, agent, holder.agency, "", format_events(plan),
        ";".join(draft.citations), "", str(len(draft.citations)), ";".join(draft.family),
        str(transfers), str(licences), str(pledges), str(len(draft.family)) if draft.family else "",
        plan.dates("transfer"), ymd(life.lapse_day) if life.lapse_day else "0", plan.dates("pledge"),
        plan.dates("licence"), "", "", "", "", "", "", "", "", "", "", "", "", "0",
        ymd(life.exam_day) if life.exam_day else "0",
        ",".join(sorted(draft.synthetic, key=_FIELD_ORDER.__getitem__)),
    ]  # fmt: skip
    return row

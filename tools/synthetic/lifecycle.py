"""A patent's life in dates (申请-公开-授权-失效) and its legal status (法律状态), seeded.

Rules kept: app < pub <= grant; an invention (发明) is published 3-18 months after filing and
granted 2-4 years after filing, or rejected (驳回) / deemed withdrawn (视为撤回), or still pending
at the data cut-off; a utility model (实用新型) is published and granted together 5-12 months after
filing; designs (外观设计) 4-10 months. Granted patents lapse for unpaid annuities (未缴年费) at
an anniversary of filing with a yearly hazard by holder kind, or expire at the end of the term.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tools.synthetic.numbering import add_months, next_gazette_day, ordinal


def _between(rng: random.Random, low: int, high: int) -> int:
    """Like ``randint`` (both ends included) at a fraction of the cost."""
    return low + int(rng.random() * (high - low + 1))


# Yearly chance of dropping the annuity, by holder kind (universities and individuals drop more).
_LAPSE_HAZARD = {
    "A": {
        "univ": 0.09,
        "inst": 0.07,
        "soe": 0.04,
        "ent": 0.05,
        "sme": 0.09,
        "indiv": 0.18,
        "foreign": 0.04,
        "other": 0.08,
    },
    "U": {
        "univ": 0.2,
        "inst": 0.15,
        "soe": 0.08,
        "ent": 0.1,
        "sme": 0.15,
        "indiv": 0.28,
        "foreign": 0.1,
        "other": 0.15,
    },
    "S": {
        "univ": 0.2,
        "inst": 0.2,
        "soe": 0.1,
        "ent": 0.12,
        "sme": 0.18,
        "indiv": 0.3,
        "foreign": 0.1,
        "other": 0.2,
    },
}
_DESIGN_TERM_CHANGE = ordinal(2021, 6, 1)  # Patent Law 2020: design term 10 -> 15 years


@dataclass(slots=True)
class Lifecycle:
    pub_day: int
    grant_day: int | None
    exam_day: int | None  # 实质审查生效日 (inventions)
    status: str  # 法律状态, incoPat wording
    lapse_day: int | None  # 失效日期
    lapse_reason: str | None  # unpaid | expired | rejected | withdrawn

    @property
    def in_force_until(self) -> int | None:
        """Last day the granted right is in force (None when never granted)."""
        if self.grant_day is None:
            return None
        return self.lapse_day - 1 if self.lapse_day is not None else None


def plan_lifecycle(rng: random.Random, kind: str, app_day: int, holder_kind: str, data_day: int) -> Lifecycle:
    """Dates and status for a patent of ``kind`` A/U/S filed on ``app_day``, as of ``data_day``."""
    if kind == "A":
        return _invention(rng, app_day, holder_kind, data_day)
    delay = _between(rng, 150, 365) if kind == "U" else _between(rng, 120, 300)
    pub = next_gazette_day(app_day + delay)
    term_years = 10 if kind == "U" or app_day < _DESIGN_TERM_CHANGE else 15
    return _maintain(rng, kind, app_day, pub, pub, None, holder_kind, data_day, term_years)


def _invention(rng: random.Random, app_day: int, holder_kind: str, data_day: int) -> Lifecycle:
    early = rng.random() < 0.55  # Chinese applicants often ask for early publication (提前公开)
    pub = next_gazette_day(app_day + (_between(rng, 90, 300) if early else _between(rng, 540, 560)))
    exam = pub + _between(rng, 10, 120)
    exam_day = exam if exam <= data_day else None
    decision = app_day + _between(rng, 730, 1460)
    outcome = rng.random()
    if decision > data_day or exam_day is None:
        status = "审中-实质审查" if exam_day is not None else "审中-公开"
        return Lifecycle(pub, None, exam_day, status, None, None)
    if outcome < 0.14:
        return Lifecycle(pub, None, exam_day, "无权-驳回", decision, "rejected")
    if outcome < 0.26:
        return Lifecycle(pub, None, exam_day, "无权-视为撤回", decision, "withdrawn")
    grant = next_gazette_day(max(decision, pub + 60))
    if grant > data_day:
        return Lifecycle(pub, None, exam_day, "审中-实质审查", None, None)
    return _maintain(rng, "A", app_day, pub, grant, exam_day, holder_kind, data_day, 20)


def _maintain(
    rng: random.Random,
    kind: str,
    app_day: int,
    pub: int,
    grant: int,
    exam_day: int | None,
    holder_kind: str,
    data_day: int,
    term_years: int,
) -> Lifecycle:
    if grant > data_day:
        return Lifecycle(pub, None, exam_day, "审中-公开", None, None)
    hazard = _LAPSE_HAZARD[kind].get(holder_kind, 0.1)
    years = 1
    while True:
        anniversary = add_months(app_day, 12 * years)
        if years >= term_years:
            if anniversary <= data_day:
                return Lifecycle(pub, grant, exam_day, "无权-期限届满", anniversary, "expired")
            break
        if anniversary > data_day:
            break
        if anniversary > grant + 90 and rng.random() < hazard:
            return Lifecycle(pub, grant, exam_day, "无权-未缴年费", anniversary, "unpaid")
        years += 1
    return Lifecycle(pub, grant, exam_day, "有权-审定授权", None, None)

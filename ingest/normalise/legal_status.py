"""Legal status (法律状态) -> (raw wording, is_valid).

incoPat writes ``有权-审定授权`` / ``无权-未缴年费`` / ``审中-实质审查``; PatSnap and CNIPA write
``有效`` / ``失效`` / ``授权`` / ``实质审查`` / ``权利终止`` / ``PCT有效期内``. Rules are checked in order,
so ``部分无效`` (still partly in force) is valid before ``无效`` makes a patent invalid, and the PCT
wordings are read before ``有效``. Unknown wording gives ``None`` (the caller warns).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalise.text import clean_cell

_RULES: tuple[tuple[re.Pattern[str], bool | None], ...] = (
    (re.compile(r"^有权"), True),
    (re.compile(r"^无权"), False),
    (re.compile(r"^审中"), None),
    (re.compile(r"PCT.*有效期内|PCT.*国际公布"), None),
    (re.compile(r"PCT.*(有效期满|未进入)"), False),
    (re.compile(r"部分无效"), True),
    (re.compile(r"失效|未缴年费|期限届满|期满|撤回|驳回|无效|放弃|终止|届满|避免重复授权"), False),
    (re.compile(r"有效|授权|权利维持|专利权维持|恢复"), True),
    (re.compile(r"审中|实质审查|公开|公布|受理|申请"), None),
)


@lru_cache(maxsize=1024)
def _rule(raw: str) -> tuple[bool | None, bool]:
    for pattern, is_valid in _RULES:
        if pattern.search(raw):
            return is_valid, True
    return None, False


def parse_legal_status(value: object) -> tuple[str | None, bool | None]:
    """(raw wording, is_valid); ``is_valid`` None means pending (审中) or unknown wording."""
    raw = clean_cell(value)
    return (raw, _rule(raw)[0]) if raw is not None else (None, None)


def is_recognised_status(raw: str) -> bool:
    """Whether a rule knows this wording (the mapper warns about the rest)."""
    return _rule(raw)[1]

"""Publication and application numbers (公开号 / 申请号) and the patent type (专利类型).

- publication numbers: ``CN218751475U``, ``CN 218751475 U``, ``cn218751475u`` -> ``CN218751475U``;
  a bare number without a country code is taken as Chinese (CN).
- application numbers: ``CN202223220665.2``, ``CN2022232206652``, ``202223220665.2``,
  ``ZL202223220665.2`` -> ``CN202223220665.2``. The CNIPA check digit (weights 2..9,2..5 mod 11,
  10 = X) is verified, or appended when only the 12 (or 8) digit body is given.
- patent type: from 专利类型 text (发明申请/发明公开/发明授权/发明/实用新型/外观设计), the kind code
  (A/B/C invention, U/Y utility model, S/D design) or the application number's type digit.
"""

from __future__ import annotations

import re

from graph.models import PatentType
from ingest.normalise.text import to_halfwidth

_PUB_RE = re.compile(r"([A-Z]{2})?(\d{5,13})([A-Z]\d?)?")
_APP_RE = re.compile(r"(?:ZL|CN)?(\d{8}|\d{12})\.?([\dX])?")
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

KIND_TYPES: dict[str, PatentType] = {
    "A": PatentType.INVENTION,
    "B": PatentType.INVENTION,
    "C": PatentType.INVENTION,
    "U": PatentType.UTILITY_MODEL,
    "Y": PatentType.UTILITY_MODEL,
    "S": PatentType.DESIGN,
    "D": PatentType.DESIGN,
}
# Checked in order: 实用新型 before 发明 because "实用新型" never contains 发明 but wording may vary.
_TYPE_WORDS: tuple[tuple[str, PatentType], ...] = (
    ("实用新型", PatentType.UTILITY_MODEL),
    ("外观设计", PatentType.DESIGN),
    ("外观", PatentType.DESIGN),
    ("发明", PatentType.INVENTION),
    ("invention", PatentType.INVENTION),
    ("utility", PatentType.UTILITY_MODEL),
    ("design", PatentType.DESIGN),
)
# 5th digit of a post-2003 application number: 1/8 invention, 2/9 utility model, 3 design.
_APP_TYPE_DIGIT = {
    "1": PatentType.INVENTION,
    "8": PatentType.INVENTION,
    "2": PatentType.UTILITY_MODEL,
    "9": PatentType.UTILITY_MODEL,
    "3": PatentType.DESIGN,
}


def _compact(value: str) -> str:
    return re.sub(r"[\s\-_]", "", to_halfwidth(value)).upper()


def normalise_pub_no(value: str) -> str:
    """公开(公告)号 in the canonical form ``CN218751475U``; ValueError if it does not parse."""
    text = _compact(value)
    match = _PUB_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a publication number: {value!r}")
    country, number, kind = match.groups()
    return f"{country or 'CN'}{number}{kind or ''}"


def kind_code(pub_no: str) -> str | None:
    """The kind code (A, B, U, S, B1 ...) of a normalised publication number, if any."""
    match = _PUB_RE.fullmatch(pub_no)
    return match.group(3) if match else None


def cn_check_digit(body: str) -> str:
    """CNIPA application-number check digit for an 8 or 12 digit body."""
    weights = _WEIGHTS if len(body) == 12 else _WEIGHTS[:8]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def normalise_app_no(value: str) -> str:
    """申请号 as ``CN202223220665.2``; ValueError on a bad form or a wrong check digit."""
    text = _compact(value)
    match = _APP_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a CN application number: {value!r}")
    body, check = match.groups()
    expected = cn_check_digit(body)
    if check is not None and check != expected:
        raise ValueError(f"application number {value!r}: check digit {check} should be {expected}")
    return f"CN{body}.{expected}"


def patent_type_from_text(value: str) -> PatentType:
    """专利类型 wording -> PatentType; several values (发明公开;发明授权) must agree."""
    found: set[PatentType] = set()
    for part in re.split(r"[;；,，、/|]", to_halfwidth(value).lower()):
        part = part.strip()
        if not part:
            continue
        for word, patent_type in _TYPE_WORDS:
            if word in part:
                found.add(patent_type)
                break
        else:
            raise ValueError(f"unknown patent type {part!r}")
    if len(found) != 1:
        raise ValueError(f"patent type {value!r} names {len(found)} different types")
    return found.pop()


def patent_type_from_kind(kind: str | None) -> PatentType | None:
    """Kind code -> PatentType (A/B/C invention, U/Y utility model, S/D design), None if unknown."""
    return KIND_TYPES.get(kind[0]) if kind else None


def patent_type_from_app_no(app_no: str | None) -> PatentType | None:
    """The type digit of a 12-digit CN application number (CN2022 *2* 3220665.2 -> utility model)."""
    if app_no and len(app_no) >= 15:
        return _APP_TYPE_DIGIT.get(app_no[6])
    return None

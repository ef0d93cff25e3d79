"""Publication and application numbers (公开号 / 申请号) and the patent type their forms imply.

- publication numbers: ``CN218751475U``, ``CN 218751475 U``, ``cn218751475u`` -> ``CN218751475U``;
  a bare number without a country code is taken as Chinese (CN).
- application numbers: ``CN202223220665.2``, ``CN2022232206652``, ``202223220665.2``,
  ``ZL202223220665.2`` -> ``CN202223220665.2``. The CNIPA check digit (weights 2..9,2..5 mod 11,
  10 = X) is verified, or appended when only the 12 (or 8) digit body is given.
- the kind code (A/B/C invention, U/Y utility model, S/D design) and the type digit of a
  post-2003 application number (5th digit: 1/8 invention, 2/9 utility model, 3 design).
"""

from __future__ import annotations

import re
import unicodedata

from graph.models import PatentType

_PUB_RE = re.compile(r"([A-Z]{2})?(\d{5,13})([A-Z]\d?)?")
_APP_RE = re.compile(r"(?:ZL|CN)?(\d{8}|\d{12})\.?([\dX])?")
_CHECK_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

KIND_TYPES: dict[str, PatentType] = {
    "A": PatentType.INVENTION,
    "B": PatentType.INVENTION,
    "C": PatentType.INVENTION,
    "U": PatentType.UTILITY_MODEL,
    "Y": PatentType.UTILITY_MODEL,
    "S": PatentType.DESIGN,
    "D": PatentType.DESIGN,
}
APP_TYPE_DIGITS: dict[str, PatentType] = {
    "1": PatentType.INVENTION,
    "8": PatentType.INVENTION,
    "2": PatentType.UTILITY_MODEL,
    "9": PatentType.UTILITY_MODEL,
    "3": PatentType.DESIGN,
}
_APP_TYPE_DIGIT_AT = 6  # CN + 4-digit year, then the type digit


def _compact(value: str) -> str:
    text = value if value.isascii() else unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s\-_]", "", text).upper()


def normalise_pub_no(value: str) -> str:
    """公开(公告)号 in the canonical form ``CN218751475U``; ValueError if it does not parse."""
    match = _PUB_RE.fullmatch(_compact(value))
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
    weights = _CHECK_WEIGHTS if len(body) == 12 else _CHECK_WEIGHTS[:8]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def normalise_app_no(value: str) -> str:
    """申请号 as ``CN202223220665.2``; ValueError on a bad form or a wrong check digit."""
    match = _APP_RE.fullmatch(_compact(value))
    if match is None:
        raise ValueError(f"not a CN application number: {value!r}")
    body, check = match.groups()
    expected = cn_check_digit(body)
    if check is not None and check != expected:
        raise ValueError(f"application number {value!r}: check digit {check} should be {expected}")
    return f"CN{body}.{expected}"


def patent_type_from_kind(kind: str | None) -> PatentType | None:
    """Kind code -> PatentType (A/B/C invention, U/Y utility model, S/D design), None if unknown."""
    return KIND_TYPES.get(kind[0]) if kind else None


def patent_type_from_app_no(app_no: str | None) -> PatentType | None:
    """The type digit of a 12-digit CN application number (CN2022 *2* 3220665.2 -> utility model)."""
    if app_no and len(app_no) >= 15:
        return APP_TYPE_DIGITS.get(app_no[_APP_TYPE_DIGIT_AT])
    return None

"""Text clean-up shared by the normalisers: full-width -> half-width, whitespace, empty sentinels."""

from __future__ import annotations

import re
import unicodedata

# Cells that mean "no value" in real exports (incoPat writes 0 into empty date columns).
EMPTY_SENTINELS = frozenset({"", "0", "-", "--", "—", "/", "无", "暂无", "null", "none", "nan", "nat", "n/a"})

_SPACE_RE = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEXT_TO_CJK_RE = re.compile(rf"(?<=[{_CJK}()])\s+|\s+(?=[{_CJK}()])")


def to_halfwidth(text: str) -> str:
    """NFKC: full-width letters/digits/brackets become ASCII (（）-> (), Ｈ０１Ｍ -> H01M)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def clean_cell(value: object) -> str | None:
    """A cell as trimmed half-width text, or None when it is empty or an empty sentinel."""
    if value is None:
        return None
    text = to_halfwidth(str(value)).replace("\ufeff", "").strip()
    if text.lower() in EMPTY_SENTINELS:
        return None
    return text


def clean_text(value: object) -> str | None:
    """Free text (title, abstract, claims) trimmed but otherwise as written: Chinese punctuation
    stays full-width for the NLP stage; None when empty."""
    if value is None:
        return None
    text = str(value).replace("\ufeff", "").strip()
    return text or None


def collapse_spaces(text: str) -> str:
    """Drop whitespace next to CJK characters, keep one space between Latin words."""
    text = _SPACE_RE.sub(" ", text.strip())
    return _SPACE_NEXT_TO_CJK_RE.sub("", text)

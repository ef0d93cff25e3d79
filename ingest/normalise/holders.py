"""Applicant / right-holder names (申请人 / 专利权人): splitting a cell, display names, stable keys.

- A cell can hold several names separated by ``;`` ``；`` ``,`` ``，`` ``、`` ``|`` or newlines;
  separators inside brackets (``（一、二）``) do not split, nor does the comma in ``Co., Ltd.``.
- ``normalise_holder_name``: full-width -> half-width (``（）`` -> ``()``), whitespace next to CJK
  removed, single spaces between Latin words. Legal-form suffixes (有限公司 / 有限责任公司 /
  股份有限公司) are kept: they name different legal persons.
- ``holder_key``: the display name case-folded, without spaces, dots and commas, so that
  ``中国矿业大学（北京）`` and ``中国矿业大学 (北京)`` or ``SAMSUNG ELECTRONICS CO.,LTD`` and
  ``Samsung Electronics Co., Ltd.`` share one key. Raw spellings are kept as aliases by the mapper.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalise.text import collapse_spaces, to_halfwidth

_SEPARATORS = frozenset(";,、|\n\r；，｜")
_OPEN, _CLOSE = "([【{<《（［｛〔", ")]】}>》）］｝〕"
# A comma followed by a Latin legal-form word belongs to the name ("Co., Ltd.").
_LATIN_SUFFIX_RE = re.compile(
    r"\s*(ltd|limited|inc|llc|l\.l\.c|corp|corporation|co|gmbh|ag|s\.a|b\.v|n\.v|plc|kg|oy|ab|spa)\b\.?",
    re.IGNORECASE,
)
_KEY_DROP_RE = re.compile(r"[\s.,·•'\"]+")


def split_names(value: object) -> list[str]:
    """Several names in one cell (or a JSON list) -> the individual raw names, in order."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [name for item in value for name in split_names(item)]
    text = str(value)  # split the raw text so that aliases keep their original spelling
    names: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _SEPARATORS and depth == 0:
            if char == "," and _LATIN_SUFFIX_RE.match(text, i + 1):
                continue
            names.append(text[start:i])
            start = i + 1
    names.append(text[start:])
    return [cleaned for name in names if (cleaned := name.strip(" \t;,、；，\u3000"))]


@lru_cache(maxsize=65536)
def normalise_holder_name(raw: str) -> str:
    """Display form of a holder name: half-width, stable brackets and whitespace."""
    return collapse_spaces(to_halfwidth(raw)).strip(" ;,、")


@lru_cache(maxsize=65536)
def holder_key(name: str) -> str:
    """Stable natural key of a holder (see module docstring); never empty for a non-empty name."""
    key = _KEY_DROP_RE.sub("", normalise_holder_name(name)).casefold()
    return key or name.strip()


def inventor_key(name: str, first_holder_key: str | None) -> str:
    """Inventors have no public identifier: name + first holder key (张三@清华大学)."""
    return f"{holder_key(name)}@{first_holder_key or ''}"

"""The patent type (专利类型) from its wording; number forms come from ``graph.codes.patent_numbers``.

Publication / application numbers, the CNIPA check digit, kind codes and the type digit of an
application number are code rules, written once in the rule book and re-exported here for the
ingest mapping.
"""

from __future__ import annotations

import re

from graph.codes.patent_numbers import (
    cn_check_digit,
    kind_code,
    normalise_app_no,
    normalise_pub_no,
    patent_type_from_app_no,
    patent_type_from_kind,
)
from graph.models import PatentType
from ingest.normalise.text import to_halfwidth

__all__ = [
    "cn_check_digit",
    "kind_code",
    "normalise_app_no",
    "normalise_pub_no",
    "patent_type_from_app_no",
    "patent_type_from_kind",
    "patent_type_from_text",
]

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

"""IPC codes (国际专利分类号): canonical form, level, subclass, main group, pattern coverage.

Canonical form has no spaces and no leading zeros in the main group: ``H01M10/052``.
``normalise_ipc`` accepts ``H01M 10/052``, full-width ``Ｈ０１Ｍ１０／０５２``, lower case, a version
suffix ``H01M10/052(2010.01)``, the packed 14-character form ``H01M0010052000`` and its spaced
variant, a bare main group ``H01M10`` (-> ``H01M10/00``), and the coarser levels ``H``, ``H01``,
``H01M``. ``split_ipc_codes`` splits lists on ``;`` ``；`` ``,`` ``，`` ``、`` ``|`` and newlines.

Levels: section ``H``, class ``H01``, subclass ``H01M``, main group ``H01M10/00`` (大组, its stem
``H01M10``), subgroup ``H01M10/052`` (小组).

Chain-node patterns (``ipc_covers``), normalised without spaces: a section, class or subclass
covers every code under it; a main group, written ``H01M4`` or ``H01M4/00``, covers every code of
that main group and nothing else (``A61B1`` covers A61B1/04, not A61B17/00); a subgroup
``H01M10/05`` covers itself and, by digit prefix, its sub-subgroups (H01M10/052, H01M10/0525).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SUBCLASS_LENGTH = 4  # H01M
CLASS_LENGTH = 3  # H01
MAIN_GROUP_SUFFIX = "/00"

# A chain node's IPC pattern as written in data/chains/*.yaml (normalised, no spaces).
PATTERN_RE = re.compile(r"^[A-H]\d{2}[A-Z](\d{1,4}(/\d{2,6})?)?$")
_CODE_RE = re.compile(r"([A-H])(?:(\d{2})(?:([A-Z])(?:(\d{1,4})(?:/(\d{1,6}))?)?)?)?")
_PACKED_RE = re.compile(r"([A-H]\d{2}[A-Z])(\d{4})(\d{6})")
_ONE_IN_MANY_RE = re.compile(r"[A-H]\d{2}[A-Z]\d{1,4}/\d{2,6}")
_VERSION_RE = re.compile(r"\(\d{4}\.\d{2}\)|\[\d{4}\.\d{2}\]")
_LIST_SPLIT_RE = re.compile(r"[;,、|\n]+")
_SPACE_RE = re.compile(r"\s+")


def _halfwidth(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def normalise_ipc(value: str) -> str:
    """One IPC code in canonical form; ValueError when it is not an IPC code."""
    text = _SPACE_RE.sub("", _VERSION_RE.sub("", _halfwidth(value)).upper())
    if packed := _PACKED_RE.fullmatch(text):
        head, group, sub = packed.groups()
        return f"{head}{int(group)}/{sub.rstrip('0').ljust(2, '0')}"
    match = _CODE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not an IPC code: {value!r}")
    section, klass, subclass, group, sub = match.groups()
    if group is None:
        return f"{section}{klass or ''}{subclass or ''}"
    if sub is not None and len(sub) < 2:
        raise ValueError(f"IPC code {value!r}: subgroup needs at least two digits")
    return f"{section}{klass}{subclass}{int(group)}/{sub or '00'}"


def split_ipc_codes(value: object) -> tuple[str, ...]:
    """A cell (or JSON list) of IPC codes -> canonical codes in order, duplicates dropped."""
    parts: Iterable[object]
    parts = value if isinstance(value, list | tuple) else _LIST_SPLIT_RE.split(_halfwidth(str(value)))
    codes: dict[str, None] = {}
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        try:
            codes[normalise_ipc(text)] = None
        except ValueError:
            # Codes glued together or separated by spaces only: "H01M10/052 H01M4/13".
            squeezed = _SPACE_RE.sub("", _VERSION_RE.sub("", text.upper()))
            found = _ONE_IN_MANY_RE.findall(squeezed)
            if not found or "".join(found) != squeezed:
                raise
            codes.update((normalise_ipc(code), None) for code in found)
    return tuple(codes)


def ipc_level(code: str) -> str:
    """section / class / subclass / group / subgroup of a canonical code (as in ``IpcRecord``)."""
    if "/" in code:
        return "group" if code.endswith(MAIN_GROUP_SUFFIX) else "subgroup"
    return {1: "section", CLASS_LENGTH: "class", SUBCLASS_LENGTH: "subclass"}.get(len(code), "group")


def ipc_subclass(code: str) -> str | None:
    """``H01M10/052`` -> ``H01M``; ``None`` for a section or class."""
    return code[:SUBCLASS_LENGTH] if len(code) >= SUBCLASS_LENGTH else None


def main_group(code: str) -> str:
    """The main-group stem (``H01M10/052`` -> ``H01M10``); a coarser code is its own stem."""
    return code.split("/", 1)[0]


def main_group_code(code: str) -> str | None:
    """The code of the code's main group (``H01M10/052`` -> ``H01M10/00``); ``None`` when coarser."""
    stem = main_group(code)
    return stem + MAIN_GROUP_SUFFIX if len(stem) > SUBCLASS_LENGTH else None


def is_main_group(code: str) -> bool:
    """Whether the code is a main group itself (``H01M10/00``)."""
    return "/" in code and code.endswith(MAIN_GROUP_SUFFIX)


def ipc_ancestors(code: str) -> list[str]:
    """The code, its main group, subclass, class and section, most specific first."""
    chain = [code]
    if (group := main_group_code(code)) is not None:
        chain.append(group)
    chain.extend(code[:n] for n in (SUBCLASS_LENGTH, CLASS_LENGTH, 1) if n < len(code))
    return list(dict.fromkeys(chain))


def ipc_covers(pattern: str, code: str) -> bool:
    """Whether a chain node's IPC pattern covers a patent's canonical IPC code (see module doc)."""
    stem, slash, sub = pattern.partition("/")
    if len(stem) > SUBCLASS_LENGTH and (not slash or sub == MAIN_GROUP_SUFFIX[1:]):
        return main_group(code) == stem
    return code.startswith(pattern)


def covering_hits(patterns: Iterable[str], codes: Iterable[str]) -> list[str]:
    """The codes (sorted, unique) that at least one of the patterns covers."""
    wanted = list(patterns)
    return sorted({code for code in codes if any(ipc_covers(p, code) for p in wanted)})

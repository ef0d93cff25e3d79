"""IPC codes (国际专利分类号): one canonical form and the Chinese titles of the IPC 2026 scheme.

Canonical form has no spaces and no leading zeros in the main group: ``H01M10/052``.
Accepted: ``H01M 10/052``, full-width ``Ｈ０１Ｍ１０／０５２``, lower case, a version suffix
``H01M10/052(2010.01)``, the packed 14-character form ``H01M0010052000`` and its spaced variant,
a bare main group ``H01M10`` (-> ``H01M10/00``), and the coarser levels ``H``, ``H01``, ``H01M``.
Lists are split on ``;`` ``；`` ``,`` ``，`` ``、`` ``|`` and newlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.normalise.text import to_halfwidth

_CODE_RE = re.compile(r"([A-H])(?:(\d{2})(?:([A-Z])(?:(\d{1,4})(?:/(\d{1,6}))?)?)?)?")
_PACKED_RE = re.compile(r"([A-H]\d{2}[A-Z])(\d{4})(\d{6})")
_ONE_IN_MANY_RE = re.compile(r"[A-H]\d{2}[A-Z]\d{1,4}/\d{2,6}")
_VERSION_RE = re.compile(r"\(\d{4}\.\d{2}\)|\[\d{4}\.\d{2}\]")
_LIST_SPLIT_RE = re.compile(r"[;,、|\n]+")


def normalise_ipc(value: str) -> str:
    """One IPC code in canonical form; ValueError when it is not an IPC code."""
    text = _VERSION_RE.sub("", to_halfwidth(value)).upper()
    text = re.sub(r"\s+", "", text)
    if packed := _PACKED_RE.fullmatch(text):
        head, group, sub = packed.groups()
        sub = sub.rstrip("0").ljust(2, "0")
        return f"{head}{int(group)}/{sub}"
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
    parts = value if isinstance(value, list | tuple) else _LIST_SPLIT_RE.split(to_halfwidth(str(value)))
    codes: dict[str, None] = {}
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        try:
            codes[normalise_ipc(text)] = None
        except ValueError:
            # Codes glued together or separated by spaces only: "H01M10/052 H01M4/13".
            squeezed = re.sub(r"\s+", "", _VERSION_RE.sub("", text.upper()))
            found = _ONE_IN_MANY_RE.findall(squeezed)
            if not found or "".join(found) != squeezed:
                raise
            codes.update((normalise_ipc(code), None) for code in found)
    return tuple(codes)


def ipc_level(code: str) -> str:
    """section / class / subclass / group / subgroup, as in graph.models.IpcRecord."""
    if "/" in code:
        return "group" if code.endswith("/00") else "subgroup"
    return {1: "section", 3: "class", 4: "subclass"}.get(len(code), "group")


@dataclass(frozen=True, slots=True)
class IpcEntry:
    code: str
    level: str
    title_zh: str
    parent: str | None


class IpcScheme:
    """IPC 2026 Chinese titles and parents (IPC 分类表), keyed by canonical code."""

    def __init__(self, entries: Iterable[IpcEntry]) -> None:
        self._entries = {entry.code: entry for entry in entries}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def get(self, code: str) -> IpcEntry | None:
        return self._entries.get(code)

    def entries(self) -> list[IpcEntry]:
        return list(self._entries.values())

    def nearest_known(self, code: str) -> str | None:
        """The code itself if the scheme has it, else its main group, subclass, class or section."""
        for candidate in _ancestors(code):
            if candidate in self._entries:
                return candidate
        return None

    def title(self, code: str) -> str | None:
        """Chinese title of the code or of its nearest known ancestor."""
        known = self.nearest_known(code)
        return self._entries[known].title_zh if known else None


def _ancestors(code: str) -> list[str]:
    """The code, its main group (``/00``), subclass, class and section, most specific first."""
    chain = [code]
    if "/" in code:
        chain.append(code.split("/")[0] + "/00")
    chain.extend(code[:n] for n in (4, 3, 1) if n < len(code))
    return list(dict.fromkeys(chain))

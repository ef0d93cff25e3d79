"""The IPC scheme (IPC 分类表): Chinese titles and parents of the IPC 2026 edition.

Code forms (canonical code, lists, level, main group) are rules of ``graph.codes.ipc``,
re-exported here for the ingest mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.codes.ipc import ipc_ancestors, ipc_level, normalise_ipc, split_ipc_codes

__all__ = ["IpcEntry", "IpcScheme", "ipc_level", "normalise_ipc", "split_ipc_codes"]


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
        for candidate in ipc_ancestors(code):
            if candidate in self._entries:
                return candidate
        return None

    def title(self, code: str) -> str | None:
        """Chinese title of the code or of its nearest known ancestor."""
        known = self.nearest_known(code)
        return self._entries[known].title_zh if known else None

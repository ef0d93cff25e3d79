"""Progress and test hooks for an ingest run, and the per-stage clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from ingest.reconcile import FileReport

T = TypeVar("T")
R = TypeVar("R")

# The report's names: "normalise" is the map stage, "nlp" the enrich stage, "index" the indexes
# and counts a first load into an empty embedded store builds at its end.
STAGES = ("reference", "read", "normalise", "dedupe", "nlp", "load", "index")


class IngestObserver(Protocol):
    """Hooks of a run; the CLI draws a progress bar from them and tests inject crashes.

    Subclass it to inherit the no-op defaults, or implement every method (structural typing).
    """

    def file_started(self, path: Path, size_bytes: int) -> None:
        """A file is about to be read."""
        return None

    def rows_processed(self, path: Path, rows: int) -> None:
        """``rows`` more rows of ``path`` are accounted for (their batch is committed)."""
        return None

    def batch_written(self, path: Path, batch_index: int) -> None:
        """A batch is in the store but its checkpoint is not yet committed."""
        return None

    def batch_committed(self, path: Path, batch_index: int) -> None:
        """A batch and its checkpoint are committed."""
        return None

    def file_finished(self, report: FileReport) -> None:
        """A file is done (loaded, resumed, skipped, failed or dry run)."""
        return None


class NullObserver(IngestObserver):
    """The default: every hook does nothing."""


@dataclass(slots=True)
class StageClock:
    """Seconds spent per stage, accumulated over the run."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def timed(self, items: Iterator[T], name: str) -> Iterator[T]:
        """Re-yield ``items``, charging the time spent producing each one to ``name``."""
        while True:
            start = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            yield item

    def each(self, items: Iterable[T], name: str, stage: Callable[[T], R]) -> Iterator[R]:
        """``stage`` applied lazily to each item, its time charged to ``name``."""
        for item in items:
            with self.stage(name):
                result = stage(item)
            yield result

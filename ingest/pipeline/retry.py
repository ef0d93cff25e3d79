"""Retry by type (按错误类型重试): a store call that fails with a ``TransientError`` is repeated a
bounded number of times with exponential backoff; any other failure is terminal at once and
becomes an ``IngestStoreError`` naming the file and rows, which stops the run.

Nothing is retried twice: the Neo4j driver's managed transactions (``execute_read`` /
``execute_write``) already retry the driver's transient errors for up to 30 s, and SQLite waits
out a busy database for the embedded store's ``busy_timeout``; what they let through is not a
``TransientError``, so it is not repeated here. A dozen lines of loop did not justify a
dependency (tenacity) for this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from graph.errors import IngestStoreError, TransientError

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` calls in all; waits first_delay_s, then x multiplier each time (0.5, 2, 8 s)."""

    attempts: int = 4
    first_delay_s: float = 0.5
    multiplier: float = 4.0
    sleep: Callable[[float], None] = time.sleep

    def delays(self) -> list[float]:
        return [self.first_delay_s * self.multiplier**n for n in range(max(0, self.attempts - 1))]

    def call(self, operation: Callable[[], T], what: str) -> T:
        """``operation()``, repeated after each ``TransientError`` until the attempts run out."""
        for attempt, delay in enumerate(self.delays(), start=1):
            try:
                return operation()
            except TransientError as exc:
                retries = self.attempts - 1
                logger.warning("%s: %s; retry %d of %d in %.1fs", what, exc, attempt, retries, delay)
                self.sleep(delay)
        return operation()


def store_call(policy: RetryPolicy, operation: Callable[[], T], what: str) -> T:
    """``policy.call``; a failure that is left becomes ``IngestStoreError`` naming ``what``."""
    try:
        return policy.call(operation, what)
    except TransientError as exc:
        raise IngestStoreError(
            f"{what}: 图存储暂时不可用, 重试 {policy.attempts} 次仍失败 "
            f"(store failed {policy.attempts} times: {exc})"
        ) from exc
    except Exception as exc:  # terminal: whatever the backend raised, with the file and rows named
        raise IngestStoreError(f"{what}: 图存储操作失败 (store failed: {type(exc).__name__}: {exc})") from exc

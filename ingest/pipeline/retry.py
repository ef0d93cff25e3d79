"""Retry by type (按错误类型重试): a store call of the ingest (each batch commit, the duplicate
probe, reference data) that fails with a ``TransientError`` or because the store is unreachable
(``StoreUnavailableError``: Neo4j down or restarting) is repeated a bounded number of times, with
exponential backoff and jitter (``tenacity``), one Chinese log line per retry. Any other failure
is terminal at once. What is left becomes an ``IngestStoreError`` naming the file and rows; the
run stops and its report counts what was committed.

The Neo4j driver's managed transactions retry for ``max_transaction_retry_time`` (30 s) before
the store says it is unavailable; this wrapper gives an outage a longer window
(``PATENTNAV_INGEST_RETRY_ATTEMPTS`` x up to ``PATENTNAV_INGEST_RETRY_MAX_WAIT_S``). Repeating
is safe: every write is an idempotent upsert.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity import wait_exponential_jitter as backoff

from graph.errors import IngestStoreError, StoreUnavailableError, TransientError
from graph.settings import Settings

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRIED = (TransientError, StoreUnavailableError)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` calls in all; waits ``first_delay_s`` x 2^n plus up to ``jitter_s``, each wait
    at most ``max_wait_s``."""

    attempts: int = 6
    first_delay_s: float = 1.0
    max_wait_s: float = 30.0
    jitter_s: float = 1.0
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(attempts=settings.ingest_retry_attempts, max_wait_s=settings.ingest_retry_max_wait_s)

    def call(self, operation: Callable[[], T], what: str) -> T:
        """``operation()``, repeated after each retried error until the attempts run out (the last
        error is raised as it was)."""
        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.attempts)),
            wait=backoff(multiplier=self.first_delay_s, max=self.max_wait_s, jitter=self.jitter_s),
            retry=retry_if_exception_type(RETRIED),
            before_sleep=lambda state: self._log(state, what),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(operation)

    def _log(self, state: RetryCallState, what: str) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        logger.warning(
            "%s: 图存储暂时不可用 (%s), %.1f 秒后第 %d/%d 次重试",
            what, error, wait, state.attempt_number, self.attempts - 1,
        )  # fmt: skip


def store_call(policy: RetryPolicy, operation: Callable[[], T], what: str) -> T:
    """``policy.call``; a failure that is left becomes ``IngestStoreError`` naming ``what``."""
    try:
        return policy.call(operation, what)
    except RETRIED as exc:
        raise IngestStoreError(
            f"{what}: 图存储暂时不可用, 共尝试 {policy.attempts} 次仍失败 "
            f"(store failed {policy.attempts} times: {exc})"
        ) from exc
    except Exception as exc:  # terminal: whatever the backend raised, with the file and rows named
        raise IngestStoreError(f"{what}: 图存储操作失败 (store failed: {type(exc).__name__}: {exc})") from exc

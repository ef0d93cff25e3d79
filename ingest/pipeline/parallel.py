"""The enrich stage on worker processes (并行富化): NLP and chain mapping of the next batches run
on forked workers while this process reads, normalises, deduplicates and loads.

Segmentation and term extraction are pure per patent and take most of the CPU of an ingest, so
they are what the cores share. The workers are forked after the enricher is built, so they
inherit the initialised spaCy pipeline and chain matcher instead of loading them again.

Order and accounting stay those of the serial run: batches come out in the order they went in,
at most ``window`` of them are in flight (bounded memory), and when the file breaks part-way
(``SourceFileError`` from upstream) the batches already taken are enriched and handed on first,
so their rows are loaded and accounted before the error surfaces. Nothing is loaded or
checkpointed by a worker; a killed run loses only batches that were never committed.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from graph.models import PatentRecord
from ingest.pipeline.batches import EnrichedBatch, UniqueBatch
from ingest.pipeline.components import Enricher, Enrichment
from ingest.pipeline.observer import StageClock
from ingest.pipeline.stages import enrich_batch

logger = logging.getLogger(__name__)

_ENRICHER: Enricher | None = None  # the forked workers' copy


def usable_cores() -> int:
    """CPU cores this process may run on (the default number of enrich workers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def enrich_batches(
    batches: Iterable[UniqueBatch], enricher: Enricher | None, workers: int, clock: StageClock
) -> Iterator[EnrichedBatch]:
    """``enrich_batch`` over the stream, on ``workers`` processes when there is more than one.

    The time charged to "nlp" is what this process spends on the stage (waiting for results);
    with workers, most of the enrichment runs while the other stages do.
    """
    if enricher is None or workers <= 1:
        yield from clock.each(batches, "nlp", lambda b: enrich_batch(b, enricher))
        return
    global _ENRICHER
    _ENRICHER = enricher
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        yield from _windowed(iter(batches), pool, 2 * workers, clock)
        pool.close()
    finally:
        pool.terminate()  # also when the consumer stopped early (a load failed)
        pool.join()


def _windowed(
    batches: Iterator[UniqueBatch], pool: Any, window: int, clock: StageClock
) -> Iterator[EnrichedBatch]:
    pending: deque[tuple[UniqueBatch, AsyncResult[Enrichment] | None]] = deque()
    upstream_error: BaseException | None = None
    while True:
        while upstream_error is None and len(pending) < window:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except Exception as exc:  # re-raised below, after the batches taken
                upstream_error = exc
                break
            with clock.stage("nlp"):
                patents = [item.mapped.patent for item in batch.rows]
                pending.append((batch, pool.apply_async(_enrich, (patents,)) if patents else None))
        if not pending:
            break
        batch, result = pending.popleft()
        with clock.stage("nlp"):
            enriched = _finish(batch, result)
        yield enriched
    if upstream_error is not None:
        raise upstream_error


def _finish(batch: UniqueBatch, result: AsyncResult[Enrichment] | None) -> EnrichedBatch:
    if result is None:
        return EnrichedBatch(batch.ledger, batch.rows, None)
    enrichment = result.get()
    batch.ledger.warnings.extend(enrichment.warnings)
    return EnrichedBatch(batch.ledger, batch.rows, enrichment)


def _enrich(patents: list[PatentRecord]) -> Enrichment:
    assert _ENRICHER is not None, "enrich worker started without an enricher"
    return _ENRICHER.enrich(patents)


def die_with_parent(parent: int) -> None:
    """This (forked) process gets SIGKILL when ``parent`` dies (Linux), so a killed run leaves no
    worker behind; call it first thing in the child."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        logger.debug("PR_SET_PDEATHSIG unavailable")
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

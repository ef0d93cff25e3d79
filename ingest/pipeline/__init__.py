"""The ingest pipeline (导入流水线): patent exports in, a clean graph out, nothing lost.

``run_ingest(paths, store, IngestOptions(...))`` returns an ``IngestReport`` whose counts
reconcile (read = loaded + duplicates + rejected, per file and in total). The stages
(``stages``: read -> map -> dedupe -> enrich -> load) are plain functions over typed batches
(``batches``); the runner (``runner``) owns the checkpoint, the quarantine and progress.
"""

from ingest.pipeline.components import (
    Enricher,
    Enrichment,
    IngestComponents,
    MappedPatent,
    RowMapper,
    default_components,
)
from ingest.pipeline.observer import IngestObserver, NullObserver, StageClock
from ingest.pipeline.options import (
    IngestOptions,
    default_checkpoint_path,
    default_quarantine_path,
    input_files,
    new_run_id,
)
from ingest.pipeline.retry import RetryPolicy
from ingest.pipeline.runner import IngestRunner, run_ingest

__all__ = [
    "Enricher",
    "Enrichment",
    "IngestComponents",
    "IngestObserver",
    "IngestOptions",
    "IngestRunner",
    "MappedPatent",
    "NullObserver",
    "RetryPolicy",
    "RowMapper",
    "StageClock",
    "default_checkpoint_path",
    "default_components",
    "default_quarantine_path",
    "input_files",
    "new_run_id",
    "run_ingest",
]

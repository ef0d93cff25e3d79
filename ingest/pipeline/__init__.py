"""The ingest pipeline (导入流水线): patent exports in, a clean graph out, nothing lost.

``run_ingest(paths, store, IngestOptions(...))`` returns an ``IngestReport`` whose counts
reconcile (read = loaded + duplicates + rejected, per file and in total).
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
from ingest.pipeline.run import (
    IngestOptions,
    IngestRun,
    default_checkpoint_path,
    default_quarantine_path,
    new_run_id,
    run_ingest,
)

__all__ = [
    "Enricher",
    "Enrichment",
    "IngestComponents",
    "IngestObserver",
    "IngestOptions",
    "IngestRun",
    "MappedPatent",
    "NullObserver",
    "RowMapper",
    "StageClock",
    "default_checkpoint_path",
    "default_components",
    "default_quarantine_path",
    "new_run_id",
    "run_ingest",
]

"""Before the first file (导入准备): the store's schema, the reference data, the enricher.

Reference data (IPC titles, regions, chains, ...) is upserted once per store and version (a
fingerprint of the reference files); it is upserted again when the files changed or the
store has lost it. Building the NLP pipeline is charged to the ``nlp`` stage.
"""

from __future__ import annotations

import hashlib
import json
import logging

from graph.models import ReferenceBatch
from graph.store import GraphStore
from ingest.checkpoint import CheckpointStore
from ingest.pipeline.components import Enricher, IngestComponents
from ingest.pipeline.observer import StageClock
from ingest.pipeline.retry import RetryPolicy, store_call

logger = logging.getLogger(__name__)

REFERENCE_META = "reference_version"
REFERENCE_WHERE = "参考数据 (reference data)"


def prepare_store(
    store: GraphStore,
    components: IngestComponents,
    checkpoint: CheckpointStore | None,
    clock: StageClock,
    retry: RetryPolicy,
) -> tuple[Enricher | None, bool | None]:
    """(the enricher, whether reference data was written; None: not part of this run)."""
    reference = None
    loaded = None
    with clock.stage("reference"):
        store_call(retry, store.ensure_schema, "图存储结构 (schema)")
        if components.reference is not None:
            reference = ensure_reference(store, components, checkpoint, retry)
            loaded = reference is not None
    enricher = None
    if components.enricher is not None:
        with clock.stage("nlp"):
            enricher = components.enricher(reference)
    return enricher, loaded


def ensure_reference(
    store: GraphStore, components: IngestComponents, checkpoint: CheckpointStore | None, retry: RetryPolicy
) -> ReferenceBatch | None:
    """Upsert reference data unless this version is in the store already; the batch if written.

    The version comes from the reference files (cheap) when the components can tell it,
    else from the loaded batch. "In the store" means the checkpoint recorded this version
    *and* the store still holds as many chain nodes as it did (it was not cleared since).
    """
    assert components.reference is not None
    recorded = json.loads(checkpoint.get_meta(REFERENCE_META) or "{}") if checkpoint else {}
    version = components.reference_version() if components.reference_version else None
    if version is not None and _reference_present(store, recorded, version, retry):
        return None
    reference = components.reference()
    version = version or hashlib.sha256(repr(reference).encode()).hexdigest()
    if _reference_present(store, recorded, version, retry):
        return None
    store_call(retry, lambda: store.upsert_reference(reference), REFERENCE_WHERE)
    if checkpoint is not None:
        marker = {"version": version, "chain_nodes": len(reference.chain_nodes)}
        checkpoint.set_meta(REFERENCE_META, json.dumps(marker))
    return reference


def _reference_present(
    store: GraphStore, recorded: dict[str, object], version: str, retry: RetryPolicy
) -> bool:
    if recorded.get("version") != version:
        return False
    present = len(store_call(retry, store.chain_nodes, REFERENCE_WHERE)) == recorded.get("chain_nodes")
    if present:
        logger.info("reference data %s already loaded", version[:12])
    return present

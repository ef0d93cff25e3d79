"""An ingest in its own process for the fault suite to SIGKILL (``-m tests.reliability.ingest_child``).

The real pipeline and row mapping with a small configuration: no spaCy, chain nodes as the only
reference data. Neo4j is reached with a driver whose managed-transaction retry is short, so a
dead server fails the run in seconds, not after the driver's default 30 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from graph.models import ReferenceBatch
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import IngestOptions, RetryPolicy, default_components, run_ingest


def chain_nodes_only() -> ReferenceBatch:
    from graph.chains import load_chain_nodes

    return ReferenceBatch(chain_nodes=load_chain_nodes())


def open_store(args: argparse.Namespace) -> GraphStore:
    if args.store == "embedded":
        from graph.stores.embedded.store import EmbeddedStore

        return EmbeddedStore(Path(args.db))
    import neo4j

    from graph.stores.neo4j.store import Neo4jStore

    driver = neo4j.GraphDatabase.driver(
        args.uri, auth=("neo4j", args.password), max_transaction_retry_time=2.0
    )
    return Neo4jStore(driver, "neo4j", owns_driver=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--store", choices=["embedded", "neo4j"], required=True)
    parser.add_argument("--db", default="")
    parser.add_argument("--uri", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--state", required=True, help="folder of the checkpoint and quarantine")
    parser.add_argument("--report", required=True)
    parser.add_argument("--batch-size", type=int, default=50)
    # Small, so the first kill lands inside an embedded first load (indexes dropped, counts stale)
    parser.add_argument("--first-load-rows", type=int, default=100)
    parser.add_argument("--retry-attempts", type=int, default=2, help="store calls in all (retry.py)")
    parser.add_argument("--retry-max-wait", type=float, default=0.2, help="longest wait between them, s")
    args = parser.parse_args()
    components = dataclasses.replace(
        default_components(with_nlp=False), reference=chain_nodes_only, reference_version=None
    )
    settings = Settings(
        db_path=Path(args.state) / "graph.sqlite",
        batch_size=args.batch_size,
        ingest_first_load_rows=args.first_load_rows,
    )
    store = open_store(args)
    try:
        retry = RetryPolicy(attempts=args.retry_attempts, first_delay_s=0.2, max_wait_s=args.retry_max_wait)
        report = run_ingest(
            [args.file], store, IngestOptions(retry=retry), settings=settings, components=components
        )
    finally:
        store.close()
    Path(args.report).write_text(json.dumps(report.as_dict(), ensure_ascii=False), encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""What an ingest run is asked to do (导入选项), and where its checkpoint and quarantine go."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import SourceFileError
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest.pipeline.retry import RetryPolicy

_GLOB_CHARS = frozenset("*?[")


@dataclass(slots=True)
class IngestOptions:
    fmt: str | None = None  # csv | xlsx | jsonl; None: from the suffix
    dry_run: bool = False
    batch_size: int | None = None  # None: settings.batch_size
    quarantine_path: Path | None = None  # None: <db dir>/quarantine/<run id>.jsonl (not in a dry run)
    checkpoint_path: Path | None = None  # None: next to the embedded db / under var/ for Neo4j
    sme_registry: Path | None = None
    nlp: bool = True
    resume: bool = True  # False: forget checkpoints and read every file again
    # enrich worker processes; None: one per usable core (the CLI's default), 1: in-process. In-process
    # by default: the server ingests on a worker thread, and a forked worker's PR_SET_PDEATHSIG follows
    # that thread, so its exit would kill the workers and leave the pool's shutdown blocked.
    n_process: int | None = 1
    data_dir: Path | None = None
    run_id: str | None = None
    # transient store errors and outages; PATENTNAV_INGEST_RETRY_* by default
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy.from_settings(get_settings()))


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def default_checkpoint_path(store: GraphStore, settings: Settings, store_id: str | None = None) -> Path:
    """Next to the embedded db; for Neo4j under the db's folder, one file per database identity
    (``store_id``, written in the database), not per URI: a server restarted on another port or
    reached by another address is the same database and resumes where it stopped."""
    if getattr(store, "name", "") == "neo4j":
        tag = store_id or f"{settings.neo4j_uri}|{settings.neo4j_database}"
        digest = hashlib.sha256(tag.encode()).hexdigest()[:12]
        return settings.db_path.parent / f"ingest-checkpoint-neo4j-{digest}.sqlite"
    return settings.db_path.with_name(settings.db_path.name + ".ingest-checkpoint.sqlite")


def store_identity(store: GraphStore) -> str | None:
    """The database's identity (``store_id()`` of both stores); None for a store without one."""
    method = getattr(store, "store_id", None)
    return str(method()) if callable(method) else None


def default_quarantine_path(settings: Settings, run_id: str) -> Path:
    return settings.db_path.parent / "quarantine" / f"{run_id}.jsonl"


def input_files(paths: Sequence[Path | str]) -> list[Path]:
    """The exports to read, each once, in the order given; ``SourceFileError`` naming every one
    that is not a file, raised before a run creates anything (store, checkpoint, quarantine)."""
    files = [Path(p) for p in dict.fromkeys(str(p) for p in paths)]
    problems = [_why_not_a_file(path) for path in files if not path.is_file()]
    if problems:
        raise SourceFileError("找不到输入文件 (no such input file): " + "; ".join(problems))
    return files


def _why_not_a_file(path: Path) -> str:
    if path.is_dir():
        return f"{path}: 是目录, 请给出文件 (a folder; name the files, e.g. {path}/*.csv)"
    if _GLOB_CHARS & set(str(path)):
        return f"{path}: 通配符未匹配任何文件 (the pattern matched no file)"
    return f"{path}: 文件不存在 (no such file)"

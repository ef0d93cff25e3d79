"""Assembling Neo4j Community from Maven Central (组装): the jars, once, into ``<home>/<version>/lib``.

Maven Central has no server tarball, so ``ops/neo4j/pom.xml`` copies the module jars; a marker
file lists them so a half-copied directory is never taken for an assembled one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

from graph.errors import Neo4jProvisioningError
from graph.settings import REPO_ROOT

logger = logging.getLogger(__name__)

NEO4J_POM = REPO_ROOT / "ops" / "neo4j" / "pom.xml"
MARKER_NAME = "assembled.json"
LOG_TAIL_LINES = 40


def pinned_version(pom: Path = NEO4J_POM) -> str:
    """The single pinned Neo4j version: ``<neo4j.version>`` in ops/neo4j/pom.xml."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(pom).getroot().find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise Neo4jProvisioningError(f"no <neo4j.version> property in {pom}")
    return (node.text or "").strip()


def lib_dir(home: Path, version: str) -> Path:
    return home / version / "lib"


def is_assembled(home: Path, version: str) -> bool:
    """True when the marker names this version and every jar it lists is present."""
    marker = home / version / MARKER_NAME
    if not marker.is_file():
        return False
    data = json.loads(marker.read_text(encoding="utf-8"))
    jars = data.get("jars") or []
    lib = lib_dir(home, version)
    return (
        data.get("version") == version
        and f"neo4j-{version}.jar" in jars
        and all((lib / jar).is_file() for jar in jars)
    )


def assemble(home: Path, *, pom: Path = NEO4J_POM, mvn: str = "mvn", timeout: float = 1800) -> Path:
    """Copy the server jars into ``<home>/<version>/lib`` once; later calls return the cached dir.

    Uses the default ~/.m2 repository, so a CI cache of ~/.m2 also speeds this up.
    """
    version = pinned_version(pom)
    target = home / version
    target.mkdir(parents=True, exist_ok=True)
    with _file_lock(target / ".assemble.lock"):  # two pytest sessions may race here
        if is_assembled(home, version):
            return lib_dir(home, version)
        mvn_path = shutil.which(mvn)
        if mvn_path is None:
            raise Neo4jProvisioningError("Maven (mvn) not found on PATH; install Maven 3.8+ and Java 17")
        partial = target / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(lib_dir(home, version), ignore_errors=True)
        cmd = [mvn_path, "-B", "-q", "-f", str(pom), "package",
               f"-Dneo4j.lib={partial}", f"-Dneo4j.build={target / 'build'}"]  # fmt: skip
        logger.info("assembling Neo4j %s from Maven Central into %s", version, target)
        started = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise Neo4jProvisioningError(f"mvn did not finish within {timeout:.0f}s") from exc
        if done.returncode != 0:
            tail = last_lines(done.stdout + done.stderr, LOG_TAIL_LINES)
            raise Neo4jProvisioningError(f"mvn failed (exit {done.returncode}):\n{tail}")
        partial.rename(lib_dir(home, version))
        jars = sorted(p.name for p in lib_dir(home, version).glob("*.jar"))
        marker = {"version": version, "jars": jars}
        (target / MARKER_NAME).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        logger.info("assembled %d jars in %.1fs", len(jars), time.monotonic() - started)
        return lib_dir(home, version)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def last_lines(text: str, count: int) -> str:
    return "\n".join(text.splitlines()[-count:])


def java_binary() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    if candidate is not None and candidate.is_file():
        return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise Neo4jProvisioningError("java not found (set JAVA_HOME or PATH); Neo4j 5.26 needs Java 17 or 21")
    return found


def has_class(jar: Path, class_name: str) -> bool:
    if not jar.is_file():
        return False
    with zipfile.ZipFile(jar) as archive:
        return class_name.replace(".", "/") + ".class" in archive.namelist()

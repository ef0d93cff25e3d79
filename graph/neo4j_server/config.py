"""Configuration of one server instance (服务器配置): neo4j.conf, JVM flags, memory, password.

``render_conf`` writes what ``graph.neo4j_server.process`` starts the server with; the password
is generated once per instance and kept in a 0600 file, never logged.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

NEO4J_USER = "neo4j"
PASSWORD_NAME = "password"

# From the 5.26 default neo4j.conf, minus -XX:+AlwaysPreTouch (slow start with a big heap).
JVM_FLAGS: tuple[str, ...] = tuple(
    """
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+UnlockExperimentalVMOptions
    -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC -Djdk.nio.maxCachedBufferSize=1024
    -Dio.netty.tryReflectionSetAccessible=true -Djdk.tls.ephemeralDHKeySize=2048
    -Djdk.tls.rejectClientInitiatedRenegotiation=true -XX:FlightRecorderOptions=stackdepth=256
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true -Dlog4j.layout.jsonTemplate.maxStringLength=32768
    """.split()  # noqa: SIM905  (one flag per word, as in neo4j.conf)
)


@dataclass(frozen=True)
class MemoryConfig:
    """Heap and page cache; heap + page cache must fit in RAM or Neo4j refuses to start."""

    heap_initial: str = "512m"
    heap_max: str = "1g"
    pagecache: str = "256m"


DEFAULT_MEMORY = MemoryConfig()


@dataclass(frozen=True)
class Neo4jConnection:
    """How to reach a running server (连接信息). The password never appears in repr()."""

    uri: str
    user: str
    password: SecretStr
    database: str = "neo4j"

    def auth(self) -> tuple[str, str]:
        return (self.user, self.password.get_secret_value())


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free right now (the OS picks it); small race until Neo4j binds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def render_conf(instance: Path, lib: Path, bolt_port: int, memory: MemoryConfig = DEFAULT_MEMORY) -> str:
    """neo4j.conf text: absolute paths (Neo4j does not expand variables), one key per line,
    no inline comments (Neo4j would read them as part of the value), auth on, loopback only."""
    home = instance.resolve()
    settings = {
        "server.directories.data": home / "data",
        "server.directories.logs": home / "logs",
        "server.directories.run": home / "run",
        "server.directories.plugins": home / "plugins",
        "server.directories.import": home / "import",
        "server.directories.lib": lib.resolve(),
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        "server.memory.heap.initial_size": memory.heap_initial,
        "server.memory.heap.max_size": memory.heap_max,
        "server.memory.pagecache.size": memory.pagecache,
        # Preallocation would reserve 256 MiB per database for an empty test server.
        "db.tx_log.preallocate": "false",
        # Seconds; the default 5 s quiet period per Bolt event loop makes every stop take ~10 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    lines = ["# Written by graph/neo4j_server/config.py; regenerated on every start."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    # Only the bootloader fallback reads these; the direct launch passes them itself.
    lines += [f"server.jvm.additional={flag}" for flag in JVM_FLAGS]
    return "\n".join(lines) + "\n"


def ensure_password(instance: Path) -> SecretStr:
    """The instance's password, generated once and kept in a 0600 file (never logged)."""
    path = instance / PASSWORD_NAME
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # hex, not url-safe base64: a password starting with "-" was read as an option by
            # neo4j-admin's argument file (about 1 first start in 64 failed)
            handle.write(secrets.token_hex(24))
    return SecretStr(path.read_text(encoding="utf-8").strip())

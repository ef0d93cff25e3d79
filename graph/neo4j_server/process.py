"""The project's own Neo4j Community 5.26 server (自带的 Neo4j 服务器): process control.

The jars come from ``graph.neo4j_server.assembly`` (Maven Central, once), the configuration
from ``graph.neo4j_server.config``, the readiness wait from ``graph.neo4j_server.readiness``.
Each server *instance* is a directory (``NEO4J_HOME``) with its own conf/, data/, logs/, run/,
a generated password file (0600) and a state file, so ``patentnav neo4j start`` in one shell
and ``patentnav neo4j stop`` in another work.

The server JVM is launched directly (``CommunityEntryPoint``, what ``bin/neo4j console`` forks);
JVM flags therefore go on the command line. If that class is missing the bootloader
(``Neo4jCommand console``) is used instead, which reads the same flags from neo4j.conf.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from graph.errors import Neo4jProvisioningError
from graph.neo4j_server.assembly import (
    LOG_TAIL_LINES,
    NEO4J_POM,
    assemble,
    has_class,
    java_binary,
    last_lines,
)
from graph.neo4j_server.config import (
    DEFAULT_MEMORY,
    JVM_FLAGS,
    NEO4J_USER,
    PASSWORD_NAME,
    MemoryConfig,
    Neo4jConnection,
    ensure_password,
    free_port,
    render_conf,
)
from graph.neo4j_server.readiness import bolt_probe, read_log_tail, wait_until_ready

logger = logging.getLogger(__name__)

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
BOOTLOADER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN_COMMAND = "org.neo4j.server.startup.Neo4jAdminCommand"
STATE_NAME = "patentnav-server.json"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    instance: Path
    pid: int | None = None
    uri: str | None = None
    version: str | None = None


# --- one server instance ------------------------------------------------------------------


class Neo4jServer:
    """One server instance (服务器实例): ``instance`` is its NEO4J_HOME; jars come from ``home``.

    ``use_bootloader``: None picks the direct entry point when the jar has it, else the
    bootloader; True/False force one route.
    """

    def __init__(
        self,
        home: Path,
        instance: Path,
        *,
        port: int | None = None,
        memory: MemoryConfig = DEFAULT_MEMORY,
        pom: Path = NEO4J_POM,
        use_bootloader: bool | None = None,
    ) -> None:
        self.home = home.resolve()
        self.instance = instance.resolve()
        self.port = port
        self.memory = memory
        self.pom = pom
        self.use_bootloader = use_bootloader
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def logs(self) -> Path:
        return self.instance / "logs"

    @property
    def state_path(self) -> Path:
        return self.instance / "run" / STATE_NAME

    def assemble(self) -> Path:
        return assemble(self.home, pom=self.pom)

    def start(self, timeout: float = 120, *, die_with_parent: bool = False) -> Neo4jConnection:
        """Start the server (or return the running one) and wait until Bolt accepts our password.

        ``die_with_parent`` (Linux): the JVM gets SIGTERM if this process dies, so a killed
        test session does not leave a server behind.
        """
        existing = self.connection() if self.status().running else None
        if existing is not None:
            logger.info("Neo4j already running for %s at %s", self.instance, existing.uri)
            return existing
        lib = self.assemble()
        java = java_binary()
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.instance / sub).mkdir(parents=True, exist_ok=True)
        password = self._prepare_password(java, lib)
        try:
            return self._start_once(java, lib, password, timeout, die_with_parent)
        except Neo4jProvisioningError as exc:
            # A free port picked by us can be taken before Neo4j binds it: retry once.
            if self.port is not None or "Address already in use" not in str(exc):
                raise
            logger.warning("Bolt port was taken before Neo4j bound it; retrying on another port")
            return self._start_once(java, lib, password, timeout, die_with_parent)

    def _start_once(
        self, java: str, lib: Path, password: SecretStr, timeout: float, die_with_parent: bool
    ) -> Neo4jConnection:
        port = self.port or free_port()
        (self.instance / "conf" / "neo4j.conf").write_text(
            render_conf(self.instance, lib, port, self.memory), encoding="utf-8"
        )
        connection = Neo4jConnection(f"bolt://127.0.0.1:{port}", NEO4J_USER, password)
        proc = self._launch(java, lib, die_with_parent)
        self._write_state({"pid": proc.pid, "port": port, "uri": connection.uri, "version": lib.parent.name})
        try:
            waited = wait_until_ready(
                bolt_probe(connection),
                is_alive=lambda: proc.poll() is None,
                log_tail=lambda: read_log_tail(self.logs),
                timeout=timeout,
            )
        except Neo4jProvisioningError:
            self.stop(timeout=15)  # never leave a half-started server behind
            raise
        logger.info("Neo4j %s ready at %s after %.1fs", lib.parent.name, connection.uri, waited)
        return connection

    def stop(self, timeout: float = 60) -> bool:
        """SIGTERM (Neo4j shuts down cleanly on it), SIGKILL only if it hangs. False if not running."""
        state = self._read_state()
        pid = state.get("pid") if state else None
        if not isinstance(pid, int) or not self._is_our_server(pid):
            self.state_path.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        if not self._wait_gone(pid, timeout):
            logger.warning("Neo4j (pid %d) ignored SIGTERM for %.0fs; killing it", pid, timeout)
            os.kill(pid, signal.SIGKILL)
            self._wait_gone(pid, 15)
        self.state_path.unlink(missing_ok=True)
        self._proc = None
        logger.info("Neo4j (pid %d) stopped", pid)
        return True

    def status(self) -> ServerStatus:
        state = self._read_state() or {}
        pid = state.get("pid")
        running = isinstance(pid, int) and self._is_our_server(pid)
        return ServerStatus(
            running=running,
            instance=self.instance,
            pid=pid if running else None,
            uri=state.get("uri") if running else None,
            version=state.get("version"),
        )

    def connection(self) -> Neo4jConnection | None:
        """Connection info of the recorded server, from the state and password files."""
        state = self._read_state()
        password = self.instance / PASSWORD_NAME
        if not state or "uri" not in state or not password.is_file():
            return None
        return Neo4jConnection(
            state["uri"], NEO4J_USER, SecretStr(password.read_text(encoding="utf-8").strip())
        )

    def shell_exports(self) -> list[str]:
        """``export`` lines for a shell; the password is read from its file, not printed."""
        state = self._read_state()
        if not state or "uri" not in state:
            raise Neo4jProvisioningError(
                f"no Neo4j recorded for {self.instance}; run `patentnav neo4j start`"
            )
        password_file = shlex.quote(str(self.instance / PASSWORD_NAME))
        return [
            f"export PATENTNAV_NEO4J_URI={shlex.quote(state['uri'])}",
            f"export PATENTNAV_NEO4J_USER={NEO4J_USER}",
            f'export PATENTNAV_NEO4J_PASSWORD="$(cat {password_file})"',
            "export PATENTNAV_NEO4J_DATABASE=neo4j",
        ]

    def admin(self, args: list[str], *, timeout: float = 3600, heap: str = "1g") -> str:
        """Run ``neo4j-admin <args>`` against this instance (its conf and data); the output.

        Raises Neo4jProvisioningError with the output's tail if it exits non-zero.
        """
        lib = self.assemble()
        cmd = [java_binary(), f"-Xmx{heap}", "-cp", f"{lib}/*", ADMIN_COMMAND, *args]
        try:
            done = subprocess.run(
                cmd, env=self._env(), capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jProvisioningError(
                f"neo4j-admin {args[0]} did not finish within {timeout:.0f}s"
            ) from exc
        output = done.stdout + done.stderr
        if done.returncode != 0:
            tail = last_lines(output, LOG_TAIL_LINES)
            raise Neo4jProvisioningError(
                f"neo4j-admin {' '.join(args[:3])} failed (exit {done.returncode}):\n{tail}"
            )
        return output

    # -- internals --

    def _prepare_password(self, java: str, lib: Path) -> SecretStr:
        """Set the generated password before the first start; a used data dir keeps its users."""
        had_password = (self.instance / PASSWORD_NAME).exists()
        password = ensure_password(self.instance)
        if (self.instance / "data" / "databases" / "system").exists():
            if not had_password:
                raise Neo4jProvisioningError(
                    f"{self.instance}/data was initialised without our password file; delete that data dir"
                )
            return password
        # picocli reads arguments from an @file, which keeps the password off the process list.
        argfile = self.instance / "run" / "initial-password.args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password.get_secret_value() + "\n")
        cmd = [
            java,
            "-Xmx256m",
            "-cp",
            f"{lib}/*",
            ADMIN_COMMAND,
            "dbms",
            "set-initial-password",
            f"@{argfile}",
        ]
        try:
            done = subprocess.run(
                cmd, env=self._env(), capture_output=True, text=True, timeout=300, check=False
            )
        finally:
            argfile.unlink(missing_ok=True)
        if done.returncode != 0:
            tail = last_lines(done.stdout + done.stderr, LOG_TAIL_LINES)
            raise Neo4jProvisioningError(f"neo4j-admin set-initial-password failed:\n{tail}")
        return password

    def _launch(self, java: str, lib: Path, die_with_parent: bool) -> subprocess.Popen[bytes]:
        plugins = self.instance / "plugins"
        if self.use_bootloader is None:
            bootloader = not has_class(lib / f"neo4j-{lib.parent.name}.jar", ENTRY_POINT)
        else:
            bootloader = self.use_bootloader
        if bootloader:  # reads heap and server.jvm.additional from neo4j.conf, forks the server
            cmd = [java, "-Xmx128m", "-cp", f"{lib}/*", f"-Dbasedir={self.instance}", BOOTLOADER, "console"]
        else:
            heap = [f"-Xms{self.memory.heap_initial}", f"-Xmx{self.memory.heap_max}"]
            cmd = [java, *heap, *JVM_FLAGS, "-Dfile.encoding=UTF-8", "-cp", f"{plugins}/*:{lib}/*",
                   ENTRY_POINT, f"--home-dir={self.instance}", f"--config-dir={self.instance / 'conf'}",
                   "--console-mode"]  # fmt: skip
        logger.info("launching Neo4j (%s) for %s", BOOTLOADER if bootloader else ENTRY_POINT, self.instance)
        with (self.logs / "console.log").open("wb") as console:
            self._proc = subprocess.Popen(
                cmd,
                cwd=self.instance,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the shell that ran `start` does not reach it
                preexec_fn=_die_with_parent if die_with_parent else None,
            )
        return self._proc

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("JAVA_OPTS", None)  # the bootloader would replace all our flags with it
        env.update(NEO4J_HOME=str(self.instance), NEO4J_CONF=str(self.instance / "conf"))
        return env

    def _is_our_server(self, pid: int) -> bool:
        """Alive, not a zombie, and (where /proc exists) really this instance's JVM."""
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):  # gone, or another user's process
            return False
        proc_dir = Path(f"/proc/{pid}")
        if not proc_dir.exists():
            return True
        try:
            stat = (proc_dir / "stat").read_text()
            cmdline = (proc_dir / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return False
        return stat.rsplit(")", 1)[-1].split()[0] != "Z" and str(self.instance) in cmdline

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        if self._proc is not None and self._proc.pid == pid:
            try:
                self._proc.wait(timeout)  # also reaps our own child
                return True
            except subprocess.TimeoutExpired:
                return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._is_our_server(pid):
                return True
            time.sleep(0.2)
        return False

    def _read_state(self) -> dict[str, Any] | None:
        if not self.state_path.is_file():
            return None
        data = json.loads(self.state_path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None

    def _write_state(self, state: dict[str, Any]) -> None:
        self.state_path.write_text(json.dumps(state, indent=1), encoding="utf-8")


def _die_with_parent() -> None:
    """Runs in the child before exec: ask Linux to send SIGTERM when the parent dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

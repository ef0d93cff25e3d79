"""Every shell line in the README's ```bash blocks runs as written and exits 0 (README 命令可运行).

The lines run in README order, as a new user would type them, against the demo graph that
``make demo`` builds. What differs from a user's machine, and why:

* The default store is a temporary file (``PATENTNAV_DB_PATH``), so the test leaves the
  checkout's ``var/`` alone; ``make`` lines run in the checkout, every other line in a
  sandbox folder holding links to ``.venv``, ``data`` and ``tests`` (their relative paths work,
  and what they write, such as ``var/report.json`` or ``docs/screenshots``, lands there).
  The sandbox's ``exports/`` holds a slice of the demo corpus, the export a user would have.
* ``SUBSTITUTIONS``: ``make demo`` gets a free port and is stopped after the run; ``make test``
  is this suite, so only ``make -n test`` (the recipe resolves); ``/tmp/demo.sqlite`` (shared
  by everyone on the machine) is the sandbox's demo store and port 8765 a free port. A
  substitution that no longer matches a README line fails the test, so none goes stale.
  The screenshot line takes two of its pages (``home gaps``): all fourteen cost ~45 s here,
  and every page is opened in the browser by ``tests/e2e/test_pages_in_browser.py``.
* A line ending in ``&`` starts a server: it runs in the background until its ``/health``
  answers, and is stopped at the end.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from graph.settings import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1500)]  # make demo, then every line

README = REPO_ROOT / "README.md"
DEMO_CORPUS = REPO_ROOT / "data" / "demo" / "patents_demo.csv"
EXPORT_ROWS = 40  # the sandbox's exports/ file: the demo corpus's first rows
SHELL_FENCES = ("bash", "sh", "shell", "console")
COMMAND_TIMEOUT_S = 240
HTTP_TIMEOUT_S = 60  # a page on the demo graph while the 2 cores are shared
START_TIMEOUT_S = 420  # make demo on a busy 2-core machine: NLP model load + 3,048 patents


def readme_command_lines(text: str) -> list[str]:
    """The command lines of the README's shell blocks, in order (comment-only lines dropped)."""
    lines: list[str] = []
    for block in re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        language, body = block
        if language not in SHELL_FENCES:
            continue
        for raw in body.splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                assert not line.endswith("\\"), f"continued README line, run it whole: {line}"
                lines.append(line)
    return lines


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Sandbox:
    root: Path
    db: Path
    env: dict[str, str]
    demo_port: int = field(default_factory=_free_port)
    serve_port: int = field(default_factory=_free_port)

    def substitutions(self) -> dict[str, str]:
        """README text -> what runs here (see the module docstring for why)."""
        return {
            "make demo": f"make demo PORT={self.demo_port}",
            "make test": "make -n test",
            "/tmp/demo.sqlite": str(self.db),
            "8765": str(self.serve_port),
            "--out docs/screenshots": "--out docs/screenshots home gaps",
        }


@dataclass
class Run:
    line: str
    command: str
    returncode: int
    stdout: str
    stderr: str


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATENTNAV_")}
    return {**env, "PATENTNAV_DB_PATH": str(db), "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    root = tmp_path_factory.mktemp("readme")
    for name in (".venv", "data", "tests"):
        (root / name).symlink_to(REPO_ROOT / name)
    exports = root / "exports"
    exports.mkdir()
    with DEMO_CORPUS.open(encoding="utf-8-sig") as corpus:
        head = [next(corpus) for _ in range(EXPORT_ROWS + 1)]
    (exports / "incopat_2024.csv").write_text("".join(head), encoding="utf-8")
    db = root / "var" / "patentnav.sqlite"
    return Sandbox(root, db, _env(db))


class Servers:
    """The background processes the README starts, each stopped (its process group) at the end."""

    def __init__(self) -> None:
        self.running: list[tuple[subprocess.Popen[str], Path]] = []

    def start(self, command: str, cwd: Path, env: dict[str, str], port: int, log: Path) -> Path:
        handle = log.open("w", encoding="utf-8")
        process = subprocess.Popen(
            ["bash", "-c", command], cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )  # fmt: skip
        self.running.append((process, log))
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"`{command}` exited {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    return log
            except httpx.HTTPError:
                pass
            time.sleep(1)
        pytest.fail(f"`{command}` did not answer /health within {START_TIMEOUT_S} s")

    def stop(self) -> None:
        for process, _ in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


@pytest.fixture(scope="module")
def readme_run(sandbox: Sandbox) -> Iterator[tuple[list[Run], str]]:
    """Every README command line run in order; the ``make demo`` log for the demo checks."""
    servers = Servers()
    runs: list[Run] = []
    demo_log = ""
    used: set[str] = set()
    try:
        for line in readme_command_lines(README.read_text(encoding="utf-8")):
            command = line
            for text, replacement in sandbox.substitutions().items():
                pattern = rf"^{re.escape(text)}\b" if text.startswith("make ") else re.escape(text)
                if re.search(pattern, command):
                    command = re.sub(pattern, replacement, command)
                    used.add(text)
            in_checkout = command.startswith("make ")
            cwd = REPO_ROOT if in_checkout else sandbox.root
            if command.startswith("make demo"):
                command = command.split("#", 1)[0].strip()
                log = servers.start(command, cwd, sandbox.env, sandbox.demo_port, sandbox.root / "demo.log")
                demo_log = log.read_text(encoding="utf-8")
                runs.append(Run(line, command, 0, demo_log, ""))
                continue
            if command.endswith("&"):
                port = int(re.findall(r"--port (\d+)", command)[-1])
                log = sandbox.root / f"serve-{port}.log"
                servers.start(command.rstrip("& "), cwd, sandbox.env, port, log)
                runs.append(Run(line, command, 0, log.read_text(encoding="utf-8"), ""))
                continue
            done = subprocess.run(
                ["bash", "-c", command], cwd=cwd, env=sandbox.env, capture_output=True, text=True,
                timeout=COMMAND_TIMEOUT_S,
            )  # fmt: skip
            runs.append(Run(line, command, done.returncode, done.stdout, done.stderr))
        stale = set(sandbox.substitutions()) - used
        assert not stale, f"substitutions matching no README line any more: {stale}"
        yield runs, demo_log
    finally:
        servers.stop()


def test_every_readme_command_line_exits_zero(readme_run: tuple[list[Run], str]) -> None:
    runs, _ = readme_run
    assert len(runs) >= 15, [r.line for r in runs]
    failed = [
        f"$ {r.command}\nexit {r.returncode}\n{r.stdout[-800:]}\n{r.stderr[-1500:]}"
        for r in runs
        if r.returncode != 0
    ]
    assert not failed, "\n\n".join(failed)


def test_make_demo_names_its_urls_and_serves_the_default_store(
    readme_run: tuple[list[Run], str], sandbox: Sandbox
) -> None:
    _, demo_log = readme_run
    base = f"http://127.0.0.1:{sandbox.demo_port}"
    for path in ("/ui/", "/api/", "/docs"):
        assert f"{base}{path}" in demo_log, demo_log[-2000:]
    home = httpx.get(f"{base}/", follow_redirects=False, timeout=HTTP_TIMEOUT_S)
    assert home.status_code in (302, 307) and home.headers["location"].endswith("/ui/")
    assert httpx.get(f"{base}/ui/", timeout=HTTP_TIMEOUT_S).status_code == 200
    # the CLI with no --db reads the store make demo built
    stats = subprocess.run(
        [str(REPO_ROOT / ".venv/bin/patentnav"), "stats", "--json"],
        cwd=REPO_ROOT, env=sandbox.env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    envelope = json.loads(stats.stdout)
    assert envelope["result"]["nodes"]["Patent"] >= 3000 and envelope["notes"] == []


def test_readme_lines_write_where_they_say(readme_run: tuple[list[Run], str], sandbox: Sandbox) -> None:
    runs, _ = readme_run
    by_line = {r.line.split("#", 1)[0].strip(): r for r in runs}
    report = json.loads((sandbox.root / "var" / "report.json").read_text(encoding="utf-8"))
    assert report["read"] == EXPORT_ROWS and report["reconciled"], report
    exports = [r for line, r in by_line.items() if "--export" in line]
    assert exports, "the README shows no --export line any more"
    for run in exports:
        target = shlex.split(run.command.split("#", 1)[0])[-1]
        written = (sandbox.root / target).resolve()
        assert written.is_file() and str(written) in run.stderr, run.stderr

"""Burst benchmark (突发负载): the real server under a bounded burst of concurrent requests.

``patentnav bench burst`` copies an embedded graph (``--db``, or the generated graph of
``--size`` patents that ``bench query`` uses), starts ``patentnav serve`` on it in a subprocess
on a free port, and fires two bursts of ``clients`` concurrent clients x ``requests`` each:

1. the baseline: ``GET /health`` only;
2. the mix: every navigation analysis in turn, plus hostile requests the server must refuse
   cheaply: a JSON body beyond ``PATENTNAV_MAX_BODY_BYTES`` (413) and a list parameter repeated
   beyond its bound (422).

It prints status-code counts, p50/p95/p99 per request kind with the ratio to the baseline's p50
(read the ratios on a shared machine, not the milliseconds), and the server's RSS before and
after the burst and its peak (``VmHWM``). Any 5xx or failed connection fails the command.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.graphs import CACHE_DIR, cached_graph

HEALTH = "health (baseline)"
NEED = "我们需要提高锂离子电池负极材料循环寿命的技术"


@dataclass(frozen=True, slots=True)
class Call:
    kind: str
    method: str
    path: str
    params: list[tuple[str, str | int | float | bool | None]] = field(default_factory=list)
    body: bytes | None = None


def analysis_calls() -> list[Call]:
    """One request per analysis, and the two a server must refuse without doing the work."""
    oversize = b'{"need": "' + "电池".encode() * (256 * 1024) + b'"}'  # 1.5 MiB, beyond the 64 KiB limit
    return [
        Call("gaps", "GET", "/api/gaps", [("chain", "nev"), ("region", "22"), ("benchmark", "national")]),
        Call("sleeping", "GET", "/api/sleeping"),
        Call("high-value", "GET", "/api/high-value"),
        Call("pools", "GET", "/api/pools", [("chain_node", "nev/battery_cell")]),
        Call("kpis", "GET", "/api/kpis", [("year_from", "2021"), ("year_to", "2023")]),
        Call("abnormal-transfers", "GET", "/api/abnormal-transfers"),
        Call("collaborators", "POST", "/api/collaborators", body=f'{{"need": "{NEED}"}}'.encode()),
        Call("stats", "GET", "/api/stats"),
        Call("oversize body (413)", "POST", "/api/collaborators", body=oversize),
        Call("repeated region x500 (422)", "GET", "/api/kpis", [("region", "22")] * 500),
    ]


@dataclass(slots=True)
class Figures:
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, kind: str, status: str, seconds: float) -> None:
        self.seconds[kind].append(seconds)
        self.statuses[kind][status] += 1

    def server_errors(self) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if not s.startswith(("2", "4")))


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, from /proc (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            found[name] = int(value.split()[0])
    return found


@contextmanager
def served(db: Path, log: Path) -> Iterator[tuple[str, int]]:
    """``patentnav serve`` on a copy of ``db`` on a free port; (base URL, pid), stopped after."""
    with served_store({"PATENTNAV_STORE": "embedded", "PATENTNAV_DB_PATH": str(db)}, log) as server:
        yield server


@contextmanager
def served_store(store_env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """``patentnav serve`` with the store the ``PATENTNAV_*`` variables name (no other store
    setting of this environment leaks in), on a free port; (base URL, pid), stopped after."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PATENTNAV_STORE", "PATENTNAV_DB_PATH", "PATENTNAV_NEO4J_"))
    }
    env.update(store_env)
    command = [sys.executable, "-c", "from api.cli import app; app()", "serve", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"服务启动失败 (server exited {proc.returncode}): {log.read_text()[-2000:]}"
                )
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"服务 180 秒内未就绪 (server not ready): {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fire(base: str, calls: list[Call], clients: int, requests: int, figures: Figures) -> float:
    """``clients`` threads, each with its own connection, each sending ``requests`` calls cycling
    through ``calls`` (together they send every call in turn); the wall time of the burst."""

    def client(index: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            for n in range(requests):
                call = calls[(index * requests + n) % len(calls)]
                headers = {"content-type": "application/json"} if call.body is not None else {}
                started = time.perf_counter()
                try:
                    response = http.request(
                        call.method, call.path, params=call.params, content=call.body, headers=headers
                    )
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = f"error {type(exc).__name__}"
                figures.add(call.kind, status, time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    return time.perf_counter() - started


def sample_rss(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.05):
        try:
            peak[0] = max(peak[0], memory_kib(pid).get("VmRSS", 0))
        except OSError:
            return


def run_burst_bench(
    db: Path | None, size: int, clients: int, requests: int, console: Console | None = None
) -> dict[str, Any]:
    console = console or Console()
    source = db if db is not None else cached_graph(size, 7, CACHE_DIR, None, console).db
    if not source.is_file():
        raise FileNotFoundError(f"找不到图存储文件 (no such store file): {source}")
    graph = f"--db {db}" if db else f"--size {size}"
    command = f"patentnav bench burst {graph} --clients {clients} --requests {requests}"
    work = Path(tempfile.mkdtemp(prefix="patentnav-burst-"))
    try:
        copy = work / "graph.sqlite"
        shutil.copyfile(source, copy)  # the server may write its WAL; the cached graph stays as built
        with served(copy, work / "server.log") as (base, pid):
            calls = analysis_calls()
            warm = Figures()
            fire(base, calls, 1, len(calls), warm)  # one of each first: caches and indexes loaded
            before = memory_kib(pid)
            baseline, figures = Figures(), Figures()
            health_s = fire(base, [Call(HEALTH, "GET", "/health")], clients, requests, baseline)
            stop, peak = threading.Event(), [before.get("VmRSS", 0)]
            sampler = threading.Thread(target=sample_rss, args=(pid, stop, peak), daemon=True)
            sampler.start()
            burst_s = fire(base, calls, clients, requests, figures)
            stop.set()
            sampler.join()
            after = memory_kib(pid)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = summary(baseline, figures, before, after, peak[0], command, source)
    result.update(clients=clients, requests=requests, health_wall_s=health_s, burst_wall_s=burst_s)
    console.print(burst_table(result))
    return result


def summary(
    baseline: Figures,
    figures: Figures,
    before: dict[str, int],
    after: dict[str, int],
    sampled_peak_kib: int,
    command: str,
    source: Path,
) -> dict[str, Any]:
    health_p50 = statistics.median(baseline.seconds[HEALTH]) * 1000
    rows = []
    for kind, seconds in [(HEALTH, baseline.seconds[HEALTH]), *figures.seconds.items()]:
        ms = sorted(s * 1000 for s in seconds)
        statuses = (baseline if kind == HEALTH else figures).statuses[kind]
        rows.append(
            {
                "kind": kind,
                "requests": len(ms),
                "statuses": dict(sorted(statuses.items())),
                "p50_ms": statistics.median(ms),
                "p95_ms": percentile(ms, 95),
                "p99_ms": percentile(ms, 99),
                "x_health_p50": statistics.median(ms) / health_p50 if health_p50 else None,
            }
        )
    return {
        "command": command,
        "graph": str(source),
        "rows": rows,
        "server_errors": baseline.server_errors() + figures.server_errors(),
        "rss_before_mib": before.get("VmRSS", 0) / 1024,
        "rss_after_mib": after.get("VmRSS", 0) / 1024,
        "rss_peak_mib": max(after.get("VmHWM", 0), sampled_peak_kib) / 1024,
    }


def burst_table(result: dict[str, Any]) -> Table:
    title = (
        f"{result['command']}: {result['clients']} clients x {result['requests']} requests; server RSS "
        f"{result['rss_before_mib']:.0f} MiB before, {result['rss_after_mib']:.0f} MiB after, peak "
        f"{result['rss_peak_mib']:.0f} MiB; 5xx/errors: {result['server_errors']}"
    )
    table = Table(title=title)
    for column in ("request", "n", "status codes", "p50 ms", "p95 ms", "p99 ms", "x health p50"):
        table.add_column(column, justify="left" if column in {"request", "status codes"} else "right")
    for row in result["rows"]:
        ratio = row["x_health_p50"]
        table.add_row(
            row["kind"],
            str(row["requests"]),
            " ".join(f"{s}:{n}" for s, n in row["statuses"].items()),
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
            "" if ratio is None else f"{ratio:.1f}",
        )
    return table

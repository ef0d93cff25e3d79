"""The project's Neo4j server: readiness wait, neo4j.conf, password file, and one real server."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graph.errors import Neo4jProvisioningError
from graph.neo4j_server.assembly import is_assembled, pinned_version
from graph.neo4j_server.config import MemoryConfig, Neo4jConnection, ensure_password, render_conf
from graph.neo4j_server.process import Neo4jServer
from graph.neo4j_server.readiness import wait_until_ready


class FakeClock:
    """A clock that only moves when the wait function sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing_probe(failures: int) -> tuple[list[int], Callable[[], None]]:
    calls = [0]

    def probe() -> None:
        calls[0] += 1
        if calls[0] <= failures:
            raise ConnectionRefusedError("not yet")

    return calls, probe


def test_wait_returns_once_the_probe_succeeds() -> None:
    clock = FakeClock()
    calls, probe = failing_probe(3)
    waited = wait_until_ready(
        probe,
        is_alive=lambda: True,
        log_tail=lambda: "",
        timeout=10,
        clock=clock,
        sleep=clock.sleep,
        interval=0.5,
    )
    assert calls[0] == 4
    assert waited == pytest.approx(1.5)
    assert clock.sleeps == [0.5, 0.5, 0.5]


def test_deadline_raises_with_the_log_tail() -> None:
    clock = FakeClock()
    _, probe = failing_probe(10_000)
    with pytest.raises(Neo4jProvisioningError) as info:
        wait_until_ready(
            probe,
            is_alive=lambda: True,
            log_tail=lambda: "ERROR store lock held",
            timeout=5,
            clock=clock,
            sleep=clock.sleep,
            interval=1,
        )
    message = str(info.value)
    assert "not ready after 5s" in message
    assert "ConnectionRefusedError" in message
    assert "ERROR store lock held" in message
    assert clock.now == pytest.approx(105)


def test_process_exit_raises_without_waiting_for_the_deadline() -> None:
    clock = FakeClock()
    alive = iter([True, True, False])
    _, probe = failing_probe(10_000)
    with pytest.raises(Neo4jProvisioningError, match="exited before it was ready") as info:
        wait_until_ready(
            probe,
            is_alive=lambda: next(alive),
            log_tail=lambda: "Invalid configuration",
            timeout=120,
            clock=clock,
            sleep=clock.sleep,
        )
    assert "Invalid configuration" in str(info.value)
    assert len(clock.sleeps) == 2


def test_a_refused_password_is_final() -> None:
    clock = FakeClock()

    def probe() -> None:
        raise Neo4jProvisioningError("Neo4j refused the instance password")

    with pytest.raises(Neo4jProvisioningError, match="refused"):
        wait_until_ready(probe, is_alive=lambda: True, log_tail=lambda: "", timeout=60, clock=clock)
    assert clock.now == 100.0


def parse_conf(text: str) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key, []).append(value)
    return settings


def test_conf_has_absolute_paths_auth_on_and_no_inline_comments(tmp_path: Path) -> None:
    instance = tmp_path / "inst"
    text = render_conf(Path("relative/inst"), Path("relative/lib"), 17687, MemoryConfig(pagecache="64m"))
    text_abs = render_conf(instance, tmp_path / "lib", 17687)
    for rendered in (text, text_abs):
        settings = parse_conf(rendered)
        for key, values in settings.items():
            if key.startswith("server.directories."):
                assert Path(values[0]).is_absolute(), key
            for value in values:
                assert "#" not in value, f"inline comment after {key}"
                assert value == value.strip()
        assert settings["dbms.security.auth_enabled"] == ["true"]
        assert settings["server.http.enabled"] == ["false"]
        assert settings["server.bolt.listen_address"] == ["127.0.0.1:17687"]
        assert settings["dbms.usage_report.enabled"] == ["false"]
        assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in settings["server.jvm.additional"]
    abs_settings = parse_conf(text_abs)
    assert abs_settings["server.directories.data"] == [str((instance / "data").resolve())]
    assert parse_conf(text)["server.memory.pagecache.size"] == ["64m"]


def test_password_file_is_private_and_stable(tmp_path: Path) -> None:
    first = ensure_password(tmp_path)
    second = ensure_password(tmp_path)
    path = tmp_path / "password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.get_secret_value() == second.get_secret_value()
    assert len(first.get_secret_value()) >= 24
    assert first.get_secret_value() not in repr(Neo4jConnection("bolt://x", "neo4j", first))
    other = tmp_path / "other"
    other.mkdir()
    assert ensure_password(other).get_secret_value() != first.get_secret_value()


def test_generated_passwords_never_look_like_an_option(tmp_path: Path) -> None:
    """neo4j-admin reads the initial password from an argument file, where a leading "-" is an
    option (it failed about one first start in 64 with url-safe base64)."""
    for n in range(200):
        folder = tmp_path / str(n)
        folder.mkdir()
        secret = ensure_password(folder).get_secret_value()
        assert not secret.startswith("-") and secret.isalnum(), secret


def test_pinned_version_is_one_exact_5_26_release() -> None:
    version = pinned_version()
    major, minor, patch = version.split(".")
    assert (major, minor) == ("5", "26")
    assert patch.isdigit()


def test_status_of_an_instance_that_never_ran(tmp_path: Path) -> None:
    server = Neo4jServer(tmp_path / "home", tmp_path / "inst")
    assert server.status().running is False
    assert server.stop() is False
    assert server.connection() is None
    with pytest.raises(Neo4jProvisioningError):
        server.shell_exports()


@pytest.mark.neo4j
def test_real_server_answers_and_requires_auth(neo4j_connection: Neo4jConnection) -> None:
    with GraphDatabase.driver(neo4j_connection.uri, auth=neo4j_connection.auth()) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_=neo4j_connection.database)
        assert records[0]["one"] == 1
    wrong = (neo4j_connection.user, neo4j_connection.password.get_secret_value() + "-wrong")
    with GraphDatabase.driver(neo4j_connection.uri, auth=wrong) as driver, pytest.raises(AuthError):
        driver.verify_connectivity()


def test_assembly_marker_needs_the_listed_jars(tmp_path: Path) -> None:
    lib = tmp_path / "5.26.1" / "lib"
    lib.mkdir(parents=True)
    marker = tmp_path / "5.26.1" / "assembled.json"
    marker.write_text('{"version": "5.26.1", "jars": []}', encoding="utf-8")
    assert not is_assembled(tmp_path, "5.26.1")
    marker.write_text('{"version": "5.26.1", "jars": ["neo4j-5.26.1.jar", "x.jar"]}', encoding="utf-8")
    (lib / "neo4j-5.26.1.jar").touch()
    assert not is_assembled(tmp_path, "5.26.1")
    (lib / "x.jar").touch()
    assert is_assembled(tmp_path, "5.26.1")
    assert not is_assembled(tmp_path, "5.26.2")

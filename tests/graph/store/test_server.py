"""The local Neo4j manager: start is idempotent, status tells, stop is clean, Browser is served."""

from __future__ import annotations

from pathlib import Path

import httpx
import neo4j
import pytest
import yaml
from typer.testing import CliRunner

from api.cli import app
from graph.errors import LocalServerError
from graph.settings import PROJECT_ROOT, LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import Graph
from tests.conftest import free_port

runner = CliRunner()


def test_start_status_stop_through_the_cli(tmp_path: Path) -> None:
    env = {
        "TECHKG_NEO4J_HOME": str(tmp_path / "neo4j"),
        "TECHKG_NEO4J_HEAP": "256m",
        "TECHKG_NEO4J_PAGECACHE": "64m",
        "TECHKG_NEO4J_BOLT_PORT": str(free_port()),
        "TECHKG_NEO4J_HTTP_PORT": str(free_port()),
        "NEO4J_PASSWORD": "cli-test",
    }
    try:
        first = runner.invoke(app, ["neo4j", "start"], env=env)
        assert first.exit_code == 0, first.output
        assert f"bolt://127.0.0.1:{env['TECHKG_NEO4J_BOLT_PORT']}" in first.output
        again = runner.invoke(app, ["neo4j", "start"], env=env)
        assert again.exit_code == 0
        pid = first.output.split("pid ")[1].split(")")[0]
        assert f"pid {pid})" in again.output  # the same server, not a second one
        status = runner.invoke(app, ["neo4j", "status"], env=env)
        assert status.exit_code == 0 and "running" in status.output
        conf = (tmp_path / "neo4j" / "conf" / "neo4j.conf").read_text()
        assert "dbms.usage_report.enabled=false" in conf and "127.0.0.1" in conf
    finally:
        stopped = runner.invoke(app, ["neo4j", "stop"], env=env)
    assert "stopped" in stopped.output
    after = runner.invoke(app, ["neo4j", "status"], env=env)
    assert after.exit_code == 3 and "not running" in after.output


def test_neo4j_browser_is_served(neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> None:
    _, local = neo4j_server
    if not (local.home / "run").exists():
        pytest.skip("an external Neo4j is in use")
    response = httpx.get(local.browser_url, timeout=10)
    assert response.status_code == 200 and "<html" in response.text.lower()


def test_missing_java_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LocalServerError) as caught:
        server.require_tools()
    assert "Java 17+ is not installed" in caught.value.message
    assert "apt-get install" in caught.value.message
    assert "\n" not in caught.value.message


def test_a_taken_port_is_reported(
    neo4j_server: tuple[Neo4jSettings, LocalServerSettings], tmp_path: Path
) -> None:
    _, running = neo4j_server
    clash = LocalServerSettings(home=tmp_path / "other", bolt_port=running.bolt_port)
    with pytest.raises(LocalServerError, match="is taken"):
        server.start(clash, "x")


def test_the_config_closes_what_neo4j_itself_can_close(
    neo4j_server: tuple[Neo4jSettings, LocalServerSettings], graph: Graph
) -> None:
    _, local = neo4j_server
    if not (local.home / "conf").exists():
        pytest.skip("an external Neo4j is in use")
    conf = (local.home / "conf" / "neo4j.conf").read_text()
    for key, value in server.HARDENING.items():
        assert f"\n{key}={value}\n" in conf
    assert f"\ndb.memory.transaction.max={local.transaction_memory}\n" in conf
    with graph.driver.session(database=graph.database) as session:
        # Not through the console: Neo4j itself reads no file URL ...
        with pytest.raises(neo4j.exceptions.ClientError, match="allow_csv_import_from_file_urls"):
            session.run("LOAD CSV FROM 'file:///x.csv' AS line RETURN line").consume()
        # ... stops a transaction at its memory limit (no retry: an auto-commit statement) ...
        with pytest.raises(neo4j.exceptions.TransientError, match=r"db\.memory\.transaction\.max"):
            session.run("UNWIND range(1, 10000000) AS i RETURN size(collect($s)) AS n",
                        s="x" * 10_000).consume()
        # ... and tells Browser to send no usage data.
        config = {r["name"]: r["value"] for r in session.run("CALL dbms.clientConfig()")}
    assert config["client.allow_telemetry"] == "false"


def test_docker_compose_closes_the_same() -> None:
    """The compose file's Neo4j gets the hardening as environment (`.` -> `_`, `_` -> `__`)."""
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    env = compose["services"]["neo4j"]["environment"]

    def name(key: str) -> str:
        return "NEO4J_" + key.replace("_", "__").replace(".", "_")

    for key, value in server.HARDENING.items():
        assert str(env.get(name(key))).lower() == value, key
    assert name("db.memory.transaction.max") in env
    assert name("db.memory.transaction.total.max") in env


@pytest.mark.parametrize(("size", "share"), [("512m", "307m"), ("2g", "1228m"), ("4096k", "2m")])
def test_transactions_get_a_share_of_the_heap(size: str, share: str) -> None:
    assert server.share_of(size, 0.6) == share
    with pytest.raises(LocalServerError):
        server.share_of("lots", 0.6)

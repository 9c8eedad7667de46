"""The local Neo4j manager: start is idempotent, status tells, stop is clean, Browser is served."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.errors import LocalServerError
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
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

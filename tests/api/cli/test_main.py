"""The command line through typer's runner (and the demo as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from typer.testing import CliRunner

from api.cli import app
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from tests.conftest import free_port

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[3]  # the checkout: tests/api/cli/ is three down


def test_extract_follows_the_contract(tmp_path: Path, sample_corpus: Path) -> None:
    out = tmp_path / "out.jsonl"
    bad = tmp_path / "in.jsonl"
    bad.write_text(sample_corpus.read_text() + '{"id": "x", "title": [1]}\n')
    result = runner.invoke(app, ["extract", "--input", str(bad), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [
        json.loads(line)["id"] for line in sample_corpus.read_text().splitlines() if line.strip()
    ]
    assert [line["id"] for line in lines] == [*ids, "x"]
    assert "title" in lines[-1]["error"] and lines[-1]["entities"] == []
    first = lines[0]
    names = {e["name"] for e in first["entities"]}
    for relation in first["relations"]:
        assert relation["subject"] in names and relation["object"] in names
        assert 0.0 <= relation["confidence"] <= 1.0
    assert 0.0 <= first["relevance"] <= 1.0


def test_ingest_dry_run_writes_nothing(
    graph: Graph, sample_corpus: Path, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]
) -> None:
    settings, _ = neo4j_server
    args = [
        "ingest",
        str(sample_corpus),
        "--uri",
        str(settings.uri),
        "--password",
        settings.password.get_secret_value(),
    ]
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    assert graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"techkg-report-{os.getpid()}.json"
    result = runner.invoke(app, [*args, "--report", str(report)])
    assert result.exit_code == 0, result.output
    summary = json.loads(report.read_text())
    assert summary["written"] == summary["documents"] and summary["failed"] == []
    assert graph.read("MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == summary["documents"]


def test_neo4j_status_of_a_server_that_never_ran(tmp_path: Path) -> None:
    env = {"TECHKG_NEO4J_HOME": str(tmp_path / "nothing")}
    result = runner.invoke(app, ["neo4j", "status"], env=env)
    assert result.exit_code == 3
    assert "not running" in result.output


def test_demo_serves_the_api_over_the_ingested_corpus(
    graph: Graph, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]
) -> None:
    settings, _ = neo4j_server
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": str(settings.uri),
        "NEO4J_PASSWORD": settings.password.get_secret_value(),
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        health = wait_for(f"http://127.0.0.1:{port}/health", demo)
        assert health["status"] == "ok" and health["articles"] >= 16
        found = httpx.get(f"http://127.0.0.1:{port}/entities", params={"q": "huawei"}).json()
        assert found["items"][0]["name"] == "Huawei"
    finally:
        demo.terminate()
        output = demo.communicate(timeout=30)[0].decode()
    assert "Neo4j Browser" not in output  # an external NEO4J_URI has no local browser to offer
    assert f"http://127.0.0.1:{port}/docs" in output


@contextmanager
def serving(command: list[str], port: int, cwd: Path, env: dict[str, str]) -> Iterator[str]:
    """Run an API server process listening on `port`; yield its base URL once /health answers."""
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.communicate(timeout=30)


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0].decode()
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                body: dict[str, object] = response.json()
                return body
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds}s")

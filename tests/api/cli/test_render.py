"""`techkg render`: a neighborhood drawn to PNG or SVG from the real graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from tests.queries import data as qd

runner = CliRunner()


@pytest.fixture
def env(graph: Graph, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> dict[str, str]:
    GraphWriter(graph).write(qd.competition_batches())
    settings, _ = neo4j_server
    return {"NEO4J_URI": str(settings.uri), "NEO4J_PASSWORD": settings.password.get_secret_value()}


def test_png_and_svg_are_written(tmp_path: Path, env: dict[str, str]) -> None:
    png = tmp_path / "huawei.png"
    result = runner.invoke(app, ["render", "--entity", "Huawei", "--depth", "2", "--output",
                                 str(png)], env=env)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "entities" in result.output
    svg = tmp_path / "nested" / "huawei.svg"
    result = runner.invoke(app, ["render", "-e", qd.HUAWEI, "-o", str(svg)], env=env)
    assert result.exit_code == 0, result.output
    text = svg.read_text()
    assert "<svg" in text and "RESTRICTS" in text and "Huawei" in text


def test_bad_format_and_unknown_entity_are_refused(tmp_path: Path, env: dict[str, str]) -> None:
    bad = runner.invoke(app, ["render", "-e", "Huawei", "-o", str(tmp_path / "x.gif")], env=env)
    assert bad.exit_code == 2 and not (tmp_path / "x.gif").exists()
    unknown = runner.invoke(app, ["render", "-e", "Nobody Inc", "-o", str(tmp_path / "x.png")],
                            env=env)
    assert unknown.exit_code == 2 and "no entity" in unknown.output

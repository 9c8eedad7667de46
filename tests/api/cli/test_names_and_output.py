"""The CLI through typer's runner against the real Neo4j: entities by id, name or alias with the
closest matches on a miss; exports that never leave a broken file; tables that name entities;
user text printed as it is, never read as markup."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analytics import cache
from graph.ontology import RelationType as R
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from tests.graph.analytics.test_analytics import COUNTRIES, WORLD, cid, write_edges

runner = CliRunner()
IDS = re.compile(r"\b(company|country|governmentbody):[a-z-]+")


@pytest.fixture
def conn(graph: Graph, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> list[str]:
    """WORLD written to an empty graph; the flags that reach it."""
    cache.CACHE.clear()
    write_edges(graph, WORLD, COUNTRIES)
    settings, _ = neo4j_server
    return ["--uri", str(settings.uri), "--password", settings.password.get_secret_value()]


def test_analyze_timeline_takes_a_name_and_suggests_on_a_miss(conn: list[str]) -> None:
    by_name = runner.invoke(app, ["analyze", "timeline", "Nvidia", "--json", *conn])
    assert by_name.exit_code == 0, by_name.output
    body = json.loads(by_name.output)
    assert body["entity"] == cid("Nvidia") and body["name"] == "Nvidia"
    assert [m["month"] for m in body["months"]] == ["2024-01", "2024-02", "2024-06"]
    table = runner.invoke(app, ["analyze", "timeline", "nvidia", *conn])  # any case
    assert table.exit_code == 0 and "Nvidia" in table.output and "2024-06" in table.output
    typo = runner.invoke(app, ["analyze", "timeline", "Nvdia", *conn])
    assert typo.exit_code == 2
    assert "no entity 'Nvdia'" in typo.output and cid("Nvidia") in typo.output


def test_export_takes_a_name_and_never_leaves_a_broken_file(
    conn: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "huawei.nt"
    done = runner.invoke(app, ["export", "--entity", "Huawei", "--depth", "0", "-o", str(out),
                               *conn])
    assert done.exit_code == 0, done.output
    subjects = {line.split(" ", 1)[0] for line in out.read_text().splitlines()}
    assert any(s.endswith(f"/entity/{cid('Huawei')}>") for s in subjects)
    before = out.read_bytes()
    missed = runner.invoke(app, ["export", "--entity", "Huawai", "-o", str(out), *conn])
    assert missed.exit_code == 2 and cid("Huawei") in missed.output  # closest
    assert out.read_bytes() == before  # the earlier export is left as it was
    fresh = tmp_path / "none.nt"
    assert runner.invoke(app, ["export", "--entity", "Nobody", "-o", str(fresh), *conn]
                         ).exit_code == 2
    assert not fresh.exists() and list(tmp_path.iterdir()) == [out]  # no temp file left


def test_analyze_tables_name_entities(conn: list[str]) -> None:
    for command in ("kcore", "communities", "chokepoints"):
        result = runner.invoke(app, ["analyze", command, *conn])
        assert result.exit_code == 0, result.output
        assert "BIS" in result.output and not IDS.search(result.output), result.output
    core = runner.invoke(app, ["analyze", "kcore", *conn]).output
    assert {"BIS", "China", "United States"} <= set(re.findall(r"BIS|China|United States", core))


def test_tables_show_names_as_they_are(graph: Graph, conn: list[str]) -> None:
    write_edges(graph, [("[sic] Corp", R.SUPPORTS, "Huawei", date(2024, 3, 1), 0.9)])
    for command in ("pagerank", "degree", "communities"):
        result = runner.invoke(app, ["analyze", command, *conn])
        assert result.exit_code == 0 and "[sic] Corp" in result.output, result.output
    timeline = runner.invoke(app, ["analyze", "timeline", "[SIC] corp", *conn])
    assert timeline.exit_code == 0 and "[sic] Corp" in timeline.output, timeline.output


def test_competition_table_shows_the_whole_view(conn: list[str]) -> None:
    result = runner.invoke(app, ["analyze", "competition", *conn])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["analyze", "competition", "--json", *conn])
    view = json.loads(shown.output)
    for side, count in view["sides"].items():  # sides and their sizes
        assert re.search(rf"{side}\W+{count}\b", result.output), result.output
    top_us = view["targets"]["us_allies"][0]
    assert re.search(rf"us_allies\W+{top_us['name']}\W+{int(top_us['value'])}\b", result.output)
    for week in view["weekly"]:  # new entities and relations per week
        assert re.search(
            rf"{week['week']}\W+{week['new_entities']}\W+{week['new_relations']}\b", result.output
        ), result.output


def test_user_text_is_printed_as_is(graph: Graph, tmp_path: Path) -> None:
    missing = tmp_path / "[bold]gone[/x].jsonl"
    result = runner.invoke(app, ["ingest", str(missing), "--dry-run"])
    assert result.exit_code == 1
    assert f"failed {missing}: no such file" in result.output and "[red]" not in result.output
    rdf = runner.invoke(app, ["import-rdf", str(tmp_path / "[x]none[/x].ttl")])
    assert rdf.exit_code == 1 and "[x]none[/x].ttl: no such file" in rdf.output


def test_ingest_summary_counts_entities_and_mentions(
    graph: Graph, sample_corpus: Path, tmp_path: Path,
    neo4j_server: tuple[Neo4jSettings, LocalServerSettings],
) -> None:
    settings, _ = neo4j_server
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["ingest", str(sample_corpus), "--uri", str(settings.uri),
                                 "--password", settings.password.get_secret_value(),
                                 "--report", str(report)])
    assert result.exit_code == 0, result.output
    summary = json.loads(report.read_text())
    entities = graph.read("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    mentions = graph.read("MATCH (:Article)-[m:MENTIONS]->() RETURN count(m) AS n")[0]["n"]
    assert mentions > entities  # the corpus names some entities in several documents
    assert (summary["entities"], summary["mentions"]) == (entities, mentions)
    assert re.search(rf"entities\W+{entities}\b", result.output), result.output
    assert re.search(rf"entity mentions\W+{mentions}\b", result.output), result.output

"""The analytics and export routes through the real app (served by uvicorn), and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from rdflib import RDF
from typer.testing import CliRunner

from api.cli import app as cli
from graph.analytics import cache
from graph.rdf import RdfFormat, parse_rdf
from graph.rdf.vocab import TK, ontology_graph, undefined_terms
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from tests.graph.analytics.test_analytics import COUNTRIES, SHAPES, WORLD, cid, write_edges

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.CACHE.clear()


def test_pagerank_route_carries_filters_and_size(graph: Graph, client: httpx.Client) -> None:
    write_edges(graph, SHAPES)
    body = client.get("/analytics/pagerank", params={"relation": "SUPPORTS"}).json()
    assert body["filters"]["relation_types"] == ["SUPPORTS"]
    assert body["size"] == {"nodes": 3, "edges": 3}
    assert [round(i["value"], 6) for i in body["items"]] == [round(1 / 3, 6)] * 3


def test_chokepoints_and_communities_routes(graph: Graph, client: httpx.Client) -> None:
    write_edges(graph, SHAPES)
    chokes = client.get("/analytics/chokepoints",
                        params={"relation": "RESTRICTS", "min_confidence": 0.5}).json()
    assert chokes["articulation_points"] == sorted([cid("C"), cid("D")])
    groups = client.get("/analytics/communities", params={"relation": "COMPETES_WITH"}).json()
    assert [len(c) for c in groups["communities"]] == [3, 3]


def test_errors_have_the_one_shape(graph: Graph, client: httpx.Client) -> None:
    write_edges(graph, SHAPES)
    bad = client.get("/analytics/pagerank", params={"min_confidence": 2})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    missing = client.get("/analytics/timeline/company:nobody")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    no_entity = client.get("/export", params={"format": "nt", "entity": "company:nobody"})
    assert no_entity.status_code == 404 and no_entity.json()["error"]["code"] == "not_found"


def test_competition_and_responses_routes(graph: Graph, client: httpx.Client) -> None:
    write_edges(graph, WORLD, COUNTRIES)
    view = client.get("/analytics/competition").json()
    assert view["sides"] == {"us_allies": 4, "china": 3, "other": 0}
    chains = client.get("/analytics/responses", params={"window_days": 90}).json()["chains"]
    assert len(chains) == 1 and chains[0]["action"]["object"] == cid("Huawei")
    assert [r["subject"] for r in chains[0]["responses"]] == [cid("China"), cid("MOFCOM")]


@pytest.mark.parametrize("fmt,media", [("nt", "application/n-triples"), ("ttl", "text/turtle"),
                                       ("jsonld", "application/ld+json")])
def test_export_route_streams_valid_rdf(graph: Graph, client: httpx.Client, fmt: str,
                                        media: str) -> None:
    write_edges(graph, WORLD, COUNTRIES)
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    g = parse_rdf(response.text, RdfFormat(fmt), data=True)
    assert undefined_terms(g, ontology_graph()) == set()
    assert len(set(g.subjects(RDF.type, TK.Entity))) == 7
    assert len(set(g.subjects(RDF.type, RDF.Statement))) == len(WORLD)


def cli_args(neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> list[str]:
    settings, _ = neo4j_server
    return ["--uri", str(settings.uri), "--password", settings.password.get_secret_value()]


def test_cli_export_import_and_analyze(graph: Graph, tmp_path: Path,
                                       neo4j_server: tuple[Neo4jSettings, LocalServerSettings]
                                       ) -> None:
    cache.CACHE.clear()
    write_edges(graph, WORLD, COUNTRIES)
    conn = cli_args(neo4j_server)
    out = tmp_path / "all.ttl"
    result = runner.invoke(cli, ["export", "--output", str(out), *conn])
    assert result.exit_code == 0, result.output
    graph.write("MATCH (n) DETACH DELETE n")
    result = runner.invoke(cli, ["import-rdf", str(out), *conn])
    assert result.exit_code == 0, result.output
    assert re.search(rf"relations\W+{len(WORLD)}\b", result.output), result.output
    count = graph.read("MATCH (:Entity)-[r]->(:Entity) RETURN sum(r.count) AS n")[0]["n"]
    assert count == len(WORLD)
    result = runner.invoke(cli, ["analyze", "responses", "--json", *conn])
    assert result.exit_code == 0, result.output
    assert '"window_days": 90' in result.output and cid("MOFCOM") in result.output
    result = runner.invoke(cli, ["analyze", "pagerank", "--type", "RESTRICTS", *conn])
    assert result.exit_code == 0 and "Huawei" in result.output
    missing = runner.invoke(cli, ["import-rdf", str(tmp_path / "none.ttl"), *conn])
    assert missing.exit_code == 1

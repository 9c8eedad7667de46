"""Saved queries: every file is valid and ontology-true, and each answers what it describes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.errors import InvalidInput, NotFound, QueryRejected
from graph.ontology import ENTITY_LABELS, RELATION_TYPES
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from queries.registry import QUERY_DIR, QueryFileError, QueryRegistry, parse_query_file
from tests.queries import data as qd

# Structural names of the graph (README, "The graph in Neo4j"), not ontology types.
STRUCTURAL_LABELS = {"Entity", "Article"}
STRUCTURAL_TYPES = {"MENTIONS"}
REGISTRY = QueryRegistry()


# ------------------------------------------------------------------ the files


def test_at_least_twelve_queries_load_with_full_headers() -> None:
    assert len(REGISTRY.names()) >= 12
    for query in REGISTRY.all():
        assert query.description and query.columns
        assert any(p.name == "limit" for p in query.params)
        for param in query.params:
            assert param.description, f"{query.name}.{param.name} has no description"


def test_every_label_and_relationship_type_comes_from_the_ontology() -> None:
    for query in REGISTRY.all():
        code = re.sub(r"'[^']*'|\"[^\"]*\"", "''", query.cypher)
        # `(x:Label`, `:Label)`, `x:Label AND`, `[r:TYPE|TYPE2]` and `-[:TYPE]->`
        rel_types: set[str] = set()
        for group in re.findall(r"\[\w*:([A-Z_|]+)", code):
            rel_types |= set(group.split("|"))
        nodes_only = re.sub(r"\[\w*:[A-Z_|]+[^\]]*\]", "[]", code)
        labels = set(re.findall(r"\b[a-z_]\w*:([A-Z]\w*)", nodes_only))
        labels |= set(re.findall(r"\(:([A-Z]\w*)", nodes_only))
        assert labels <= ENTITY_LABELS | STRUCTURAL_LABELS, (query.name, labels)
        assert rel_types <= RELATION_TYPES | STRUCTURAL_TYPES, (query.name, rel_types)
        assert labels, f"{query.name}: no label found; the check would prove nothing"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text)
    return path


GOOD = """// @name ok
// @description fine
// @param n: int[1..10] = 3 -- how many
// @param limit: int = 5 -- rows
// @columns x
MATCH (e:Entity) RETURN e.id AS x SKIP $n LIMIT $limit
"""


@pytest.mark.parametrize(("change", "message"), [
    (("@param n: int[1..10] = 3", "@param n: integer = 3"), "unknown type"),
    (("// @columns x", "// @columns x\n// @owner me"), "unknown header tag"),
    (("SKIP $n", "SKIP $m"), "undeclared"),
    (("SKIP $n LIMIT $limit", "SKIP $n LIMIT $limit ORDER BY x"), "LIMIT $limit"),
    (("// @name ok", "// @name other"), "file name"),
    (("= 3 --", "= 30 --"), "at most 10"),
    (("// @columns x", "// @columns x\n// @entities y"), "@entities"),
])
def test_malformed_files_fail_loudly(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    assert parse_query_file(write(tmp_path, "ok", GOOD)).name == "ok"
    with pytest.raises(QueryFileError, match=re.escape(message)):
        parse_query_file(write(tmp_path, "ok", GOOD.replace(*change)))


@pytest.mark.parametrize("body", [
    "MATCH (e:Entity) SET e.hacked = true WITH e RETURN e.id AS x LIMIT $limit",
    "MATCH (e:Entity) // a note\rSET e.hacked = true\nRETURN e.id AS x LIMIT $limit",
    "MATCH (e:Entity) /* a note */ CALL db.createLabel('Hacked') RETURN e.id AS x LIMIT $limit",
    "CALL db.stats.clear('QUERIES') YIELD section RETURN section AS x LIMIT $limit",
    "LOAD CSV FROM 'file:///x.csv' AS line RETURN line AS x LIMIT $limit",
    "SHOW SETTINGS YIELD name RETURN name AS x LIMIT $limit",
])
def test_a_saved_query_that_is_not_a_read_is_refused_on_its_plan(
        graph: Graph, tmp_path: Path, body: str) -> None:
    """Read-only is decided on Neo4j's plan, as for the console, not on keywords in the file."""
    graph.write("CREATE (:Entity {id: 'e1', name: 'E'})")
    header = "// @name sneaky\n// @description d\n// @param limit: int = 5 -- rows\n// @columns x\n"
    write(tmp_path, "sneaky", header + body)
    registry = QueryRegistry(directory=tmp_path)
    with pytest.raises(QueryRejected):
        registry.run(graph, "sneaky")
    assert graph.read("MATCH (e:Entity) RETURN e.hacked AS hacked, labels(e) AS labels") == [
        {"hacked": None, "labels": ["Entity"]}]


def test_parameters_are_coerced_and_validated_against_the_header() -> None:
    query = REGISTRY.get("newest_relations")
    bound = query.bind({"relation": "restricts", "since": "2020-01-01", "limit": "7"})
    assert bound["relation"] == "RESTRICTS" and bound["limit"] == 7
    assert str(bound["since"]) == "2020-01-01"
    with pytest.raises(InvalidInput) as bad_enum:
        query.bind({"relation": "SELLS"})
    assert bad_enum.value.detail["field"] == "relation"
    with pytest.raises(InvalidInput, match="at most 1000"):
        query.bind({"limit": 5000})
    with pytest.raises(InvalidInput, match="whole number"):
        query.bind({"limit": "ten"})
    with pytest.raises(InvalidInput, match="did you mean limit"):
        query.bind({"limt": 3})
    with pytest.raises(InvalidInput, match="expected a date"):
        query.bind({"since": "yesterday"})
    with pytest.raises(InvalidInput, match="required"):
        REGISTRY.get("entities_by_id").bind({})
    assert REGISTRY.get("relations_among").bind({"ids": "a, b"})["ids"] == ["a", "b"]
    assert REGISTRY.get("who_restricts").bind({"include_negated": "yes"})["include_negated"]
    with pytest.raises(NotFound) as unknown:
        REGISTRY.get("who_restrict")
    assert "who_restricts" in unknown.value.detail["closest"]


# ------------------------------------------------------------------ against the seed corpus


@pytest.fixture(scope="module")
def seeded(session_graph: Graph, sample_corpus: Path) -> Graph:
    return qd.seed_competition_graph(session_graph, sample_corpus)


def run(graph: Graph, name: str, **params: Any) -> list[dict[str, Any]]:
    result = REGISTRY.run(graph, name, params)
    for row in result.rows:
        assert list(row) == result.columns, f"{name}: rows do not match @columns"
    return result.rows


def test_every_query_runs_with_its_defaults(seeded: Graph) -> None:
    for name in REGISTRY.names():
        params: dict[str, Any] = {"ids": [qd.HUAWEI, qd.CHINA]} if "ids" in [
            p.name for p in REGISTRY.get(name).params if p.required] else {}
        rows = run(seeded, name, **params)
        assert rows, f"{name} found nothing in the seed corpus and the known facts"


def test_who_restricts(seeded: Graph) -> None:
    rows = run(seeded, "who_restricts", entity="huawei")
    assert {r["restrictor_id"] for r in rows} == {qd.BIS, qd.ENTITY_LIST}
    assert rows[0]["restrictor_id"] == qd.BIS and rows[0]["count"] == 2  # best supported first
    assert all(r["target_id"] == qd.HUAWEI for r in rows)


def test_export_control_chains(seeded: Graph) -> None:
    rows = run(seeded, "export_control_chains", agency="Bureau of Industry and Security")
    chains = {(r["agency_id"], r["rule_id"], r["target_id"], r["company_id"], r["country_id"])
              for r in rows}
    assert (qd.BIS, qd.FDPR, qd.ASCEND, qd.HUAWEI, qd.CHINA) in chains
    assert (qd.BIS, qd.ENTITY_LIST, qd.HUAWEI, qd.HUAWEI, qd.CHINA) in chains
    assert all(r["agency_id"] == qd.BIS for r in rows)
    assert {r["agency_id"] for r in run(seeded, "export_control_chains")} >= {qd.BIS}


def test_exporters_also_restricted(seeded: Graph) -> None:
    rows = run(seeded, "exporters_also_restricted", country="China")
    assert [r["company_id"] for r in rows] == [qd.NVIDIA]
    assert rows[0]["restrictors"] == [qd.US] and rows[0]["restricted_items"] == ["H20"]
    assert run(seeded, "exporters_also_restricted", country="Russia") == []  # that export is denied


def test_most_connected(seeded: Graph) -> None:
    rows = run(seeded, "most_connected", relation="RESTRICTS")
    # Huawei is restricted by the two restrictors of the known facts; the seed's extracted
    # relations may rank others beside it, so the test holds the count and the order.
    by_id = {r["entity_id"]: r for r in rows}
    assert by_id[qd.HUAWEI]["neighbors"] == 2 and by_id[qd.HUAWEI]["relations"] == 2
    ranks = [(-r["neighbors"], -r["evidence"], r["entity"]) for r in rows]
    assert ranks == sorted(ranks)
    neighbors = [r["neighbors"] for r in run(seeded, "most_connected")]
    assert neighbors == sorted(neighbors, reverse=True)
    people = run(seeded, "most_connected", entity_type="Person")
    assert people and all(r["type"] == "Person" for r in people)


def test_country_company_partners(seeded: Graph) -> None:
    rows = run(seeded, "country_company_partners", country="china")
    assert [(r["company_id"], r["partner_id"]) for r in rows] == [(qd.HUAWEI, qd.RUSSIA)]


def test_person_proposals(seeded: Graph) -> None:
    direct = run(seeded, "person_proposals", person="Jensen Huang")
    assert [(r["proposal_id"], r["via_id"], r["modality"]) for r in direct] == [
        (qd.H20_SALES, None, "planned")]
    # Li Qiang proposes through China, the country he is affiliated with (Premier).
    via = run(seeded, "person_proposals", person="Li Qiang")
    assert qd.ACTION_PLAN in {r["proposal_id"] for r in via}
    assert all(r["via_id"] == qd.CHINA for r in via)
    assert run(seeded, "person_proposals", person="Li Qiang", via_affiliation=False) == []


def test_newest_relations(seeded: Graph) -> None:
    rows = run(seeded, "newest_relations", limit=5)
    seen = [r["last_seen"] for r in rows if r["last_seen"]]
    assert seen == sorted(seen, reverse=True)
    since = run(seeded, "newest_relations", relation="RESTRICTS", since="2025-01-01")
    assert (qd.US, qd.H20) in {(r["subject_id"], r["object_id"]) for r in since}
    assert (qd.BIS, qd.HUAWEI) not in {(r["subject_id"], r["object_id"]) for r in since}
    assert all(r["relation"] == "RESTRICTS" and r["last_seen"] >= "2025-01-01" for r in since)


def test_co_mentioned(seeded: Graph) -> None:
    rows = run(seeded, "co_mentioned", entity="Huawei")
    others = {r["other_id"]: r["articles"] for r in rows}
    assert others[qd.BIS] == 2 and qd.CHINA in others  # qa-1 and qa-2; and the seed articles
    assert qd.HUAWEI not in others
    assert all(r["articles"] >= 2 for r in run(seeded, "co_mentioned", entity="Huawei",
                                               min_articles=2))


def test_denials_and_planned_moves(seeded: Graph) -> None:
    denied = {(r["subject_id"], r["relation"], r["object_id"]) for r in run(seeded, "denials")}
    assert (qd.NVIDIA, "EXPORTS_TO", qd.RUSSIA) in denied
    evidence = run(seeded, "denials", entity="Nvidia")[0]["evidence"]
    assert json.loads(evidence)["article_id"] == "qa-3"
    planned = run(seeded, "planned_moves", modality="planned")
    assert (qd.JENSEN, qd.H20_SALES) in {(r["subject_id"], r["object_id"]) for r in planned}
    assert all(r["modality"] == "planned" for r in planned)


def test_who_exports_to_and_best_supported(seeded: Graph) -> None:
    rows = run(seeded, "who_exports_to", destination="Russia")
    assert [(r["exporter_id"], r["negated"]) for r in rows] == [(qd.NVIDIA, True)]
    best = run(seeded, "best_supported", limit=5)
    [most] = seeded.read("MATCH ()-[r]->() RETURN max(r.source_count) AS n")
    assert best[0]["source_count"] == most["n"] == 2
    assert (qd.BIS, qd.HUAWEI, 2) in {(r["subject_id"], r["object_id"], r["source_count"])
                                      for r in best}
    ranks = [(-r["source_count"], -r["count"], -r["confidence"], r["subject"]) for r in best]
    assert ranks == sorted(ranks)
    assert all(r["confidence"] >= 0.85 for r in run(seeded, "best_supported", min_confidence=0.85))


def test_restrictions_by_country_and_how_connected(seeded: Graph) -> None:
    by_country = {r["country_id"]: r for r in run(seeded, "restrictions_by_country")}
    assert set(by_country[qd.US]["targets"]) >= {qd.HUAWEI, qd.ASCEND, qd.H20}
    paths = run(seeded, "how_connected", source="Jensen Huang", target="H20")
    assert paths[0]["entity_ids"] == [qd.JENSEN, qd.NVIDIA, qd.H20] and paths[0]["hops"] == 2
    assert run(seeded, "how_connected", source="Jensen Huang", target="Russia", max_hops=1) == []


def test_articles_neighborhood_and_drawing(seeded: Graph) -> None:
    articles = run(seeded, "articles_about", entity=qd.HUAWEI)
    assert {"qa-1", "qa-2"} <= {r["article_id"] for r in articles}
    dated = [r["published"] for r in articles if r["published"]]
    assert dated == sorted(dated, reverse=True)
    near = {r["entity_id"]: r["distance"] for r in run(seeded, "neighborhood", entity="Huawei",
                                                       depth=2)}
    assert near[qd.HUAWEI] == 0 and near[qd.BIS] == 1 and near[qd.FDPR] == 2
    result = REGISTRY.run(seeded, "who_restricts", {"entity": "Huawei"})
    drawing = REGISTRY.draw(seeded, result.entity_ids)
    edges = {(e["data"]["source"], e["data"]["type"], e["data"]["target"])
             for e in drawing.elements.edges}
    assert (qd.BIS, "RESTRICTS", qd.HUAWEI) in edges and (qd.BIS, "ENACTS", qd.ENTITY_LIST) in edges
    evidence = next(e for e in drawing.elements.edges if e["data"]["type"] == "RESTRICTS"
                    and e["data"]["source"] == qd.BIS)["data"]["evidence"]
    assert {ev["title"] for ev in evidence} == {"BIS adds Huawei to the Entity List",
                                                "Foreign direct product rule extended to Huawei chips"}


def test_row_limit_cuts_and_says_so(seeded: Graph) -> None:
    small = QueryRegistry(queries=REGISTRY.queries, row_limit=2)
    result = small.run(seeded, "newest_relations", {"limit": 10})
    assert len(result.rows) == 2 and result.truncated


# ------------------------------------------------------------------ the command line


def test_query_command_prints_json_and_tables(
        seeded: Graph, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> None:
    settings, _ = neo4j_server
    env = {"NEO4J_URI": str(settings.uri), "NEO4J_PASSWORD": settings.password.get_secret_value()}
    runner = CliRunner()
    result = runner.invoke(app, ["query", "who_restricts", "--param", "entity=Huawei", "--json"],
                           env=env)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {r["restrictor_id"] for r in body["rows"]} == {qd.BIS, qd.ENTITY_LIST}
    table = runner.invoke(app, ["query", "who_restricts", "-p", "entity=Huawei"], env=env)
    assert table.exit_code == 0 and "Bureau of Industry" in table.stdout
    listing = runner.invoke(app, ["query"], env=env)
    assert listing.exit_code == 0 and "export_control_chains" in listing.stdout
    unknown = runner.invoke(app, ["query", "who_restrict"], env=env)
    assert unknown.exit_code == 2 and "who_restricts" in unknown.output
    bad = runner.invoke(app, ["query", "most_connected", "-p", "relation=SELLS"], env=env)
    assert bad.exit_code == 2 and "relation" in bad.output
    assert runner.invoke(app, ["query", "most_connected", "-p", "nokey"], env=env).exit_code == 2


def test_query_files_are_the_ones_in_the_package() -> None:
    assert {p.stem for p in QUERY_DIR.glob("*.cypher")} == set(REGISTRY.names())

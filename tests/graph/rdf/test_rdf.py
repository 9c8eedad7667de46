"""RDF export and import against a real Neo4j: validation, neighbourhoods, the round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib import Graph as RdfGraph
from rdflib.compare import isomorphic

import graph.rdf as rdf
import graph.rdf.exporting as exporting
import graph.rdf.importing as importing
import graph.rdf.reading as reading
from graph.errors import NotFound
from graph.model import Article, Entity, Evidence, GraphBatch, Relation
from graph.ontology import EntityType, RelationType
from graph.rdf import Iris, RdfFormat, export, import_rdf, write_export
from graph.rdf.vocab import ONTOLOGY_FILE, TK, ontology_graph, undefined_terms
from graph.settings import RdfSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter

BASE = "https://kg.test/"
SETTINGS = RdfSettings(rdf_base=BASE)
BIS = Entity(id="governmentbody:bis", name="Bureau of Industry and Security",
             type=EntityType.GOVERNMENT_BODY, aliases=["BIS", "Commerce's BIS"],
             country="United States")
HUAWEI = Entity(id="company:huawei", name="Huawei", type=EntityType.COMPANY, aliases=["华为"],
                country="China", wikidata="Q160120")
CHINA = Entity(id="country:china", name="China", type=EntityType.COUNTRY, wikidata="Q148")
NVIDIA = Entity(id="company:nvidia", name="Nvidia", type=EntityType.COMPANY,
                country="United States")


def relation(s: Entity, t: RelationType, o: Entity, article: Article, sentence: str,
             confidence: float, **kw: Any) -> Relation:
    return Relation(subject=s.id, type=t, object=o.id, confidence=confidence,
                    date=article.published,
                    evidence=Evidence(article_id=article.id, sentence=sentence, start=0,
                                      end=len(sentence), date=article.published,
                                      source=article.source), **kw)


def build_small(graph: Graph) -> None:
    a1 = Article(id="bis/2019-05", title='BIS adds "Huawei"', url="https://bis.gov/x",
                 source="bis.gov", published=date(2019, 5, 16), content_hash="h1", relevance=0.9)
    a2 = Article(id="reuters-1", title="Huawei\nlisted", source="reuters.com",
                 published=date(2019, 6, 1), content_hash="h2", relevance=0.7)
    s1 = 'BIS added "Huawei" to the Entity List.\nIt said so.'
    GraphWriter(graph).write([
        GraphBatch(article=a1, entities=[BIS, HUAWEI, CHINA], relations=[
            relation(BIS, RelationType.RESTRICTS, HUAWEI, a1, s1, 0.8),
            relation(HUAWEI, RelationType.LOCATED_IN, CHINA, a1, "Huawei, of China.", 0.9)]),
        GraphBatch(article=a2, entities=[BIS, HUAWEI, NVIDIA], relations=[
            relation(BIS, RelationType.RESTRICTS, HUAWEI, a2, "The US blacklisted Huawei.", 0.5),
            relation(NVIDIA, RelationType.EXPORTS_TO, HUAWEI, a2, "Nvidia denies selling.", 0.6,
                     negated=True)]),
    ])


def parse(path: Path, fmt: RdfFormat) -> RdfGraph:
    return rdf.parse_rdf(path, fmt)


def test_ontology_file_is_generated_from_ontology_py() -> None:
    on_disk = RdfGraph().parse(str(ONTOLOGY_FILE), format="turtle")
    assert isomorphic(on_disk, ontology_graph()), "run: python -m graph.rdf.regenerate"
    for entity_type in EntityType:
        assert (TK[entity_type.value], RDF.type, OWL.Class) in on_disk
        assert (TK[entity_type.value], RDFS.comment, None) in on_disk
    for relation_type in RelationType:
        assert (TK[relation_type.value], RDF.type, OWL.ObjectProperty) in on_disk
    assert (TK.PARTNERS_WITH, RDF.type, OWL.SymmetricProperty) in on_disk


def test_the_ontology_file_is_regenerated_by_its_own_command(tmp_path: Path) -> None:
    # Warnings as errors: running the module must not meet an imported copy of itself.
    written = tmp_path / "ontology.ttl"
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "graph.rdf.regenerate", str(written)],
        cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, check=True,
    )
    assert done.stderr == "" and done.stdout == f"wrote {written}\n"
    assert isomorphic(RdfGraph().parse(str(written), format="turtle"), ontology_graph())


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_export_parses_validates_and_says_what_it_should(graph: Graph, tmp_path: Path,
                                                         fmt: RdfFormat) -> None:
    build_small(graph)
    path = tmp_path / f"out.{fmt.value}"
    write_export(path, export(graph, fmt, settings=SETTINGS))
    g = parse(path, fmt)
    assert undefined_terms(g, ontology_graph()) == set()
    iris = Iris(BASE)
    bis, huawei, nvidia = iris.entity(BIS.id), iris.entity(HUAWEI.id), iris.entity(NVIDIA.id)
    assert str(bis) == "https://kg.test/entity/governmentbody:bis"
    assert (bis, TK.RESTRICTS, huawei) in g
    assert (nvidia, TK.EXPORTS_TO, huawei) not in g  # negated: only as a statement
    assert (huawei, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q160120")) in g
    assert (bis, RDFS.label, Literal("Bureau of Industry and Security")) in g
    assert {str(o) for o in g.objects(bis, SKOS.altLabel)} == {"BIS", "Commerce's BIS"}
    st = iris.statement(BIS.id, "RESTRICTS", HUAWEI.id, False)
    assert (st, RDF.subject, bis) in g and (st, RDF.predicate, TK.RESTRICTS) in g
    assert g.value(st, TK["count"]).toPython() == 2
    assert g.value(st, TK.confidence).toPython() == pytest.approx(1 - 0.2 * 0.5)
    sentences = {str(g.value(ev, TK.sentence)) for ev in g.objects(st, TK.evidence)}
    assert 'BIS added "Huawei" to the Entity List.\nIt said so.' in sentences


def test_undefined_terms_are_reported() -> None:
    g = RdfGraph()
    g.add((URIRef("https://kg.test/entity/x"), TK.bogus, Literal(1)))
    g.add((URIRef("https://kg.test/entity/x"), RDF.type, TK.Spaceship))
    assert undefined_terms(g, ontology_graph()) == {str(TK.bogus), str(TK.Spaceship)}


def test_pages_concatenate_into_one_valid_document(graph: Graph, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build_small(graph)
    whole = {}
    for page_size in (500, 1):
        monkeypatch.setattr(exporting, "PAGE", page_size)
        for fmt in RdfFormat:
            path = tmp_path / f"{page_size}.{fmt.value}"
            write_export(path, export(graph, fmt, settings=SETTINGS))
            whole[(page_size, fmt)] = parse(path, fmt)
    reference = whole[(500, RdfFormat.NT)]
    assert len(reference) > 40
    for g in whole.values():
        assert isomorphic(g, reference)


def test_neighbourhood_export(graph: Graph, tmp_path: Path) -> None:
    build_small(graph)
    path = tmp_path / "n.nt"
    iris = Iris(BASE)
    write_export(path, export(graph, RdfFormat.NT, entity=BIS.id, depth=1, settings=SETTINGS))
    entities = set(parse(path, RdfFormat.NT).subjects(RDF.type, TK.Entity))
    assert entities == {iris.entity(BIS.id), iris.entity(HUAWEI.id)}
    write_export(path, export(graph, RdfFormat.NT, entity=BIS.id, depth=2, settings=SETTINGS))
    g = parse(path, RdfFormat.NT)
    assert set(g.subjects(RDF.type, TK.Entity)) == {iris.entity(e.id) for e in
                                                     (BIS, HUAWEI, CHINA, NVIDIA)}
    assert set(g.subjects(RDF.type, TK.Article)) == {iris.article("bis/2019-05"),
                                                      iris.article("reuters-1")}
    with pytest.raises(NotFound):
        write_export(path, export(graph, RdfFormat.NT, entity="company:nobody", settings=SETTINGS))


SNAPSHOT = {
    "entities": "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, "
                "e.aliases AS aliases, e.country AS country, e.wikidata AS wikidata, "
                "e.first_seen AS first, e.last_seen AS last, labels(e) AS labels ORDER BY id",
    "articles": "MATCH (a:Article) RETURN properties(a) AS a ORDER BY a.id",
    "mentions": "MATCH (a:Article)-[:MENTIONS]->(e) RETURN a.id AS a, e.id AS e ORDER BY a, e",
    "relations": "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS s, type(r) AS t, o.id AS o, "
                 "properties(r) AS r ORDER BY s, t, o",
}


def snapshot(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    out = {name: graph.read(query) for name, query in SNAPSHOT.items()}  # type: ignore[arg-type]
    for row in out["entities"]:
        row["aliases"], row["labels"] = sorted(row["aliases"]), sorted(row["labels"])
    return out


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_round_trip(graph: Graph, tmp_path: Path, fmt: RdfFormat) -> None:
    build_small(graph)
    before = snapshot(graph)
    path = tmp_path / f"all.{fmt.value}"
    write_export(path, export(graph, fmt, settings=SETTINGS))
    graph.write("MATCH (n) DETACH DELETE n")
    summary = import_rdf(graph, path)
    counts = (summary.articles, summary.entities, summary.statements, summary.evidence)
    assert counts == (2, 4, 3, 4)
    after = snapshot(graph)
    assert after == before
    sample = next(r["r"] for r in after["relations"] if r["t"] == "RESTRICTS")
    evidence = [json.loads(e) for e in sample["evidence"]]
    assert [e["article_id"] for e in evidence] == ["bis/2019-05", "reuters-1"]
    assert sample["count"] == 2 and sample["source_count"] == 2


def test_importing_twice_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    build_small(graph)
    path = tmp_path / "all.nt"
    write_export(path, export(graph, RdfFormat.NT, settings=SETTINGS))
    before = snapshot(graph)
    import_rdf(graph, path)
    assert snapshot(graph) == before


def test_import_in_small_pages_and_chunks_gives_the_same_graph(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small(graph)
    GraphWriter(graph).write_entities([Entity(id="company:loner", name="Loner Corp",
                                              type=EntityType.COMPANY, aliases=["LC"])])
    before = snapshot(graph)
    path = tmp_path / "all.nt"
    write_export(path, export(graph, RdfFormat.NT, settings=SETTINGS))
    graph.write("MATCH (n) DETACH DELETE n")
    for module, name in ((reading, "CHUNK_LINES"), (importing, "ARTICLE_PAGE"),
                         (importing, "ENTITY_PAGE"), (importing, "STATEMENT_PAGE"),
                         (importing, "ENTITY_CACHE")):
        monkeypatch.setattr(module, name, 1)
    phases: list[str] = []
    summary = import_rdf(graph, path, on_progress=lambda phase, done, total: phases.append(phase))
    assert snapshot(graph) == before
    assert (summary.entities, summary.statements, summary.problems.count) == (5, 3, 0)
    assert summary.triples == sum(1 for line in path.read_text().splitlines() if line.strip())
    assert [p for i, p in enumerate(phases) if p not in phases[:i]] == [
        "parsing", "indexing", "articles", "entities", "relations"]


def test_bad_lines_and_nodes_are_reported_and_the_rest_lands(graph: Graph, tmp_path: Path) -> None:
    build_small(graph)
    before = snapshot(graph)
    path = tmp_path / "all.nt"
    write_export(path, export(graph, RdfFormat.NT, settings=SETTINGS))
    lines = path.read_bytes().splitlines(keepends=True)
    stray = Iris(BASE).entity("company:stray")
    bad = [b"this is not a triple\n", b"<https://kg.test/x> <https://kg.test/y> \"\xff\xfe\" .\n",
           f"<{stray}> <{RDFS.label}> \"Stray\" .\n".encode(),  # typed as nothing techkg knows
           f"<{stray}> <{RDF.type}> <{TK.Entity}> .\n".encode()]
    path.write_bytes(b"".join(lines[:3] + bad + lines[3:]))
    graph.write("MATCH (n) DETACH DELETE n")
    summary = import_rdf(graph, path)
    messages = summary.problems.messages
    assert summary.problems.count == 3, messages
    assert messages[0].startswith("all.nt:4: not an N-Triples line")
    assert messages[1] == "all.nt:5: not UTF-8"
    assert str(stray) in messages[2] and "no techkg entity type" in messages[2]
    assert snapshot(graph) == before


def import_without(graph: Graph, tmp_path: Path, node: URIRef) -> rdf.ImportSummary:
    """Export the small graph, drop every triple about `node`, and import the rest afresh."""
    build_small(graph)
    path = tmp_path / "all.nt"
    write_export(path, export(graph, RdfFormat.NT, settings=SETTINGS))
    kept = [line for line in path.read_text().splitlines(keepends=True)
            if not line.startswith(f"<{node}>")]
    path.write_text("".join(kept))
    graph.write("MATCH (n) DETACH DELETE n")
    return import_rdf(graph, path)


def test_evidence_citing_an_undescribed_article_skips_only_its_statement(
    graph: Graph, tmp_path: Path
) -> None:
    summary = import_without(graph, tmp_path, Iris(BASE).article("reuters-1"))
    # RESTRICTS and EXPORTS_TO cite reuters-1; LOCATED_IN only bis/2019-05
    assert summary.statements == 1 and summary.problems.count == 2
    assert all("reuters-1" in m for m in summary.problems.messages)
    rows = graph.read("MATCH ()-[r]->() RETURN type(r) AS t ORDER BY t")
    assert [r["t"] for r in rows] == ["LOCATED_IN", "MENTIONS", "MENTIONS", "MENTIONS"]


def test_an_undescribed_entity_is_reported_once_and_its_relations_skipped(
    graph: Graph, tmp_path: Path
) -> None:
    nvidia = Iris(BASE).entity(NVIDIA.id)
    summary = import_without(graph, tmp_path, nvidia)
    assert summary.problems.count == 2, summary.problems.messages
    mention, statement = summary.problems.messages
    assert mention == f"<{nvidia}>: mentioned by an article but not described in the file"
    assert "company:nvidia is not an entity the file describes" in statement
    assert summary.statements == 2
    assert not graph.read("MATCH (e:Entity {id: $id}) RETURN e", {"id": NVIDIA.id})

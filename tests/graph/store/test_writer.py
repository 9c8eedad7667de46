"""The one writer against a real Neo4j: idempotent, evidence accumulates, sources counted."""

from __future__ import annotations

import itertools
from datetime import date

from graph.model import (
    Document,
    ExtractedEntity,
    ExtractedRelation,
    Extraction,
    GraphBatch,
)
from graph.ontology import EntityType, RelationType
from graph.resolve import to_batch
from graph.store.db import Graph
from graph.store.schema import apply_schema, schema_steps
from graph.store.writer import GraphWriter
from tests.graph.snapshot import snapshot


def make_doc(
    doc_id: str, sentence: str, source: str = "bis.gov", published: date = date(2024, 7, 2)
) -> tuple[Document, Extraction]:
    doc = Document(id=doc_id, title="", text=sentence, published=published, source=source)
    extraction = Extraction(
        id=doc_id,
        relevance=0.9,
        entities=[
            ExtractedEntity(
                name="Bureau of Industry and Security",
                type=EntityType.GOVERNMENT_BODY,
                aliases=["BIS"],
                country="United States",
            ),
            ExtractedEntity(
                name="Huawei Technologies Co., Ltd.",
                type=EntityType.COMPANY,
                aliases=["Huawei"],
                country="China",
            ),
        ],
        relations=[
            ExtractedRelation(
                subject="Bureau of Industry and Security",
                relation=RelationType.RESTRICTS,
                object="Huawei Technologies Co., Ltd.",
                confidence=0.8,
                evidence=sentence,
                start=0,
                end=len(sentence),
            )
        ],
    )
    return doc, extraction


def restricts(graph: Graph) -> list[dict[str, object]]:
    return graph.read(
        "MATCH (:GovernmentBody)-[r:RESTRICTS]->(c:Company) "
        "RETURN c.id AS company, r.count AS count, r.source_count AS sources, "
        "r.articles AS articles, r.first_seen AS first, r.last_seen AS last, "
        "r.confidence AS confidence"
    )


def test_schema_steps_are_rerunnable(graph: Graph) -> None:
    apply_schema(graph)
    apply_schema(graph)
    names = {row["name"] for row in graph.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"entity_id_unique", "article_id_unique", "company_id_unique"} <= names
    indexes = {
        row["name"]: row["type"]
        for row in graph.read("SHOW INDEXES YIELD name, type RETURN name, type")
    }
    assert indexes["entity_names"] == "FULLTEXT"
    assert len(schema_steps()) == len({s.name for s in schema_steps()})


def test_writing_twice_changes_nothing(graph: Graph) -> None:
    batch = to_batch(*make_doc("a1", "BIS added Huawei to the Entity List."))
    writer = GraphWriter(graph)
    first = writer.write([batch])
    counts = graph.read(
        "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
    )
    second = writer.write([batch])
    assert (
        graph.read(
            "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
        )
        == counts
    )
    assert counts[0]["nodes"] == 3  # article + two entities
    assert first.counters["nodes_created"] == 3
    assert second.counters.get("nodes_created", 0) == 0
    assert restricts(graph)[0]["count"] == 1


def test_evidence_accumulates_across_documents(graph: Graph) -> None:
    writer = GraphWriter(graph)
    writer.write(
        [
            to_batch(
                *make_doc("a1", "BIS added Huawei to the Entity List.", published=date(2019, 5, 16))
            )
        ]
    )
    writer.write(
        [
            to_batch(
                *make_doc(
                    "a2",
                    "The Commerce bureau restricted Huawei again.",
                    source="voanews.com",
                    published=date(2020, 8, 17),
                )
            )
        ]
    )
    # A copy of the first story republished elsewhere: same sentence, so not a new source.
    writer.write(
        [
            to_batch(
                *make_doc(
                    "a3",
                    "BIS added Huawei to the Entity List.",
                    source="wire.example.org",
                    published=date(2020, 9, 1),
                )
            )
        ]
    )
    [row] = restricts(graph)
    assert row["company"] == "company:huawei-technologies"
    assert row["count"] == 3
    assert row["sources"] == 2
    assert sorted(row["articles"]) == ["a1", "a2", "a3"]  # type: ignore[arg-type]
    assert str(row["first"]) == "2019-05-16" and str(row["last"]) == "2020-09-01"
    assert row["confidence"] > 0.8  # corroboration raises confidence


def test_aliases_merge_without_duplicates(graph: Graph) -> None:
    writer = GraphWriter(graph)
    writer.write([to_batch(*make_doc("a1", "BIS restricted Huawei."))])
    writer.write([to_batch(*make_doc("a2", "BIS restricted Huawei once more."))])
    [row] = graph.read("MATCH (e:Company) RETURN e.aliases AS aliases, e.alias_text AS text")
    assert sorted(row["aliases"]) == ["Huawei", "Huawei Technologies Co., Ltd."]
    assert "Huawei" in row["text"]


def test_entity_seen_dates_span_every_batch_of_one_write(graph: Graph) -> None:
    early = to_batch(*make_doc("a1", "BIS restricted Huawei.", published=date(2019, 5, 16)))
    late = to_batch(*make_doc("a2", "BIS restricted Huawei again.", published=date(2020, 8, 17)))
    GraphWriter(graph).write([late, early])
    [row] = graph.read("MATCH (e:Company) RETURN e.first_seen AS first, e.last_seen AS last")
    assert (str(row["first"]), str(row["last"])) == ("2019-05-16", "2020-08-17")


def _copy_pattern() -> list[GraphBatch]:
    """Two stories of one publisher and a verbatim copy of the first elsewhere, later: the
    copy is not a new source, whichever order the three arrive in."""
    first = "BIS added Huawei to the Entity List."
    docs = [
        make_doc("p1", first, source="bis.gov", published=date(2024, 7, 2)),
        make_doc("p2", "BIS restricted Huawei again.", source="bis.gov",
                 published=date(2024, 8, 1)),
        make_doc("p3", first, source="voanews.com", published=date(2024, 9, 3)),
    ]
    batches = []
    for (doc, extraction), confidence in zip(docs, (0.7, 0.35, 0.9), strict=True):
        relation = extraction.relations[0].model_copy(update={"confidence": confidence})
        batches.append(to_batch(doc, extraction.model_copy(update={"relations": [relation]})))
    return batches


def test_sources_and_confidence_do_not_depend_on_arrival_order(graph: Graph) -> None:
    snapshots = []
    for order in itertools.permutations(_copy_pattern()):
        graph.write("MATCH (n) DETACH DELETE n")
        for batch in order:
            GraphWriter(graph).write([batch])
        [row] = graph.read("MATCH ()-[r:RESTRICTS]->() RETURN r.sources AS sources, "
                           "r.source_count AS n")
        assert row == {"sources": ["bis.gov"], "n": 1}
        snapshots.append(snapshot(graph, evidence_in_arrival_order=False))
    assert all(s == snapshots[0] for s in snapshots)


def test_removing_a_document_recomputes_what_writing_the_rest_gives(graph: Graph) -> None:
    p1, p2, p3 = _copy_pattern()
    GraphWriter(graph).write([p2, p3])
    expected = snapshot(graph, evidence_in_arrival_order=False)["relationships"]
    graph.write("MATCH (n) DETACH DELETE n")
    writer = GraphWriter(graph)
    writer.write([p3, p1, p2])
    writer.remove_article_evidence(["p1"])
    graph.write("MATCH (a:Article {id: 'p1'}) DETACH DELETE a")
    # Without p1 the copy is the first report of its sentence: two sources now.
    [row] = graph.read("MATCH ()-[r:RESTRICTS]->() RETURN r.sources AS sources")
    assert row["sources"] == ["bis.gov", "voanews.com"]
    assert snapshot(graph, evidence_in_arrival_order=False)["relationships"] == expected

"""A batch lands whole or not at all. A batch whose transaction Neo4j stops (TERMINATE
TRANSACTION from another session) or refuses (a value too large to index) is reported failed,
document by document; nothing of it is visible; the run goes on; running again writes it."""

from __future__ import annotations

import threading

from graph.model import Document, Entity, ExtractedEntity, Extraction, entity_id
from graph.ontology import EntityType
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from loaders.ingest import Ingestor, IngestReport, Record
from loaders.pipeline import ExtractionPipeline
from loaders.sources import Listed
from tests.corpus import synthetic_documents
from tests.graph.snapshot import snapshot
from tests.graph.transactions import holding_lock, wait_for_blocked

CHINA = Entity(id=entity_id(EntityType.COUNTRY, "China"), name="China", type=EntityType.COUNTRY)
ARTICLES = "MATCH (a:Article) RETURN a.id AS id"


def documents(count: int) -> list[Record]:
    return [Document.model_validate(d) for d in synthetic_documents(count, seed=11)]


def ingest(graph: Graph, pipeline: ExtractionPipeline, records: list[Record]) -> IngestReport:
    return Ingestor(pipeline, graph, batch_size=8, retry_s=0.0).run(records, IngestReport())


def landed(graph: Graph) -> set[str]:
    return {row["id"] for row in graph.read(ARTICLES)}


def test_a_terminated_batch_fails_whole_the_run_goes_on_and_a_rerun_writes_it(
    graph: Graph, pipeline: ExtractionPipeline
) -> None:
    docs = documents(24)
    GraphWriter(graph).write_entities([CHINA])
    assert not ingest(graph, pipeline, docs).failed
    expected = snapshot(graph, evidence_in_arrival_order=False)
    graph.write("MATCH (n) DETACH DELETE n")

    GraphWriter(graph).write_entities([CHINA])
    reports: list[IngestReport] = []
    run = threading.Thread(target=lambda: reports.append(ingest(graph, pipeline, docs)))
    with holding_lock(graph, CHINA.id):  # every batch writes China
        run.start()
        blocked = wait_for_blocked(graph, run.is_alive)
        assert blocked["meta"] == {"app": "techkg", "job": "ingest"}  # operators can tell it
        # The blocked batch has written its articles, in a transaction nobody else can see.
        assert landed(graph) == set()
        graph.write("TERMINATE TRANSACTIONS $ids", {"ids": [blocked["id"]]})
    run.join(timeout=300)
    [report] = reports

    failed = {f.where.removeprefix("document ") for f in report.failed}
    assert len(failed) == 8 and all("stopped" in f.reason for f in report.failed)
    assert report.written == 16
    assert landed(graph) == {d.id for d in docs if isinstance(d, Document)} - failed
    again = ingest(graph, pipeline, docs)
    assert (again.written, again.unchanged, again.failed) == (8, 16, [])
    # The retried batch came last this time, so only the evidence lists' order differs.
    assert snapshot(graph, evidence_in_arrival_order=False) == expected


def test_a_batch_neo4j_refuses_fails_whole_and_the_others_land(
    graph: Graph, pipeline: ExtractionPipeline
) -> None:
    docs = documents(24)
    # A listed record whose entity name is past what Neo4j can index: the write of its batch
    # fails after that batch's articles are written.
    unindexable = Listed(
        Document(id="listed-huge", title="", text="x"),
        Extraction(id="listed-huge", relevance=0.9,
                   entities=[ExtractedEntity(name="Huge " + "x" * 40_000,
                                             type=EntityType.COMPANY)]),
    )
    records = [*docs[:3], unindexable, *docs[3:]]
    report = ingest(graph, pipeline, records)

    failed = {f.where.removeprefix("document ") for f in report.failed}
    assert "listed-huge" in failed and len(failed) == 8
    assert all("too large to index" in f.reason for f in report.failed)
    assert landed(graph) == {r.id for r in docs if isinstance(r, Document)} - failed
    assert report.written == 17

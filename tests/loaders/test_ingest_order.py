"""The graph does not depend on the order documents arrive in: an ingest and the same documents
reversed give one graph (the evidence lists aside, which keep arrival order)."""

from __future__ import annotations

from pathlib import Path

from graph.model import Document
from graph.store.db import Graph
from loaders.ingest import Ingestor, IngestReport, read_documents
from loaders.pipeline import ExtractionPipeline
from tests.corpus import synthetic_documents
from tests.graph.snapshot import snapshot

ADDED = "The Commerce Department added Huawei to the Entity List."
# One publisher's two sentences, and a verbatim copy of the first published elsewhere later:
# which publishers count must not depend on which copy came first.
COPIES = [
    Document(id="order-bis-1", title="", text=ADDED, published="2019-05-16", source="bis.gov"),
    Document(id="order-bis-2", title="", text="The Commerce Department restricted Huawei again.",
             published="2019-06-03", source="bis.gov"),
    Document(id="order-copy", title="", text=ADDED, published="2019-07-01",
             source="voanews.com"),
]


def ingest(graph: Graph, pipeline: ExtractionPipeline, documents: list[Document]) -> None:
    report = Ingestor(pipeline, graph, batch_size=8).run(documents, IngestReport())
    assert report.written == len(documents) and not report.failed


def test_an_ingest_and_the_same_documents_reversed_give_one_graph(
    graph: Graph, pipeline: ExtractionPipeline, sample_corpus: Path
) -> None:
    seed = list(read_documents([sample_corpus], IngestReport()))
    synthetic = [Document.model_validate(d) for d in synthetic_documents(60)]
    documents = seed + synthetic + COPIES
    ingest(graph, pipeline, documents)
    forward = snapshot(graph, evidence_in_arrival_order=False)
    copied = graph.read(
        "MATCH ()-[r]->(:Company {id: 'company:huawei'}) WHERE 'order-copy' IN r.articles "
        "RETURN r.sources AS sources, r.source_count AS n"
    )
    assert copied  # the copy is not a second source of anything it repeats
    assert all(row == {"sources": ["bis.gov"], "n": 1} for row in copied), copied
    graph.write("MATCH (n) DETACH DELETE n")
    ingest(graph, pipeline, documents[::-1])
    assert snapshot(graph, evidence_in_arrival_order=False) == forward

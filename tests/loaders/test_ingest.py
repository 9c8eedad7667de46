"""Ingest end to end against a real Neo4j, with the real extraction pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from graph.store.db import Graph
from loaders.ingest import Ingestor, IngestReport, read_documents
from loaders.pipeline import ExtractionPipeline

COUNTS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, sum(r.count) AS evidence }
RETURN nodes, relationships, evidence
"""


def ingest(
    paths: list[Path], graph: Graph, pipeline: ExtractionPipeline, force: bool = False
) -> IngestReport:
    report = IngestReport()
    return Ingestor(pipeline, graph, force=force).run(read_documents(paths, report), report)


def test_sample_corpus_lands(
    graph: Graph, pipeline: ExtractionPipeline, sample_corpus: Path
) -> None:
    report = ingest([sample_corpus], graph, pipeline)
    lines = [json.loads(line) for line in sample_corpus.read_text().splitlines() if line.strip()]
    assert report.documents == len(lines) and not report.failed
    articles = graph.read("MATCH (a:Article) RETURN count(a) AS n")[0]["n"]
    assert articles == len(lines)
    names = {r["name"] for r in graph.read("MATCH (e:Entity) RETURN e.name AS name")}
    assert {"China", "Nvidia", "Huawei", "Li Qiang"} <= names
    mentions = graph.read(
        "MATCH (:Article {id: 'seed-waic-ai-org'})-[:MENTIONS]->(e) RETURN count(e) AS n"
    )[0]["n"]
    assert mentions >= 10
    assert report.relations > 0


def test_ingesting_twice_gives_the_same_counts(
    graph: Graph, pipeline: ExtractionPipeline, sample_corpus: Path
) -> None:
    ingest([sample_corpus], graph, pipeline)
    first = graph.read(COUNTS)
    again = ingest([sample_corpus], graph, pipeline)
    assert again.unchanged == again.documents  # nothing re-extracted
    forced = ingest([sample_corpus], graph, pipeline, force=True)
    assert forced.written == forced.documents  # re-extracted and re-written
    assert graph.read(COUNTS) == first


def test_bad_documents_are_reported_and_the_rest_lands(
    tmp_path: Path, graph: Graph, pipeline: ExtractionPipeline
) -> None:
    good = {
        "id": "good-1",
        "title": "BIS adds Huawei to the Entity List",
        "text": "The Commerce Department added Huawei to the Entity List.",
        "published": "2019-05-16",
        "url": None,
        "source": "bis.gov",
    }
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps(good).encode(),
        b'{"id": "broken", "title": ',  # not JSON
        b'{"id": "bad-utf8", "title": "\xff\xfe", "text": "x"}',  # invalid UTF-8
        json.dumps({"title": "no id"}).encode(),  # missing field
        json.dumps({"id": "bad-date", "text": "x", "published": "someday"}).encode(),
        json.dumps({"id": "empty", "title": "", "text": ""}).encode(),  # nothing to extract
        json.dumps({**good, "id": "good-2"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = ingest([path, tmp_path / "missing.jsonl"], graph, pipeline)
    where = {f.where: f.reason for f in report.failed}
    assert f"{path}:2" in where and "not JSON" in where[f"{path}:2"]
    assert "UTF-8" in where[f"{path}:3"]
    assert "'id'" in where[f"{path}:4"]
    assert "'published'" in where[f"{path}:5"]
    assert "document empty" in where
    assert str(tmp_path / "missing.jsonl") in where
    landed = {r["id"] for r in graph.read("MATCH (a:Article) RETURN a.id AS id")}
    assert landed == {"good-1", "good-2"}

"""Interrupted ingests resume: after Neo4j goes away mid-run, or the process is killed
mid-batch, running again gives exactly the graph of one clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import GraphUnavailable
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import Graph
from loaders.ingest import Ingestor, IngestReport, records
from loaders.pipeline import ExtractionPipeline
from loaders.sources import read_sources
from tests.corpus import write_corpus
from tests.graph.snapshot import snapshot

ROOT = Path(__file__).resolve().parents[2]
CSL = ROOT / "tests" / "loaders" / "data" / "csl_sample.csv"
ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_corpus(tmp_path_factory.mktemp("corpus"), 60, per_file=20)
    (root / "csl.csv").write_bytes(CSL.read_bytes())
    return root


def ingest(graph: Graph, pipeline: ExtractionPipeline, corpus: Path,
           **kwargs: object) -> IngestReport:
    report = IngestReport()
    progress = kwargs.pop("on_progress", None)
    ingestor = Ingestor(pipeline, graph, batch_size=8, **kwargs)  # type: ignore[arg-type]
    return ingestor.run(records(read_sources([str(corpus)]), report), report,
                        on_progress=progress)  # type: ignore[arg-type]


def clean_run(graph: Graph, pipeline: ExtractionPipeline, corpus: Path) -> dict[str, object]:
    report = ingest(graph, pipeline, corpus)
    assert report.written == 63 and report.relations > 100
    expected = snapshot(graph)
    graph.write("MATCH (n) DETACH DELETE n")
    return expected


def test_neo4j_restarted_mid_run_then_run_again_equals_a_clean_run(
        graph: Graph, pipeline: ExtractionPipeline, corpus: Path,
        neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> None:
    settings, local = neo4j_server
    if os.environ.get("TECHKG_TEST_NEO4J_URI"):
        pytest.skip("needs the local server the session started")
    expected = clean_run(graph, pipeline, corpus)

    def stop_neo4j_after_two_batches(report: IngestReport) -> None:
        if report.written >= 16 and server.status(local).running:
            server.stop(local)

    try:
        with pytest.raises(GraphUnavailable):
            ingest(graph, pipeline, corpus, retry_s=0.0, on_progress=stop_neo4j_after_two_batches)
    finally:
        server.start(local, settings.password.get_secret_value())
    landed = graph.read(ARTICLES)[0]["n"]
    assert 16 <= landed < 63
    again = ingest(graph, pipeline, corpus)
    assert again.unchanged >= 16 and again.written == 63 - again.unchanged
    assert [f.reason for f in again.failed] == ["row has no 'name'"]  # the bad fixture row
    assert snapshot(graph) == expected


def test_killed_mid_batch_then_run_again_equals_a_clean_run(
        graph: Graph, pipeline: ExtractionPipeline, corpus: Path,
        neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> None:
    settings, _ = neo4j_server
    expected = clean_run(graph, pipeline, corpus)
    env = {**os.environ, "NEO4J_URI": str(settings.uri),
           "NEO4J_PASSWORD": settings.password.get_secret_value()}
    child = subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(corpus)], cwd=ROOT,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while graph.read(ARTICLES)[0]["n"] == 0:  # the first batch's articles are landing
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    partial = snapshot(graph)
    assert partial != expected  # the kill left a half-written graph
    again = ingest(graph, pipeline, corpus)
    assert len(again.failed) == 1 and again.written + again.unchanged == 63
    assert snapshot(graph) == expected
    rerun = ingest(graph, pipeline, corpus)
    assert rerun.unchanged == 63 and rerun.written == 0

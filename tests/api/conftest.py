"""The real app served by a real uvicorn on a free port, over a graph seeded once per module."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from graph.model import Article, Entity, Evidence, GraphBatch, Relation, entity_id
from graph.ontology import EntityType, RelationType
from graph.settings import ApiSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from loaders.ingest import Ingestor, IngestReport, read_documents
from loaders.pipeline import ExtractionPipeline
from tests.conftest import free_port

API_KEY = "test-key"
E = EntityType
R = RelationType


class Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test process keeps its own handlers
        pass


@contextmanager
def serving_in_thread(app: FastAPI, log_level: str = "warning") -> Iterator[str]:
    """The app on a real uvicorn in a thread of this process, on a free port: its base URL."""
    port = free_port()
    server = Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def api_url(session_graph: Graph) -> Iterator[str]:
    settings = ApiSettings(api_key=API_KEY, cypher_timeout_s=1.0, cypher_row_limit=50)  # type: ignore[arg-type]
    with serving_in_thread(create_app(session_graph, settings)) as url:
        yield url


@pytest.fixture
def client(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as http:
        yield http


def chain_batch() -> GraphBatch:
    """A hand-made export-control chain, dated, with two sources for one fact."""

    def ent(etype: EntityType, name: str, country: str | None = None) -> Entity:
        return Entity(id=entity_id(etype, name), name=name, type=etype, country=country)

    ents = [
        ent(E.COMPANY, "SMIC", "China"),
        ent(E.COMPANY, "ASML", "Netherlands"),
        ent(E.COUNTRY, "Netherlands"),
        ent(E.POLICY, "Dutch export rule"),
        ent(E.PRODUCT, "DUV lithography machines"),
    ]
    ids = {e.name: e.id for e in ents}

    def rel(
        s: str, t: RelationType, o: str, day: date, article: str, conf: float = 0.9
    ) -> Relation:
        return Relation(
            subject=ids[s],
            type=t,
            object=ids[o],
            confidence=conf,
            date=day,
            evidence=Evidence(
                article_id=article,
                sentence=f"{s} {t.value} {o}.",
                start=0,
                end=10,
                date=day,
                source=article,
            ),
        )

    article = Article(id="chain-1", title="Chain", content_hash="h1", published=date(2023, 6, 30))
    relations = [
        rel("ASML", R.EXPORTS_TO, "SMIC", date(2022, 1, 10), "chain-1"),
        rel("Netherlands", R.ENACTS, "Dutch export rule", date(2023, 6, 30), "chain-1"),
        rel(
            "Dutch export rule",
            R.RESTRICTS,
            "DUV lithography machines",
            date(2023, 6, 30),
            "chain-1",
            0.6,
        ),
        rel("ASML", R.DEVELOPS, "DUV lithography machines", date(2020, 5, 1), "chain-1"),
    ]
    return GraphBatch(article=article, entities=ents, relations=relations)


@pytest.fixture(scope="module")
def seeded(session_graph: Graph, sample_corpus: Path) -> Graph:
    session_graph.write("MATCH (n) DETACH DELETE n")
    report = IngestReport()
    Ingestor(ExtractionPipeline(), session_graph).run(
        read_documents([sample_corpus], report), report
    )
    assert not report.failed
    GraphWriter(session_graph).write([chain_batch()])
    return session_graph

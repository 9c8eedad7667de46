"""Shared fixtures: one real Neo4j per test session, wiped before each test that uses it.

The server is the project's own local Neo4j (graph/store/server.py) on free ports and a temporary data
directory, so tests never touch the demo's data. Set TECHKG_TEST_NEO4J_URI (with NEO4J_USER and
NEO4J_PASSWORD) to run against another Neo4j 5 instead.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import Graph, connect
from graph.store.schema import apply_schema
from loaders.pipeline import ExtractionPipeline

TEST_PASSWORD = "techkg-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def neo4j_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Neo4jSettings, LocalServerSettings]]:
    external = os.environ.get("TECHKG_TEST_NEO4J_URI")
    local = LocalServerSettings(
        home=tmp_path_factory.mktemp("neo4j"),
        bolt_port=free_port(),
        http_port=free_port(),
        heap="512m",
        pagecache="128m",
        transaction_timeout="30s",
    )
    if external:
        yield Neo4jSettings(uri=external), local
        return
    server.start(local, TEST_PASSWORD)
    try:
        yield Neo4jSettings(uri=local.bolt_uri, password=TEST_PASSWORD), local  # type: ignore[arg-type]
    finally:
        server.stop(local)


@pytest.fixture(scope="session")
def session_graph(neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> Iterator[Graph]:
    settings, local = neo4j_server
    graph = connect(settings, local)
    apply_schema(graph)
    yield graph
    graph.close()


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """The session's Neo4j, empty: every test starts from a clean database."""
    session_graph.write("MATCH (n) DETACH DELETE n")
    return session_graph


@pytest.fixture(scope="session")
def pipeline() -> ExtractionPipeline:
    """The real extraction pipeline, loaded once (spaCy and the catalog are slow to load)."""
    return ExtractionPipeline()


@pytest.fixture(scope="session")
def rule_pipeline() -> ExtractionPipeline:
    """The pipeline with the hand rules deciding: tests of the rules' candidate mechanisms
    (what they propose), apart from what the learned decision makes of them."""
    return ExtractionPipeline(relation_model=None)


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return Path(__file__).resolve().parent.parent / "loaders" / "samples" / "seed.jsonl"

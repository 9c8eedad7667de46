"""POST /documents at its edges, against real uvicorn servers: no key configured means no
ingest, the key is checked before the body is read, the body is capped, odd header bytes are a
401, and a post killed halfway leaves nothing of its batch in the graph."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.model import Entity, entity_id
from graph.ontology import EntityType
from graph.settings import ApiSettings, LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from tests.api.cli.test_main import wait_for
from tests.api.conftest import API_KEY, serving_in_thread
from tests.conftest import free_port
from tests.corpus import synthetic_documents
from tests.graph.transactions import holding_lock, wait_for_blocked, wait_until_no_ingest

ROOT = Path(__file__).resolve().parents[2]
DOC = {"id": "edge-1", "title": "Nvidia halts exports", "text": "Nvidia stopped shipping H20 chips.",
       "published": "2025-01-02", "url": None, "source": "example.com"}


def serve(session_graph: Graph, **settings: object) -> AbstractContextManager[str]:
    return serving_in_thread(create_app(session_graph, ApiSettings(**settings)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def capped_url(session_graph: Graph) -> Iterator[str]:
    with serve(session_graph, api_key=API_KEY, ingest_max_bytes=4096) as url:
        yield url


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    error: dict[str, object] = body["error"]
    return error


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_key_is_no_key_and_ingest_is_disabled(session_graph: Graph, blank: str) -> None:
    assert ApiSettings(api_key=blank).api_key is None  # type: ignore[arg-type]
    with serve(session_graph, api_key=blank) as url:
        for headers in ({}, {"X-API-Key": ""}):  # HTTP trims a header value: blank is empty
            response = httpx.post(f"{url}/documents", json={"documents": [DOC]}, headers=headers)
            error = assert_error(response, 403, "forbidden")
            assert "TECHKG_API_KEY" in str(error["message"])


def raw_post(url: str, headers: list[str], body: bytes, timeout: float = 20) -> bytes:
    """Send a request whose body may be cut short; what the server answers before the rest."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        head = ["POST /documents HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
                *headers, "", ""]
        sock.sendall("\r\n".join(head).encode() + body)
        return sock.recv(65536)


def test_the_key_and_the_declared_size_are_checked_before_the_body_is_read(
    capped_url: str,
) -> None:
    # 200 MB announced, one byte sent: an answer now means nothing waited for the body.
    no_key = raw_post(capped_url, ["Content-Length: 200000000"], b"{")
    assert no_key.startswith(b"HTTP/1.1 401")
    too_big = raw_post(capped_url, ["Content-Length: 200000000", f"X-API-Key: {API_KEY}"], b"{")
    assert too_big.startswith(b"HTTP/1.1 413")
    body = json.loads(too_big.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["code"] == "payload_too_large" and body["error"]["detail"]["limit"] == 4096


def test_a_streamed_body_past_the_cap_is_413_and_one_under_it_is_read(capped_url: str) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked, counted while read
        yield b'{"documents": ['
        for _ in range(100):
            yield json.dumps(DOC).encode() + b","
        yield b"]}"

    headers = {"X-API-Key": API_KEY}
    response = httpx.post(f"{capped_url}/documents", content=chunks(), headers=headers)
    assert_error(response, 413, "payload_too_large")
    small = httpx.post(f"{capped_url}/documents", json={"documents": []}, headers=headers)
    error = assert_error(small, 422, "invalid_input")  # read and validated as usual
    assert error["detail"]["fields"][0]["field"] == "documents"  # type: ignore[index]
    broken = httpx.post(f"{capped_url}/documents", content=b'{"documents": [', headers=headers)
    assert assert_error(broken, 422, "invalid_input")["message"].startswith("body:")  # type: ignore[union-attr]


def test_key_headers_are_compared_as_bytes(session_graph: Graph) -> None:
    with serve(session_graph, api_key="clé-ü") as url:

        def post(key: bytes) -> httpx.Response:
            return httpx.post(f"{url}/documents", json={}, headers={"X-API-Key": key})

        assert_error(post("clé".encode()), 401, "unauthorized")
        assert_error(post("clé-ü".encode("latin-1")), 401, "unauthorized")
        assert_error(post(b"\xff\xfe\x80"), 401, "unauthorized")
        assert_error(post("clé-ü".encode()), 422, "invalid_input")  # the key passed


@pytest.fixture
def api_process(neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> Iterator[
        tuple[subprocess.Popen[bytes], str]]:
    settings, _ = neo4j_server
    port = free_port()
    env = {**os.environ, "NEO4J_URI": str(settings.uri),
           "NEO4J_PASSWORD": settings.password.get_secret_value(), "TECHKG_API_KEY": API_KEY}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process)
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.communicate(timeout=30)


def test_killing_the_api_mid_post_leaves_nothing_of_the_batch(
    graph: Graph, api_process: tuple[subprocess.Popen[bytes], str]
) -> None:
    process, url = api_process
    china = Entity(id=entity_id(EntityType.COUNTRY, "China"), name="China",
                   type=EntityType.COUNTRY)
    GraphWriter(graph).write_entities([china])
    documents = synthetic_documents(40, seed=5)
    post = threading.Thread(target=lambda: _post_until_cut(url, documents), daemon=True)
    with holding_lock(graph, china.id):  # the batch writes China: its transaction waits here
        post.start()
        wait_for_blocked(graph, post.is_alive)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    wait_until_no_ingest(graph)
    post.join(timeout=30)
    assert graph.read("MATCH (a:Article) RETURN count(a) AS n") == [{"n": 0}]
    assert graph.read("MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 0}]


def _post_until_cut(url: str, documents: list[dict[str, object]]) -> None:
    with pytest.raises(httpx.TransportError):  # the server dies before it answers
        httpx.post(f"{url}/documents", json={"documents": documents},
                   headers={"X-API-Key": API_KEY}, timeout=300)

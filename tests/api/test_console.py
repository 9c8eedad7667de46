"""The read-only console (POST /cypher) against its attack classes, over HTTP on the real app and
the real Neo4j: what reaches outside the graph, work Neo4j cannot stop, the limits, the lanes and
the errors. Every refusal must also leave the store as it was."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from api.app import create_app
from graph.settings import ApiSettings, LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from tests.api.conftest import chain_batch, serving_in_thread

SECRET = "techkg-secret-line"
SLOW = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS {marker}"


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == code and body["message"], body
    return body


def store_state(graph: Graph) -> tuple[int, int, list[str]]:
    row = graph.read(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() "
        "RETURN count(DISTINCT n) AS n, count(r) AS r, collect(DISTINCT labels(n)) AS l"
    )[0]
    return row["n"], row["r"], sorted(str(x) for x in row["l"])


@pytest.fixture(scope="module")
def seeded(session_graph: Graph) -> Graph:
    """A small hand-made graph (no extraction needed): companies, a country, a rule."""
    session_graph.write("MATCH (n) DETACH DELETE n")
    GraphWriter(session_graph).write([chain_batch()])
    return session_graph


@pytest.fixture(scope="module")
def secret_file(neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> str:
    """A file in Neo4j's import directory: what LOAD CSV with a file URL would read."""
    _, local = neo4j_server
    (local.home / "import").mkdir(parents=True, exist_ok=True)
    (local.home / "import" / "secret.csv").write_text(f"{SECRET}\n")
    return "file:///secret.csv"


class Hits(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the standard library's name
        Hits.seen.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"{SECRET}\n".encode())

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    """A local HTTP server that counts what fetches it: LOAD CSV over http:// must not."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ssrf.csv"
    server.shutdown()
    server.server_close()


LEAKS_AND_ACTS = [
    # the server's state and other clients' queries
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery, parameters",
    "SHOW SETTINGS",
    "SHOW SETTINGS YIELD name, value WHERE name CONTAINS 'directories'",
    "SHOW PROCEDURES",
    "SHOW FUNCTIONS",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS",
    "SHOW DATABASES",
    "SHOW USERS",
    "CALL db.stats.retrieve('QUERIES')",
    "CALL db.stats.retrieve('QUERIES') YIELD data RETURN data",
    "CALL db.stats.collect('QUERIES')",
    "CALL db.stats.clear('QUERIES')",
    "CALL db.prepareForReplanning()",
    "CALL db.resampleIndex('entity_name')",
    "CALL db.resampleOutdatedIndexes()",
    "CALL db.clearQueryCaches()",
    "CALL db.info()",
    "CALL dbms.components()",
    "CALL dbms.listConfig()",
    "CALL dbms.listConnections()",
    "CALL dbms.killConnections(['bolt-1'])",
    "CALL dbms.queryJmx('*:*')",
    "CALL tx.setMetaData({a: 1})",
    "CALL db.createLabel('Hacked')",
    "CALL db.createProperty('hacked')",
    "MATCH (n) CALL db.createLabel('Hacked') RETURN n",
    "CALL () { CALL db.stats.retrieve('QUERIES') YIELD data RETURN data } RETURN data",
    # transactions in subqueries (a 500 before), and other clients' transactions
    "CALL { MATCH (n) RETURN n } IN 2 CONCURRENT TRANSACTIONS RETURN n",
    "CALL () { MATCH (n) RETURN n } IN TRANSACTIONS OF 10 ROWS RETURN n",
    "MATCH (n) CALL (n) { SET n.hacked = 1 } IN TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    # writes
    "CREATE (n:Company {id: 'x'}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) SET n.hacked = true",
    "MATCH (n:Entity) FOREACH (x IN [1] | SET n.hacked = true)",
    "MERGE (n:Company {id: 'x'})",
]
# The same through comments and line endings: Cypher ends `//` at \r and at \n, not at U+2028.
TRICKS = [
    "// x\r{q}",
    "// x\r\n{q}",
    "/* x */ {q}",
    "/* multi\nline */\r{q}",
    "// x\u2028\r{q}",
    "RETURN 1 AS one // a comment\r UNION ALL {q}",
]


def tricks_of(queries: list[str]) -> list[str]:
    return [trick.format(q=query) for query in queries for trick in TRICKS[:3]] + [
        trick.format(q=queries[0]) for trick in TRICKS[3:]
    ]


@pytest.mark.parametrize("query", LEAKS_AND_ACTS + tricks_of(
    ["SHOW SETTINGS", "CALL db.stats.clear('QUERIES')", "CREATE (n:Hacked)",
     "CALL { MATCH (n) RETURN n } IN 2 CONCURRENT TRANSACTIONS RETURN n"]))
def test_console_refuses_what_leaks_acts_or_writes(
    client: httpx.Client, seeded: Graph, query: str
) -> None:
    before = store_state(seeded)
    error(client.post("/cypher", json={"query": query}), 400, "query_rejected")
    assert store_state(seeded) == before


COMMENTED_OUT = "// x\u2028{q}"  # U+2028 ends no comment: Neo4j sees only a comment


@pytest.mark.parametrize("trick", ["{q}", *TRICKS, COMMENTED_OUT])
def test_load_csv_reads_no_file_and_fetches_no_url(
    client: httpx.Client, seeded: Graph, secret_file: str, listener: str, trick: str
) -> None:
    Hits.seen.clear()
    for url in (secret_file, listener):
        query = trick.format(q=f"LOAD CSV FROM '{url}' AS line RETURN line")
        response = client.post("/cypher", json={"query": query})
        assert SECRET not in response.text
        if trick == COMMENTED_OUT:
            error(response, 422, "invalid_input")
        else:
            error(response, 400, "query_rejected")
    assert Hits.seen == []


def test_terminate_cannot_reach_another_clients_transaction(
    client: httpx.Client, seeded: Graph
) -> None:
    with seeded.driver.session(database=seeded.database) as session:
        tx = session.begin_transaction(metadata={"owner": "console-test"})
        tx.run("MATCH (n:Company {name: 'ASML'}) SET n.console_test = true").consume()
        rows = seeded.read(
            "SHOW TRANSACTIONS YIELD transactionId, metaData "
            "WHERE metaData.owner = 'console-test' RETURN transactionId"
        )
        assert len(rows) == 1
        victim = rows[0]["transactionId"]
        for trick in ("{q}", "// x\r{q}", "/* x */{q}"):
            query = trick.format(q=f"TERMINATE TRANSACTIONS '{victim}'")
            error(client.post("/cypher", json={"query": query}), 400, "query_rejected")
        tx.run("MATCH (n:Company {name: 'ASML'}) REMOVE n.console_test").consume()
        tx.commit()  # still alive: nothing terminated it


@pytest.mark.parametrize(
    "query",
    [
        "CALL db.labels()",
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
        "CALL db.propertyKeys()",
        "CALL db.schema.visualization()",
        "CALL db.index.fulltext.queryNodes('entity_names', 'ASML') YIELD node RETURN node.name",
        "MATCH p = (a:Company {name: 'ASML'})-[*1..2]-(b) "
        "RETURN [n IN nodes(p) | n.name] AS names, all(r IN relationships(p) WHERE r.count > 0)",
        "MATCH (a:Company)-[r:EXPORTS_TO*1..2 {negated: false}]->(b) RETURN a.name, b.name",
        "MATCH (n:Company) RETURN [l IN labels(n) WHERE l <> 'Entity'] AS kinds, keys(n)",
        "UNWIND range(1, 10) AS i RETURN i",
        "MATCH (n:Entity) WHERE n.name STARTS WITH 'AS' RETURN n.name ORDER BY n.name",
        "MATCH (n:Entity) RETURN n.type, count(*) ORDER BY count(*) DESC",
        "RETURN '=~ reduce( range( SHOW // TERMINATE' AS text, 1 AS `x =~ y`",
        "MATCH p = shortestPath((a:Company {name: 'ASML'})-[*..4]-(b:Company {name: 'SMIC'})) "
        "RETURN length(p)",
        "MATCH (n:Entity) WHERE EXISTS { (n)-[:EXPORTS_TO]->() } RETURN count(n)",
        "CALL () { MATCH (n:Company) RETURN n } RETURN count(n)",
    ],
)
def test_reads_still_run(client: httpx.Client, seeded: Graph, query: str) -> None:
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["truncated_by"] in (None, "rows")


BACKTRACKING = {"query": "RETURN $s =~ $p AS hit",
                "params": {"s": "a" * 26 + "!", "p": "(a+)+$"}}


@pytest.mark.parametrize(
    "body",
    [
        BACKTRACKING,
        {"query": "MATCH (n:Entity) WHERE n.name =~ '(a+)+$' RETURN n"},
        {"query": "RETURN size(reduce(s = '', i IN range(1, 400000) | s + 'x')) AS n"},
        {"query": "UNWIND range(1, 20) AS i "
                  "RETURN reduce(s = '', n IN [1, 2] | s + toString(n)) AS quadratic"},
        {"query": "RETURN size([x IN range(1, 100000000) | x]) AS n"},
        {"query": "RETURN any(x IN range(1, 1000000000) WHERE x = -1) AS n"},
        {"query": "RETURN 5 IN range(1, 1000000000) AS n"},
        {"query": "RETURN size(reverse(range(1, 100000000))) AS n"},
        {"query": "UNWIND range(1, 100000) AS i WITH collect(i) AS l "
                  "RETURN size([a IN l | l + a]) AS quadratic"},
        {"query": "MATCH p = (a)-->(b) WITH collect(a) AS l, p "
                  "RETURN [n IN nodes(p) | [m IN l WHERE m = n]] AS nested"},
    ],
)
def test_work_neo4j_cannot_interrupt_is_refused(
    client: httpx.Client, seeded: Graph, body: dict[str, Any]
) -> None:
    error(client.post("/cypher", json=body), 400, "query_rejected")
    assert client.get("/health").status_code == 200
    assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [
        {"one": 1}
    ]


def test_planning_is_bounded_by_its_own_timeout(client: httpx.Client) -> None:
    """A long pattern takes Neo4j's planner seconds per hop; EXPLAIN runs under a timeout."""
    chain = "MATCH (a0)" + "".join(f"--(a{i})" for i in range(1, 180)) + " RETURN a0"
    body = error(client.post("/cypher", json={"query": chain}, timeout=120), 408,
                 "query_timeout")
    assert "planning" in body["message"]
    assert client.get("/health").status_code == 200


def test_syntax_errors_carry_the_users_own_positions(client: httpx.Client) -> None:
    one_line = error(client.post("/cypher", json={"query": "MATCH (n) RETRUN n"}), 422,
                     "invalid_input")
    assert "EXPLAIN" not in one_line["message"] and "(line 1, column 11 (offset: 10))" in (
        one_line["message"]
    )
    assert {k: one_line["detail"][k] for k in ("line", "column", "offset")} == {
        "line": 1, "column": 11, "offset": 10}
    query = "MATCH (n)\nWHERE n.x = 1\nRETRUN n"
    third = error(client.post("/cypher", json={"query": query}), 422, "invalid_input")
    assert third["detail"]["line"] == 3 and third["detail"]["column"] == 1
    assert query[third["detail"]["offset"]:].startswith("RETRUN")
    assert "EXPLAIN" not in third["message"]


def test_a_query_past_the_transaction_memory_limit_is_413(client: httpx.Client) -> None:
    body = {"query": "UNWIND range(1, 10000000) AS i RETURN size(collect($s)) AS n",
            "params": {"s": "x" * 10_000}}
    found = error(client.post("/cypher", json=body), 413, "query_too_large")
    assert "memory" in found["message"]
    assert client.get("/health").status_code == 200


@pytest.fixture(scope="module")
def patient(session_graph: Graph) -> Iterator[httpx.Client]:
    """An app whose console waits 30 s: what ends a query first is not its timeout."""
    settings = ApiSettings(cypher_timeout_s=30.0)
    with (serving_in_thread(create_app(session_graph, settings)) as url,
          httpx.Client(base_url=url, timeout=120) as http):
        yield http


def test_running_out_of_heap_is_503_in_the_shape(patient: httpx.Client) -> None:
    """Values built inside one row are not counted against the transaction's memory: doubling
    a string ends with the heap's OutOfMemoryError, answered once (no retry) as JSON."""
    doubling = "WITH 'xx' AS s " + "WITH s + s AS s " * 29 + "RETURN size(s) AS n"
    found = error(patient.post("/cypher", json={"query": doubling}), 503, "graph_busy")
    assert "memory" in found["message"]
    assert patient.get("/health").status_code == 200


def test_a_transaction_terminated_from_outside_answers_in_the_shape(
    patient: httpx.Client, session_graph: Graph
) -> None:
    marker = "terminated_marker"
    answer: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: answer.append(
        patient.post("/cypher", json={"query": SLOW.format(marker=marker)})))
    thread.start()
    deadline = time.monotonic() + 30
    while thread.is_alive() and time.monotonic() < deadline:
        ids = [r["id"] for r in session_graph.read(
            "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
            "WHERE currentQuery CONTAINS $m AND NOT currentQuery STARTS WITH 'SHOW' "
            "AND NOT currentQuery STARTS WITH 'EXPLAIN' RETURN id", {"m": marker})]
        if ids:
            session_graph.read("TERMINATE TRANSACTIONS $ids", {"ids": ids})
            break
        time.sleep(0.05)
    thread.join(timeout=60)
    found = error(answer[0], 408, "query_timeout")
    assert "stopped" in found["message"] or "terminated" in found["message"]


# ------------------------------------------------------------------ limits of their own


@pytest.fixture(scope="module")
def tight(session_graph: Graph) -> Iterator[str]:
    """An app with small limits: a byte budget, two queries per client, three at once."""
    settings = ApiSettings(
        cypher_timeout_s=1.5, cypher_row_limit=1000, cypher_max_bytes=50_000,
        cypher_per_client=2, cypher_concurrency=3,
    )
    with serving_in_thread(create_app(session_graph, settings)) as url:
        yield url


def from_address(url: str, address: str) -> httpx.Client:
    """A client whose requests come from `address` (any of 127.0.0.0/8 reaches 127.0.0.1)."""
    return httpx.Client(base_url=url, timeout=300,
                        transport=httpx.HTTPTransport(local_address=address))


def test_rows_stop_at_the_byte_budget(tight: str) -> None:
    with from_address(tight, "127.0.0.1") as http:
        body = {"query": "UNWIND range(1, 1000) AS i RETURN i, $s AS s",
                "params": {"s": "x" * 1000}}
        response = http.post("/cypher", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["truncated"] is True and result["truncated_by"] == "bytes"
    assert 0 < len(result["rows"]) < 1000
    assert len(response.content) < 2 * 50_000
    assert [row["i"] for row in result["rows"]] == list(range(1, len(result["rows"]) + 1))


def console_transactions(graph: Graph, marker: str) -> int:
    rows = graph.read(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $m "
        "AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n", {"m": marker})
    return int(rows[0]["n"])


def post_all(url: str, addresses: list[str], query: str) -> tuple[list[httpx.Response],
                                                                 list[threading.Thread]]:
    answers: list[httpx.Response] = []
    start = threading.Barrier(len(addresses))

    def post(address: str) -> None:
        with from_address(url, address) as http:
            start.wait()
            answers.append(http.post("/cypher", json={"query": query}))

    threads = [threading.Thread(target=post, args=(a,)) for a in addresses]
    for thread in threads:
        thread.start()
    return answers, threads


def test_one_client_gets_429_past_its_share_and_others_still_run(
    tight: str, session_graph: Graph
) -> None:
    marker = "per_client_marker"
    answers, threads = post_all(tight, ["127.0.0.1"] * 6, SLOW.format(marker=marker))
    deadline = time.monotonic() + 30
    while console_transactions(session_graph, marker) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    with from_address(tight, "127.0.0.2") as other:
        meanwhile = other.post("/cypher", json={"query": "RETURN 1 AS one"})
    for thread in threads:
        thread.join(timeout=60)
    assert meanwhile.status_code == 200, meanwhile.text
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(429) >= 1 and statuses.count(408) <= 2, statuses
    for answer in answers:
        if answer.status_code == 429:
            error(answer, 429, "too_many_requests")


def test_health_answers_while_cypher_is_saturated(tight: str, session_graph: Graph) -> None:
    """45 slow console queries from 23 addresses: at most 3 reach Neo4j at once (the lane), the
    rest wait holding no thread, and /health answers on its own lane in the meantime."""
    marker = "saturation_marker"
    addresses = [f"127.0.0.{2 + i // 2}" for i in range(45)]
    answers, threads = post_all(tight, addresses, SLOW.format(marker=marker))
    most = 0
    deadline = time.monotonic() + 20
    while console_transactions(session_graph, marker) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    with httpx.Client(base_url=tight, timeout=30) as http:
        health = http.get("/health")
    pending = sum(t.is_alive() for t in threads)
    while any(t.is_alive() for t in threads):
        most = max(most, console_transactions(session_graph, marker))
        time.sleep(0.1)
    assert health.status_code == 200, health.text
    assert pending > 0, "/health waited for every console query"
    assert 1 <= most <= 3, most
    assert sorted({a.status_code for a in answers}) == [408]
    assert len(answers) == 45

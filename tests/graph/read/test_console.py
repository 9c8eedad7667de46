"""The console's checks one by one: the plan check alone against the real Neo4j (it must hold
without the keyword check in front of it), the tokenizer against Cypher's own comment and string
rules, and the user's positions in Neo4j's messages."""

from __future__ import annotations

import pytest

from graph.errors import QueryRejected
from graph.read.console import check_text, explain, refuse_non_reads, user_positions
from graph.read.cypher_text import keywords, parameter_names, tokens
from graph.store.db import Graph
from tests.api.test_console import LEAKS_AND_ACTS


@pytest.mark.parametrize("query", [
    *LEAKS_AND_ACTS,
    "LOAD CSV FROM 'file:///secret.csv' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS line RETURN line",
])
def test_the_plan_alone_refuses_them(graph: Graph, query: str) -> None:
    with pytest.raises(QueryRejected):
        refuse_non_reads(explain(graph, query, {}, timeout_s=10.0))
    assert graph.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


MATCH_N = ["MATCH", "n", "RETURN", "n"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("MATCH (n) // SHOW\rRETURN n", MATCH_N),
        ("MATCH (n) // SHOW\u2028 TERMINATE\nRETURN n", MATCH_N),
        ("MATCH (n) // x\u0085 SHOW\nRETURN n", MATCH_N),
        ("MATCH (n) /* SHOW \n */ RETURN n", MATCH_N),
        ("MATCH (n:SHOW {show: 1}) RETURN n.show", ["MATCH", "RETURN", "n"]),
        ("RETURN 'it''s // SHOW' AS a, \"\\\" SHOW\" AS b", ["RETURN", "AS", "a", "AS", "b"]),
        ("RETURN 'a\\'/* SHOW' AS `x``SHOW`", ["RETURN", "AS"]),
        ("RETURN 1 /* unclosed SHOW", ["RETURN", "unclosed", "SHOW"]),
        ("RETURN 1 // SHOW\r\nUNION RETURN 2", ["RETURN", "UNION", "RETURN"]),
    ],
)
def test_keywords_follow_cyphers_comment_and_string_rules(query: str, words: list[str]) -> None:
    assert [w.text for w in keywords(query)] == words


def test_parameters_and_offsets() -> None:
    assert parameter_names("MATCH (n {id: $id}) // $not\rWHERE n.x = '$no' RETURN $`odd name`") \
        == {"id", "odd name"}
    assert [t.offset for t in tokens("RETURN  1")] == [0, 8]


@pytest.mark.parametrize(
    "query",
    ["// x\rTERMINATE TRANSACTIONS 'neo4j-transaction-1'", "/* */SHOW SETTINGS",
     "// x\r\nLOAD /* */ CSV FROM 'file:///x' AS l RETURN l",
     "MATCH (n) CALL (n) { RETURN 1 AS one } IN 2 CONCURRENT TRANSACTIONS RETURN n",
     "RETURN 'a' =~ 'a*'"],
)
def test_the_keyword_check_sees_through_comments(query: str) -> None:
    with pytest.raises(QueryRejected):
        check_text(query)


def test_positions_are_the_users_own() -> None:
    message, found = user_positions(
        "Invalid input 'RETRUN' (line 2, column 11 (offset: 18))\n\"MATCH (n) RETRUN n\"")
    assert found == {"line": 1, "column": 11, "offset": 10}
    assert "(line 1, column 11 (offset: 10))" in message

"""Every failure answers in the one JSON error shape, never plain text or a stack trace: crafted
cursors, unknown routes and methods, a bug behind a route, and generated requests of every kind
against the real app over a real Neo4j."""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph, connect
from tests.api.conftest import serving_in_thread

PAGED = ["/entities", "/relations", "/timeline", "/articles"]
INT64_MAX = 2**63 - 1


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def assert_error_shape(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"code", "message", "detail"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and "Traceback" not in error["message"]
    assert isinstance(error["detail"], dict)
    return error


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    "crafted",
    [cursor(f"o:{INT64_MAX}"), cursor(f"o:{INT64_MAX + 1}"), cursor(f"o:{2**64}"),
     cursor("o:" + "9" * 100), cursor("o:-1"), cursor("o:+5"), cursor("x:5"), "not base64!"],
)
def test_a_cursor_this_api_did_not_issue_is_400(
    client: httpx.Client, seeded: Graph, path: str, crafted: str
) -> None:
    response = client.get(path, params={"cursor": crafted})
    assert response.status_code == 400, response.text
    error = assert_error_shape(response)
    assert error["detail"]["field"] == "cursor"


def test_issued_cursors_still_page(client: httpx.Client, seeded: Graph) -> None:
    first = client.get("/entities", params={"limit": 2}).json()
    second = client.get("/entities", params={"limit": 2, "cursor": first["next_cursor"]})
    assert second.status_code == 200
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in second.json()["items"])


def test_unknown_routes_and_methods_answer_in_the_shape(client: httpx.Client) -> None:
    assert assert_error_shape(client.get("/no/such/route"))["code"] == "not_found"
    wrong = client.delete("/entities")
    assert wrong.status_code == 405 and "GET" in wrong.headers["allow"]
    assert assert_error_shape(wrong)["code"] == "method_not_allowed"


def test_a_bug_behind_a_route_is_a_logged_500_in_the_shape(
    neo4j_server: tuple[Neo4jSettings, LocalServerSettings], caplog: pytest.LogCaptureFixture
) -> None:
    settings, local = neo4j_server
    closed = connect(settings, local)
    closed.close()  # using a closed driver is a programming error, not Neo4j being away
    with (
        serving_in_thread(create_app(closed), log_level="critical") as url,
        caplog.at_level(logging.ERROR, logger="techkg.api"),
    ):
        response = httpx.get(f"{url}/entities", timeout=30)
    assert response.status_code == 500
    assert assert_error_shape(response)["code"] == "internal_error"
    [record] = [r for r in caplog.records if r.name == "techkg.api"]
    assert "GET /entities" in record.getMessage() and record.exc_info is not None


# ------------------------------------------------------------------ generated requests

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", str(INT64_MAX), str(2**64), "company:nvidia",
                     "Huawei", "%00", "\x00", "' OR 1=1 //", "é" * 50]),
    st.builds(cursor, st.from_regex(r"o:-?[0-9]{1,25}", fullmatch=True)),
)
PARAMS = ["q", "type", "country", "limit", "cursor", "subject", "object", "entity", "depth",
          "direction", "source", "target", "max_hops", "relation", "since", "until", "as_of",
          "min_confidence", "min_sources", "format", "top", "min_relevance", "name"]


def _paths(app_paths: list[str]) -> st.SearchStrategy[str]:
    def fill(template: str, value: str) -> str:
        out = template
        while "{" in out:
            start, end = out.index("{"), out.index("}")
            out = out[:start] + quote(value, safe="") + out[end + 1:]
        return out

    return st.builds(fill, st.sampled_from(app_paths), st.text(min_size=1, max_size=30))


@pytest.fixture(scope="module")
def app_paths() -> list[str]:
    return sorted(create_app().openapi()["paths"])


def test_generated_requests_never_answer_a_500_or_plain_text(
    client: httpx.Client, seeded: Graph, app_paths: list[str]
) -> None:
    @given(
        method=st.sampled_from(["GET", "GET", "POST", "PUT", "DELETE"]),
        path=_paths(app_paths),
        params=st.dictionaries(st.sampled_from(PARAMS), TEXT, max_size=4),
        body=st.one_of(st.none(), st.binary(max_size=64),
                       st.dictionaries(st.sampled_from(["query", "params", "documents", "draw"]),
                                       st.one_of(TEXT, st.integers(), st.lists(TEXT, max_size=2)),
                                       max_size=3)),
    )
    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def answers_in_the_shape(method: str, path: str, params: dict[str, str], body: Any) -> None:
        sent: dict[str, Any] = (
            {"content": body} if isinstance(body, bytes) else {"json": body} if body else {}
        )
        response = client.request(method, path, params=params, **sent)
        assert response.status_code < 500 or response.status_code == 503, (
            f"{method} {path} {params} {body!r}: {response.status_code} {response.text[:300]}")
        if response.status_code >= 400:
            assert_error_shape(response)

    answers_in_the_shape()

"""GET /queries, POST /queries/{name} and the explorer page's files, through the real app."""

from __future__ import annotations

import httpx
import pytest

from graph.store.db import Graph


@pytest.fixture(scope="module")
def seeded_api(seeded: Graph) -> Graph:
    return seeded


def test_the_saved_queries_are_listed_with_their_parameters(client: httpx.Client) -> None:
    body = client.get("/queries").json()
    names = {q["name"] for q in body["items"]}
    assert len(names) >= 12 and {"who_restricts", "export_control_chains"} <= names
    chains = next(q for q in body["items"] if q["name"] == "export_control_chains")
    assert chains["description"] and "agency_id" in chains["entities"]
    limit = next(p for p in chains["params"] if p["name"] == "limit")
    assert limit == {"name": "limit", "type": "int[1..1000]", "required": False, "default": 100,
                     "description": "rows at most"}
    only = client.get("/queries", params={"q": "restrict"}).json()["items"]
    assert only and all("restrict" in (q["name"] + q["description"]).lower() for q in only)


def test_a_query_runs_and_draws(client: httpx.Client, seeded_api: Graph) -> None:
    response = client.post("/queries/export_control_chains",
                           json={"params": {"agency": "Netherlands"}, "draw": True})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"][0] == "agency_id"
    assert [(r["agency"], r["rule"], r["target"], r["company"]) for r in body["rows"]] == [
        ("Netherlands", "Dutch export rule", "DUV lithography machines", "ASML")]
    nodes = {n["data"]["id"]: n["data"] for n in body["graph"]["elements"]["nodes"]}
    assert nodes["country:netherlands"]["alignment"] == "us_allies"
    types = {e["data"]["type"] for e in body["graph"]["elements"]["edges"]}
    assert {"ENACTS", "RESTRICTS", "DEVELOPS"} <= types
    plain = client.post("/queries/most_connected", json={"params": {"limit": 3}}).json()
    assert plain["graph"] is None and len(plain["rows"]) == 3
    assert client.post("/queries/most_connected").status_code == 200  # no body: the defaults


def test_unknown_query_is_404_with_the_closest_names(client: httpx.Client) -> None:
    response = client.post("/queries/who_restrict", json={})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and "who_restricts" in error["detail"]["closest"]


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": "many"}, "limit"),
    ({"limit": 0}, "limit"),
    ({"relation": "SELLS"}, "relation"),
    ({"relashun": "RESTRICTS"}, "relashun"),
])
def test_bad_parameters_are_422_naming_the_field(client: httpx.Client, params: dict[str, object],
                                                 field: str) -> None:
    response = client.post("/queries/most_connected", json={"params": params})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["detail"]["field"] == field and error["message"].startswith(field)


def test_a_required_parameter_is_required(client: httpx.Client) -> None:
    response = client.post("/queries/entities_by_id", json={"params": {}})
    assert response.status_code == 422 and response.json()["error"]["detail"]["field"] == "ids"
    extra = client.post("/queries/most_connected", json={"params": {}, "other": 1})
    assert extra.status_code == 422


def test_the_page_and_its_offline_libraries_are_served(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "http" not in "".join(line for line in page.text.splitlines() if "<script" in line)
    for path in ("/static/app.js", "/static/app.css",
                 "/static/vendor/cytoscape.min.js", "/static/vendor/cytoscape-svg.js"):
        assert client.get(path).status_code == 200, path
    assert client.get("/static/package.json").status_code == 404
    assert client.get("/static/vendor/../package.json").status_code == 404

"""Entity names through the real app: `/export` and `/analytics/timeline` take an id, a name or an
alias (404 with the closest ids on a miss), and relation items name both ends."""

from __future__ import annotations

import httpx
import pytest

from graph.analytics import cache
from graph.store.db import Graph
from tests.graph.analytics.test_analytics import COUNTRIES, WORLD, cid, write_edges


@pytest.fixture
def world(graph: Graph) -> Graph:
    cache.CACHE.clear()
    write_edges(graph, WORLD, COUNTRIES)
    graph.write("MATCH (e:Entity {id: $id}) SET e.aliases = ['Huawei Technologies']",
                {"id": cid("Huawei")})
    return graph


def test_export_takes_a_name_or_alias(world: Graph, client: httpx.Client) -> None:
    for ref in ("Huawei", "huawei technologies", cid("Huawei")):
        response = client.get("/export", params={"format": "nt", "entity": ref, "depth": 0})
        assert response.status_code == 200, (ref, response.text)
        assert f"/entity/{cid('Huawei')}>" in response.text
        assert response.headers["content-disposition"].endswith('-huawei.nt"')
    missed = client.get("/export", params={"format": "nt", "entity": "Huawai"})
    assert missed.status_code == 404
    assert cid("Huawei") in missed.json()["error"]["detail"]["closest"]


def test_analytics_timeline_takes_a_name(world: Graph, client: httpx.Client) -> None:
    body = client.get("/analytics/timeline/Nvidia").json()
    assert (body["entity"], body["name"]) == (cid("Nvidia"), "Nvidia")
    assert [m["month"] for m in body["months"]] == ["2024-01", "2024-02", "2024-06"]
    missed = client.get("/analytics/timeline/Nvdia")
    assert missed.status_code == 404
    assert cid("Nvidia") in missed.json()["error"]["detail"]["closest"]


def test_relation_items_name_both_ends(world: Graph, client: httpx.Client) -> None:
    names = {cid(name): name for edge in WORLD for name in (edge[0], edge[2])}
    relations = client.get("/relations", params={"subject": "BIS"}).json()["items"]
    timeline = client.get("/timeline", params={"entity": "Huawei"}).json()["items"]
    assert relations and timeline
    for item in relations + timeline:
        assert item["subject_name"] == names[item["subject"]]
        assert item["object_name"] == names[item["object"]]
    assert {i["object_name"] for i in timeline} == {"Huawei"}

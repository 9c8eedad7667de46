"""GET /ontology over the real app: every type of graph/ontology.py, in its response model."""

from __future__ import annotations

from typing import Any

import httpx

from graph.ontology import (
    ENTITY_TYPE_INFO,
    RELATION_TYPE_INFO,
    SIDE_INFO,
    Alignment,
    EntityType,
    OntologyView,
    RelationCategory,
    RelationType,
)


def schema_of(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def test_ontology_serves_every_type_with_meaning_and_colour(client: httpx.Client) -> None:
    response = client.get("/ontology")
    assert response.status_code == 200, response.text
    view = OntologyView.model_validate(response.json())
    assert [t.name for t in view.relation_types] == list(RelationType)
    assert [t.name for t in view.entity_types] == list(EntityType)
    assert [s.name for s in view.sides] == list(Alignment)
    for served in view.relation_types:
        assert served == RELATION_TYPE_INFO[served.name]
    for entity in view.entity_types:
        assert entity == ENTITY_TYPE_INFO[entity.name]
    assert view.sides == list(SIDE_INFO.values())
    symmetric = {t["name"] for t in response.json()["relation_types"] if t["symmetric"]}
    assert symmetric == {RelationType.PARTNERS_WITH, RelationType.COMPETES_WITH}


def test_ontology_route_documents_its_response_model(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/ontology"]["get"]["responses"]["200"]["content"]["application/json"]
    view = schema_of(spec, ok["schema"]["$ref"])
    assert set(view["required"]) >= {"entity_types", "relation_types", "categories", "sides"}
    relation = schema_of(spec, view["properties"]["relation_types"]["items"]["$ref"])
    assert set(relation["properties"]) == {"name", "description", "category", "color", "symmetric"}
    names = schema_of(spec, relation["properties"]["name"]["$ref"])
    assert names["enum"] == [t.value for t in RelationType]
    categories = schema_of(spec, relation["properties"]["category"]["$ref"])
    assert categories["enum"] == [c.value for c in RelationCategory]

"""Entities: search, one entity, its neighborhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import GraphDep
from api.errors import PAGED_ERRORS, errors_for
from api.filters import FilterDep
from graph.ontology import EntityType
from graph.read.entities import entity_detail, search_entities
from graph.read.relations import Direction, neighbors
from graph.read.views import EntityDetail, EntitySummary, Page, Subgraph

router = APIRouter(tags=["entities"])
ERRORS = errors_for(404, 422, 503)
EntityId = Annotated[
    str, Path(max_length=300, description="entity id, name or alias", examples=["company:nvidia"])
]


@router.get(
    "/entities",
    response_model=Page[EntitySummary],
    responses=PAGED_ERRORS,
    summary="Search entities by name or alias (full-text, typo-tolerant, ranked)",
)
def list_entities(
    graph: GraphDep,
    q: Annotated[str | None, Query(max_length=200, examples=["nvidia"])] = None,
    type: Annotated[EntityType | None, Query()] = None,
    country: Annotated[str | None, Query(max_length=100, examples=["China"])] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[EntitySummary]:
    return search_entities(graph, q, type, country, limit, cursor)


@router.get(
    "/entities/{entity_id}",
    response_model=EntityDetail,
    responses=ERRORS,
    summary="One entity: aliases, external ids, degree by relation type, first/last seen",
)
def get_entity(graph: GraphDep, entity_id: EntityId) -> EntityDetail:
    return entity_detail(graph, entity_id)


@router.get(
    "/entities/{entity_id}/neighbors",
    response_model=Subgraph,
    responses=ERRORS,
    summary="The subgraph around an entity, with evidence",
)
def get_neighbors(
    graph: GraphDep,
    entity_id: EntityId,
    filters: FilterDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    direction: Annotated[Direction, Query()] = Direction.BOTH,
    limit: Annotated[int, Query(ge=1, le=1000, description="relations at most")] = 100,
) -> Subgraph:
    return neighbors(graph, entity_id, depth, direction, filters, limit)

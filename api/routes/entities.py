"""Entity search and lookup."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.errors import ERROR_RESPONSES
from graph.ontology import EntityType
from graph.reader import EntitySummary, Page, search_entities

router = APIRouter(tags=["entities"])


@router.get("/entities", response_model=Page[EntitySummary],
            responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]},
            summary="Search entities by name or alias (full-text, typo-tolerant)")
def list_entities(
    graph: GraphDep,
    q: Annotated[str | None, Query(max_length=200, examples=["nvidia"])] = None,
    type: Annotated[EntityType | None, Query()] = None,
    country: Annotated[str | None, Query(max_length=100, examples=["China"])] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[EntitySummary]:
    return search_entities(graph, q, type, country, limit, cursor)

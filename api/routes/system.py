"""Service health and what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import GraphDep
from api.errors import ERROR_RESPONSES
from graph.read.entities import Health, health, stats
from graph.read.views import Stats

router = APIRouter(tags=["system"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: ERROR_RESPONSES[503]},
    summary="The service and its Neo4j",
)
def get_health(graph: GraphDep) -> Health:
    return health(graph)


@router.get(
    "/stats",
    response_model=Stats,
    responses={503: ERROR_RESPONSES[503]},
    summary="Counts by label and relation type, and the newest document",
)
def get_stats(graph: GraphDep) -> Stats:
    return stats(graph)

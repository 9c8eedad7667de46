"""Service health and what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import GraphDep, get_graph
from api.errors import errors_for
from api.lanes import client_address, lane
from graph.read.entities import Health, health, stats
from graph.read.views import Stats

router = APIRouter(tags=["system"])


@router.get(
    "/health",
    response_model=Health,
    responses=errors_for(503),
    summary="The service and its Neo4j",
)
async def get_health(request: Request) -> Health:
    # A lane of its own, and no `def` dependency (that would wait for the shared thread pool):
    # it answers while every other thread is busy with slow queries.
    health_lane = lane(request, "health", total=4)
    return await health_lane.run(client_address(request), health, get_graph(request))


@router.get(
    "/stats",
    response_model=Stats,
    responses=errors_for(503),
    summary="Counts by label and relation type, and the newest document",
)
def get_stats(graph: GraphDep) -> Stats:
    return stats(graph)

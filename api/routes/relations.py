"""Relations: triples, paths, timelines, and the explorer's graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import GraphDep
from api.errors import PAGED_ERRORS, errors_for
from api.filters import FilterDep
from graph.read.relations import Direction, neighbors, paths, relations, timeline, to_cytoscape
from graph.read.views import CytoscapeGraph, EdgeOut, Page, Paths

router = APIRouter(tags=["relations"])
ERRORS = errors_for(404, 422, 503)
Ref = Annotated[str, Query(max_length=300, description="entity id, name or alias")]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.get(
    "/relations",
    response_model=Page[EdgeOut],
    responses=PAGED_ERRORS,
    summary="Triples with evidence (article title, url, date, sentence), newest first",
)
def list_relations(
    graph: GraphDep,
    filters: FilterDep,
    subject: Annotated[
        str | None, Query(max_length=300, examples=["Bureau of Industry and Security"])
    ] = None,
    object: Annotated[str | None, Query(max_length=300, examples=["Huawei"])] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[EdgeOut]:
    return relations(graph, subject, object, filters, limit, cursor)


@router.get(
    "/paths",
    response_model=Paths,
    responses=ERRORS,
    summary="Shortest paths between two entities, each hop with its evidence",
)
def get_paths(
    graph: GraphDep,
    filters: FilterDep,
    source: Annotated[str, Query(max_length=300, examples=["SMIC"])],
    target: Annotated[str, Query(max_length=300, examples=["ASML"])],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Paths:
    return paths(graph, source, target, max_hops, filters, limit)


@router.get(
    "/timeline",
    response_model=Page[EdgeOut],
    responses=PAGED_ERRORS,
    summary="Dated relations in date order, for one entity or all",
)
def get_timeline(
    graph: GraphDep,
    filters: FilterDep,
    entity: Annotated[str | None, Query(max_length=300, examples=["Huawei"])] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[EdgeOut]:
    return timeline(graph, entity, filters, limit, cursor)


@router.get(
    "/graph",
    response_model=CytoscapeGraph,
    responses=ERRORS,
    summary="An entity's neighborhood as Cytoscape.js elements (what the explorer draws)",
)
def get_graph(
    graph: GraphDep,
    filters: FilterDep,
    entity: Ref,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    direction: Annotated[Direction, Query()] = Direction.BOTH,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> CytoscapeGraph:
    return to_cytoscape(neighbors(graph, entity, depth, direction, filters, limit))

"""Network measures and the competition view; each result names its filters and graph size."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.deps import GraphDep
from api.errors import errors_for
from graph.analytics import competition, measures
from graph.analytics.competition import ActionResponses, CompetitionView
from graph.analytics.measures import (
    Chokepoints,
    Communities,
    DegreeByType,
    Filters,
    KCore,
    Ranking,
    Timeline,
)
from graph.ontology import EntityType, RelationType

router = APIRouter(prefix="/analytics", tags=["analytics"])
ERRORS = errors_for(422, 503)


def analytics_filters(
    relation: Annotated[list[RelationType] | None, Query(
        description="only these relation types (repeat for several)", examples=[RelationType.RESTRICTS.value])] = None,
    since: Annotated[date | None, Query(description="relations dated on or after")] = None,
    until: Annotated[date | None, Query(description="relations dated on or before")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    entity_type: Annotated[list[EntityType] | None, Query(
        description="only relations between entities of these types")] = None,
    include_negated: Annotated[bool, Query(description="count denied relations too")] = False,
) -> Filters:
    return Filters(relation_types=relation, since=since, until=until,
                   min_confidence=min_confidence, entity_types=entity_type,
                   include_negated=include_negated)


FiltersDep = Annotated[Filters, Depends(analytics_filters)]
Top = Annotated[int, Query(ge=1, le=1000, description="rows")]


@router.get("/pagerank", response_model=Ranking, responses=ERRORS,
            summary="PageRank of the entities in the filtered graph")
def get_pagerank(graph: GraphDep, filters: FiltersDep, top: Top = 20) -> Ranking:
    return measures.pagerank(graph, filters, top)


@router.get("/betweenness", response_model=Ranking, responses=ERRORS,
            summary="Betweenness centrality (sampled above 2,000 entities)")
def get_betweenness(graph: GraphDep, filters: FiltersDep, top: Top = 20) -> Ranking:
    return measures.betweenness(graph, filters, top)


@router.get("/degree", response_model=DegreeByType, responses=ERRORS,
            summary="Degree of each entity by relation type, in and out")
def get_degree(graph: GraphDep, filters: FiltersDep, top: Top = 20) -> DegreeByType:
    return measures.degree_by_type(graph, filters, top)


@router.get("/communities", response_model=Communities, responses=ERRORS,
            summary="Louvain communities (seeded, reproducible)")
def get_communities(graph: GraphDep, filters: FiltersDep,
                    seed: Annotated[int, Query(ge=0)] = measures.SEED) -> Communities:
    return measures.communities(graph, filters, seed)


@router.get("/kcore", response_model=KCore, responses=ERRORS,
            summary="The k-core (default: the innermost) and every entity's core number")
def get_kcore(graph: GraphDep, filters: FiltersDep,
              k: Annotated[int | None, Query(ge=0, le=10_000)] = None) -> KCore:
    return measures.kcore(graph, filters, k)


@router.get("/chokepoints", response_model=Chokepoints, responses=ERRORS,
            summary="Bridges and articulation points of the undirected graph")
def get_chokepoints(graph: GraphDep, filters: FiltersDep) -> Chokepoints:
    return measures.chokepoints(graph, filters)


@router.get("/timeline/{entity_id}", response_model=Timeline, responses=errors_for(404, 422, 503),
            summary="An entity's PageRank, betweenness and degree at the end of each month")
def get_timeline(graph: GraphDep, filters: FiltersDep,
                 entity_id: Annotated[str, Path(max_length=300, examples=["Huawei"],
                                                description="id, name or alias")]) -> Timeline:
    return measures.timeline(graph, entity_id, filters)


@router.get("/competition", response_model=CompetitionView, responses=ERRORS,
            summary="Relations per month between and within US-and-allies, China and other")
def get_competition(graph: GraphDep, filters: FiltersDep, top: Top = 10) -> CompetitionView:
    return competition.competition(graph, filters, top)


@router.get("/responses", response_model=ActionResponses, responses=ERRORS,
            summary="Restricting actions and the other side's responses within a window")
def get_responses(graph: GraphDep,
                  window_days: Annotated[int, Query(ge=1, le=3650)] = 90) -> ActionResponses:
    return competition.action_responses(graph, window_days)

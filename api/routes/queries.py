"""Saved Cypher queries (queries/*.cypher): list them, run one with validated parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import GraphDep, SettingsDep
from api.errors import errors_for
from graph.read.views import CytoscapeGraph
from queries.registry import QueryRegistry, QueryResult, SavedQuery, default_registry

router = APIRouter(tags=["queries"])


class ParamOut(BaseModel):
    name: str
    type: str = Field(
        description="str, int, float, bool, date, list[str], EntityType or "
        "RelationType, with an inclusive range for numbers: int[1..500]"
    )
    required: bool
    default: Any = None
    description: str = ""


class QueryInfo(BaseModel):
    name: str
    description: str
    params: list[ParamOut]
    columns: list[str]
    entities: list[str] = Field(description="columns holding entity ids (what gets drawn)")


class QueryList(BaseModel):
    items: list[QueryInfo]


class RunRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"params": {"entity": "Huawei", "limit": 20}, "draw": True}]
        },
    )

    params: dict[str, Any] = Field(
        default_factory=dict, description="values for the query's declared parameters"
    )
    draw: bool = Field(
        False,
        description="also return the entities in the result and the "
        "relations among them as Cytoscape.js elements",
    )


class RunResponse(QueryResult):
    graph: CytoscapeGraph | None = Field(None, description="present when `draw` was true")


def info(query: SavedQuery) -> QueryInfo:
    return QueryInfo(
        name=query.name,
        description=query.description,
        columns=query.columns,
        entities=query.entities,
        params=[
            ParamOut(
                name=p.name,
                type=p.type_text,
                required=p.required,
                default=p.default,
                description=p.description,
            )
            for p in query.params
        ],
    )


def registry_for(timeout_s: float, row_limit: int) -> QueryRegistry:
    """The one registry's queries, run under the API's Cypher timeout and row limit."""
    return QueryRegistry(
        queries=default_registry().queries, timeout_s=timeout_s, row_limit=row_limit
    )


@router.get("/queries", response_model=QueryList, summary="The saved queries and their parameters")
def list_queries(
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="only names or descriptions containing this text",
            examples=["restrict"],
        ),
    ] = None,
) -> QueryList:
    queries = default_registry().all()
    if q:
        queries = [
            x for x in queries if q.lower() in x.name.lower() or q.lower() in x.description.lower()
        ]
    return QueryList(items=[info(x) for x in queries])


@router.post(
    "/queries/{name}",
    response_model=RunResponse,
    responses=errors_for(422, 503, own={
        404: "No such query; detail.closest lists near names",
        408: "the query timed out",
    }),
    summary="Run a saved query; parameters are validated against its header",
)
def run_query(
    graph: GraphDep,
    settings: SettingsDep,
    name: Annotated[str, Path(max_length=100, examples=["who_restricts"])],
    body: Annotated[RunRequest | None, Body()] = None,
) -> RunResponse:
    body = body or RunRequest()
    registry = registry_for(settings.cypher_timeout_s, settings.cypher_row_limit)
    result = registry.run(graph, name, body.params)
    drawn = registry.draw(graph, result.entity_ids) if body.draw else None
    return RunResponse(**result.model_dump(), graph=drawn)

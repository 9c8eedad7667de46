"""Read-only Cypher for exploration, on a lane of its own (api.lanes): a few queries per client
address, a bounded number at once in all, never on the threads the other routes use."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import get_graph, get_settings
from api.errors import errors_for
from api.lanes import client_address, lane
from graph.ontology import EntityType, RelationType
from graph.read.console import MAX_QUERY_CHARS, Limits, run_read_only
from graph.read.views import CypherResult

router = APIRouter(tags=["cypher"])


class CypherRequest(BaseModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "query": f"MATCH (s:Entity)-[r:{RelationType.RESTRICTS}]->"
                    f"(o:{EntityType.COMPANY}) RETURN s.name, o.name LIMIT $n",
                    "params": {"n": 10},
                }
            ]
        },
    }

    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    params: dict[str, Any] = Field(default_factory=dict)


@router.post(
    "/cypher",
    response_model=CypherResult,
    responses=errors_for(422, 503, own={
        400: "the plan is not an allowed read",
        408: "planning or running ran past its time",
        413: "the query needed too much memory",
        429: "this client has too many queries running",
    }),
    summary="Run read-only Cypher: reads only (decided on the plan), timeouts, row and byte limits",
)
async def post_cypher(body: CypherRequest, request: Request) -> CypherResult:
    # The graph and settings read directly: a plain `def` dependency would wait for a thread of
    # the shared pool, which is what this lane keeps the console off.
    graph, settings = get_graph(request), get_settings(request)
    limits = Limits(
        timeout_s=settings.cypher_timeout_s,
        plan_timeout_s=settings.cypher_plan_timeout_s,
        row_limit=settings.cypher_row_limit,
        byte_limit=settings.cypher_max_bytes,
    )
    console = lane(request, "cypher", settings.cypher_concurrency, settings.cypher_per_client)
    return await console.run(
        client_address(request), run_read_only, graph, body.query, body.params, limits
    )

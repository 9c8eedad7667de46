"""Read-only Cypher for exploration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import GraphDep, SettingsDep
from api.errors import ERROR_RESPONSES, ErrorResponse
from graph.ontology import EntityType, RelationType
from graph.read.console import run_read_only
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

    query: str = Field(min_length=1, max_length=10_000)
    params: dict[str, Any] = Field(default_factory=dict)


@router.post(
    "/cypher",
    response_model=CypherResult,
    responses={
        400: {"model": ErrorResponse, "description": "a write was refused"},
        408: {"model": ErrorResponse, "description": "the query timed out"},
        **{k: ERROR_RESPONSES[k] for k in (422, 503)},
    },
    summary="Run read-only Cypher: writes refused, server-side timeout, row limit",
)
def post_cypher(body: CypherRequest, graph: GraphDep, settings: SettingsDep) -> CypherResult:
    return run_read_only(
        graph, body.query, body.params, settings.cypher_timeout_s, settings.cypher_row_limit
    )

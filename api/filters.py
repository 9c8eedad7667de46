"""Query parameters shared by every route that returns relations."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from graph.ontology import RelationType
from graph.read.relations import RelationFilter


def relation_filter(
    relation: Annotated[
        list[RelationType] | None,
        Query(description="only these relation types (repeat the parameter for several)"),
    ] = None,
    since: Annotated[date | None, Query(description="facts dated on or after")] = None,
    until: Annotated[date | None, Query(description="facts dated on or before")] = None,
    as_of: Annotated[
        date | None,
        Query(description="only what had been reported by that day (first seen on or before)"),
    ] = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    min_sources: Annotated[
        int, Query(ge=0, le=1000, description="distinct sources corroborating it")
    ] = 0,
) -> RelationFilter:
    return RelationFilter(
        relations=relation,
        since=since,
        until=until,
        as_of=as_of,
        min_confidence=min_confidence,
        min_sources=min_sources,
    )


FilterDep = Annotated[RelationFilter, Depends(relation_filter)]

"""The query parameters of `RelationFilter`, shared by every route that reads relations or
computes a measure."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from graph.ontology import EntityType, RelationType
from graph.read.filters import RelationFilter


def relation_filter(
    relation: Annotated[
        list[RelationType] | None,
        Query(
            description="only these relation types (repeat the parameter for several)",
            examples=[RelationType.RESTRICTS.value],
        ),
    ] = None,
    entity_type: Annotated[
        list[EntityType] | None,
        Query(description="only relations between entities of these types (repeatable)"),
    ] = None,
    since: Annotated[
        date | None,
        Query(description="dated on or after (measures: an undated relation by its first report)"),
    ] = None,
    until: Annotated[date | None, Query(description="dated on or before (likewise)")] = None,
    as_of: Annotated[
        date | None,
        Query(description="only what had been reported by that day (first seen on or before)"),
    ] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    min_sources: Annotated[
        int, Query(ge=0, le=1000, description="distinct sources corroborating it")
    ] = 0,
    include_negated: Annotated[
        bool | None,
        Query(description="denied relations too (default: reads show them, measures do not)"),
    ] = None,
) -> RelationFilter:
    return RelationFilter(
        relation_types=relation,
        entity_types=entity_type,
        since=since,
        until=until,
        as_of=as_of,
        min_confidence=min_confidence,
        min_sources=min_sources,
        include_negated=include_negated,
    )


FilterDep = Annotated[RelationFilter, Depends(relation_filter)]

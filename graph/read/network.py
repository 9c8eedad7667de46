"""Reads for the measures (graph.analytics): the relationships a filter lets through, as the
edges of a projection; the entities with their structural links, and dated acts, for the
competition view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, LiteralString

from graph.ontology import RelationType
from graph.read.filters import DATED_BY_FACT_OR_REPORT, RelationFilter, where
from graph.store.db import Graph

PROJECTION: LiteralString = f"""
MATCH (s:Entity)-[r]->(o:Entity)
WHERE {where(DATED_BY_FACT_OR_REPORT)}
RETURN s.id AS s, s.name AS s_name, s.type AS s_type, o.id AS o, o.name AS o_name,
       o.type AS o_type, type(r) AS type, r.confidence AS confidence,
       {DATED_BY_FACT_OR_REPORT} AS date, r.first_seen AS first_seen
"""


def projected_edges(graph: Graph, filters: RelationFilter) -> list[dict[str, Any]]:
    """One row per relationship that passes `filters`, with both ends' names and types."""
    return graph.read(PROJECTION, filters.params())


# Relation types come as parameters, from graph/ontology.py, never as text of the statement.
ENTITIES_WITH_LINKS: LiteralString = """
MATCH (e:Entity)
OPTIONAL MATCH (e)-[r]->(t:Entity) WHERE type(r) IN $types AND NOT r.negated
RETURN e.id AS id, e.name AS name, e.type AS type, e.country AS country,
       e.first_seen AS first_seen, collect(t.id) AS links
"""

DATED_RELATIONS: LiteralString = f"""
MATCH (s:Entity)-[r]->(o:Entity)
WHERE type(r) IN $types AND NOT r.negated AND {DATED_BY_FACT_OR_REPORT} IS NOT NULL
RETURN s.id AS subject, s.name AS subject_name, type(r) AS type, o.id AS object,
       o.name AS object_name, {DATED_BY_FACT_OR_REPORT} AS date, r.confidence AS confidence,
       r.evidence AS evidence
ORDER BY date, subject, object
"""


def entities_with_links(graph: Graph, link_types: Iterable[RelationType]) -> list[dict[str, Any]]:
    """Every entity, with the ids of the entities it links to by `link_types` (not denied)."""
    return graph.read(ENTITIES_WITH_LINKS, {"types": [t.value for t in link_types]})


def dated_relations(graph: Graph, types: Iterable[RelationType]) -> list[dict[str, Any]]:
    """The asserted relationships of `types` that have a date (the fact's, else the first
    report's), oldest first, with both ends' names and the evidence."""
    return graph.read(DATED_RELATIONS, {"types": [t.value for t in types]})

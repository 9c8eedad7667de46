"""Reads of relations: neighborhoods, paths, triples, timelines and one article's graph.

Every relation read takes the same `RelationFilter`, so time (`since`/`until` on the fact's date,
`as_of` on when it was first reported) and corroboration (`min_sources`) work everywhere.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Any, LiteralString

from pydantic import BaseModel, Field

from graph.errors import InvalidInput
from graph.ontology import RelationType
from graph.read.entities import _to_date, resolve_entity, summary
from graph.read.paging import decode_cursor, page_of
from graph.read.views import (
    CytoscapeElements,
    CytoscapeGraph,
    EdgeOut,
    EntitySummary,
    EvidenceOut,
    Page,
    PathOut,
    Paths,
    Subgraph,
)
from graph.store.db import Graph


class Direction(StrEnum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


class RelationFilter(BaseModel):
    relations: list[RelationType] | None = None
    since: date | None = None
    until: date | None = None
    as_of: date | None = None
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)
    min_sources: int = Field(0, ge=0)

    def params(self) -> dict[str, Any]:
        return {
            "types": [r.value for r in self.relations] if self.relations else None,
            "since": self.since,
            "until": self.until,
            "as_of": self.as_of,
            "min_confidence": self.min_confidence,
            "min_sources": self.min_sources,
        }


REL_FILTER = """($types IS NULL OR type(r) IN $types)
  AND ($since IS NULL OR r.date >= $since) AND ($until IS NULL OR r.date <= $until)
  AND ($as_of IS NULL OR r.first_seen <= $as_of)
  AND coalesce(r.confidence, 0.0) >= $min_confidence
  AND coalesce(r.source_count, 0) >= $min_sources"""

EDGE_FIELDS = """s.id AS subject, s.name AS subject_name, type(r) AS type, o.id AS object,
       o.name AS object_name, r.count AS count,
       r.source_count AS source_count, r.confidence AS confidence, r.negated AS negated,
       r.modality AS modality, r.date AS date, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.role AS role, r.predicate AS predicate, r.evidence AS evidence"""

NODE_FIELDS = """n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases,
       n.country AS country"""

# One hop from a frontier; the direction picks one of three fixed patterns.
_HOP_MATCH: dict[Direction, LiteralString] = {
    Direction.OUT: "MATCH (s:Entity)-[r]->(o:Entity) WHERE s.id IN $frontier AND ",
    Direction.IN: "MATCH (s:Entity)-[r]->(o:Entity) WHERE o.id IN $frontier AND ",
    Direction.BOTH: "MATCH (a:Entity)-[r]-(:Entity) WHERE a.id IN $frontier AND ",
}


def _hop_query(direction: Direction) -> LiteralString:
    tail = f" RETURN {EDGE_FIELDS} ORDER BY r.count DESC, r.confidence DESC LIMIT $limit"
    if direction is Direction.BOTH:  # an edge between two frontier nodes is found twice
        tail = " WITH DISTINCT r WITH r, startNode(r) AS s, endNode(r) AS o" + tail
    return _HOP_MATCH[direction] + REL_FILTER + tail


NODES_BY_ID = f"MATCH (n:Entity) WHERE n.id IN $ids RETURN {NODE_FIELDS}"
ARTICLE_TITLES = """
MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id, a.title AS title, a.url AS url
"""


def edge_id(subject: str, rel_type: str, obj: str, negated: bool) -> str:
    return f"{subject}|{rel_type}|{obj}" + ("|negated" if negated else "")


def _evidence(raw: list[str] | None, articles: dict[str, dict[str, Any]]) -> list[EvidenceOut]:
    out = []
    for item in raw or []:
        data = json.loads(item)
        meta = articles.get(data.get("article_id", ""), {})
        out.append(EvidenceOut(**data, title=meta.get("title"), url=meta.get("url")))
    return out


def edges_from_rows(graph: Graph, rows: list[dict[str, Any]]) -> list[EdgeOut]:
    ids = {json.loads(e).get("article_id") for row in rows for e in row["evidence"] or []}
    articles = {
        r["id"]: r for r in graph.read(ARTICLE_TITLES, {"ids": sorted(i for i in ids if i)})
    }
    edges = []
    for row in rows:
        data = {**row, "negated": bool(row["negated"]), "modality": row["modality"] or "asserted"}
        for key in ("date", "first_seen", "last_seen"):
            data[key] = _to_date(row[key])
        data["evidence"] = _evidence(row["evidence"], articles)
        edges.append(
            EdgeOut(id=edge_id(row["subject"], row["type"], row["object"], data["negated"]), **data)
        )
    return edges


def nodes_by_id(graph: Graph, ids: set[str]) -> list[EntitySummary]:
    return [summary(r) for r in graph.read(NODES_BY_ID, {"ids": sorted(ids)})]


def neighbors(
    graph: Graph,
    ref: str,
    depth: int = 1,
    direction: Direction = Direction.BOTH,
    filters: RelationFilter | None = None,
    limit: int = 100,
) -> Subgraph:
    """Breadth-first, one query per hop, so the limit bounds the work at every depth."""
    if not 1 <= depth <= 3:
        raise InvalidInput("depth must be 1, 2 or 3", field="depth")
    center = resolve_entity(graph, ref)
    params = (filters or RelationFilter()).params()
    seen_nodes, frontier, seen_edges = {center}, {center}, set()
    rows: list[dict[str, Any]] = []
    truncated = False
    for _ in range(depth):
        budget = limit - len(rows)
        if budget <= 0 or not frontier:
            break
        found = graph.read(
            _hop_query(direction), {**params, "frontier": sorted(frontier), "limit": budget + 1}
        )
        truncated = truncated or len(found) > budget
        new_rows = [
            r
            for r in found[:budget]
            if (r["subject"], r["type"], r["object"], r["negated"]) not in seen_edges
        ]
        seen_edges |= {(r["subject"], r["type"], r["object"], r["negated"]) for r in new_rows}
        rows += new_rows
        reached = {r["subject"] for r in new_rows} | {r["object"] for r in new_rows}
        frontier = reached - seen_nodes
        seen_nodes |= reached
    return Subgraph(
        center=center,
        nodes=nodes_by_id(graph, seen_nodes),
        edges=edges_from_rows(graph, rows),
        truncated=truncated,
    )


def to_cytoscape(subgraph: Subgraph) -> CytoscapeGraph:
    """The shape the explorer draws: Cytoscape.js elements."""
    nodes = [
        {
            "data": {
                "id": n.id,
                "label": n.name,
                "type": n.type.value,
                "country": n.country,
                "alignment": n.alignment.value,
                "aliases": n.aliases,
            }
        }
        for n in subgraph.nodes
    ]
    edges = [
        {
            "data": {
                "id": e.id,
                "source": e.subject,
                "target": e.object,
                "type": e.type.value,
                "label": e.type.value,
                "count": e.count,
                "source_count": e.source_count,
                "confidence": e.confidence,
                "negated": e.negated,
                "modality": e.modality.value,
                "date": e.date.isoformat() if e.date else None,
                "evidence": [ev.model_dump(mode="json") for ev in e.evidence],
            }
        }
        for e in subgraph.edges
    ]
    return CytoscapeGraph(
        center=subgraph.center,
        truncated=subgraph.truncated,
        elements=CytoscapeElements(nodes=nodes, edges=edges),
    )


def _paths_query(max_hops: int) -> LiteralString:
    # The hop bound cannot be a parameter in a pattern; it is an int checked to be 1..6.
    if not 1 <= max_hops <= 6:
        raise InvalidInput("max_hops must be between 1 and 6", field="max_hops")
    return f"""
MATCH (a:Entity {{id: $source}}), (b:Entity {{id: $target}})
MATCH p = allShortestPaths((a)-[rels*..{int(max_hops)}]-(b))
WHERE all(r IN rels WHERE type(r) <> 'MENTIONS' AND {REL_FILTER})
WITH p LIMIT $limit
RETURN [n IN nodes(p) | n.id] AS nodes,
       [r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id, r.negated]] AS rels
"""


EDGES_BY_KEY = f"""
UNWIND $keys AS key
MATCH (s:Entity {{id: key[0]}})-[r]->(o:Entity {{id: key[2]}})
WHERE type(r) = key[1] AND r.negated = key[3]
RETURN {EDGE_FIELDS}
"""


def paths(
    graph: Graph,
    source: str,
    target: str,
    max_hops: int = 4,
    filters: RelationFilter | None = None,
    limit: int = 10,
) -> Paths:
    """Shortest paths between two entities, each hop with its evidence."""
    source_id = resolve_entity(graph, source, field="source")
    target_id = resolve_entity(graph, target, field="target")
    if source_id == target_id:
        raise InvalidInput("source and target are the same entity", field="target")
    params = {
        **(filters or RelationFilter()).params(),
        "source": source_id,
        "target": target_id,
        "limit": limit,
    }
    rows = graph.read(_paths_query(max_hops), params)
    keys = {tuple(rel) for row in rows for rel in row["rels"]}
    edge_rows = graph.read(EDGES_BY_KEY, {"keys": [list(k) for k in sorted(keys)]})
    edges = edges_from_rows(graph, edge_rows)
    found = [
        PathOut(nodes=row["nodes"], edges=[edge_id(s, t, o, bool(n)) for s, t, o, n in row["rels"]])
        for row in rows
    ]
    node_ids = {n for row in rows for n in row["nodes"]} | {source_id, target_id}
    return Paths(
        source=source_id,
        target=target_id,
        paths=found,
        graph=Subgraph(nodes=nodes_by_id(graph, node_ids), edges=edges),
    )


_RELATION_ANCHORS: dict[tuple[bool, bool], LiteralString] = {
    (True, True): "MATCH (s:Entity {id: $subject})-[r]->(o:Entity {id: $object})",
    (True, False): "MATCH (s:Entity {id: $subject})-[r]->(o:Entity)",
    (False, True): "MATCH (s:Entity)-[r]->(o:Entity {id: $object})",
    (False, False): "MATCH (s:Entity)-[r]->(o:Entity)",
}


def relations(
    graph: Graph,
    subject: str | None = None,
    obj: str | None = None,
    filters: RelationFilter | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[EdgeOut]:
    """Triples with evidence, newest fact first."""
    offset = decode_cursor(cursor)
    subject_id = resolve_entity(graph, subject, field="subject") if subject else None
    object_id = resolve_entity(graph, obj, field="object") if obj else None
    query = (
        _RELATION_ANCHORS[(subject_id is not None, object_id is not None)]
        + " WHERE "
        + REL_FILTER
        + f" RETURN {EDGE_FIELDS} "
        "ORDER BY r.date IS NULL, r.date DESC, s.id, type(r), o.id SKIP $offset LIMIT $limit"
    )
    rows = graph.read(
        query,
        {
            **(filters or RelationFilter()).params(),
            "subject": subject_id,
            "object": object_id,
            "offset": offset,
            "limit": limit + 1,
        },
    )
    items, next_cursor = page_of(rows, limit, offset)
    return Page[EdgeOut](items=edges_from_rows(graph, items), next_cursor=next_cursor)


TIMELINE = f"""
MATCH (s:Entity)-[r]->(o:Entity)
WHERE ($entity IS NULL OR s.id = $entity OR o.id = $entity) AND r.date IS NOT NULL AND {REL_FILTER}
RETURN {EDGE_FIELDS}
ORDER BY r.date, s.id, type(r), o.id
SKIP $offset LIMIT $limit
"""


def timeline(
    graph: Graph,
    entity: str | None = None,
    filters: RelationFilter | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[EdgeOut]:
    """Dated relations in date order, for one entity or the whole graph."""
    offset = decode_cursor(cursor)
    entity_id = resolve_entity(graph, entity, field="entity") if entity else None
    rows = graph.read(
        TIMELINE,
        {
            **(filters or RelationFilter()).params(),
            "entity": entity_id,
            "offset": offset,
            "limit": limit + 1,
        },
    )
    items, next_cursor = page_of(rows, limit, offset)
    return Page[EdgeOut](items=edges_from_rows(graph, items), next_cursor=next_cursor)


ARTICLE_GRAPH_NODES = f"""
MATCH (:Article {{id: $id}})-[:MENTIONS]->(n:Entity) RETURN {NODE_FIELDS}
"""
ARTICLE_GRAPH_EDGES = f"""
MATCH (a:Article {{id: $id}})-[:MENTIONS]->(s:Entity)-[r]->(o:Entity)<-[:MENTIONS]-(a)
WHERE $id IN r.articles
RETURN {EDGE_FIELDS}
"""


def article_graph(graph: Graph, article_id: str) -> Subgraph:
    """What one document said: the entities it mentions and the relations it evidences."""
    nodes = [summary(r) for r in graph.read(ARTICLE_GRAPH_NODES, {"id": article_id})]
    edges = edges_from_rows(graph, graph.read(ARTICLE_GRAPH_EDGES, {"id": article_id}))
    for edge in edges:  # only this document's own evidence
        edge.evidence = [ev for ev in edge.evidence if ev.article_id == article_id]
    return Subgraph(center=None, nodes=nodes, edges=edges)

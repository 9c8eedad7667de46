"""Reads of relations: neighborhoods, paths, triples, timelines and one article's graph.

Every relation read takes the same `RelationFilter` (graph.read.filters), so time (`since`/`until`
on the fact's date, `as_of` on when it was first reported) and corroboration (`min_sources`) work
everywhere. `reach` is the one neighbourhood search: the API, `techkg render` and the RDF export
all use it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, LiteralString

from graph.errors import InvalidInput
from graph.read.entities import resolve_entity, summary
from graph.read.filters import RelationFilter, where
from graph.read.paging import read_page
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


REL_FILTER = where()

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


def _hop_query(direction: Direction, bounded: bool) -> LiteralString:
    tail: LiteralString = (
        " RETURN s.id AS subject, type(r) AS type, o.id AS object, r.negated AS negated"
    )
    if bounded:  # under a limit, the best-supported relationships first
        tail += " ORDER BY r.count DESC, r.confidence DESC LIMIT $limit"
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
        data["evidence"] = _evidence(row["evidence"], articles)
        edges.append(
            EdgeOut(id=edge_id(row["subject"], row["type"], row["object"], data["negated"]), **data)
        )
    return edges


def nodes_by_id(graph: Graph, ids: set[str]) -> list[EntitySummary]:
    return [summary(r) for r in graph.read(NODES_BY_ID, {"ids": sorted(ids)})]


EdgeKey = tuple[str, str, str, bool]  # subject, relation type, object, negated


@dataclass
class Reach:
    """What a neighbourhood search found: entity ids, and the relationships that lead to them
    in the order found (hop by hop, best supported first)."""

    nodes: set[str]
    edges: list[EdgeKey] = field(default_factory=list)
    truncated: bool = False


def reach(
    graph: Graph,
    center: str,
    depth: int,
    direction: Direction = Direction.BOTH,
    filters: RelationFilter | None = None,
    limit: int | None = None,
) -> Reach:
    """The neighbourhood of the entity id `center`, breadth-first, one query per hop, so that
    `limit` (relationships at most; None: all) bounds the work at every depth."""
    params = (filters or RelationFilter()).params()
    found = Reach(nodes={center})
    frontier = {center}
    for _ in range(depth):
        budget = None if limit is None else limit - len(found.edges)
        if not frontier or (budget is not None and budget <= 0):
            break
        hop_params = {**params, "frontier": sorted(frontier)}
        if budget is not None:
            hop_params["limit"] = budget + 1
        rows = graph.read(_hop_query(direction, budget is not None), hop_params)
        keys = [(r["subject"], r["type"], r["object"], r["negated"]) for r in rows]
        if budget is not None:
            found.truncated = found.truncated or len(keys) > budget
            keys = keys[:budget]
        known = set(found.edges)
        new = [key for key in dict.fromkeys(keys) if key not in known]
        found.edges += new
        reached = {key[0] for key in new} | {key[2] for key in new}
        frontier = reached - found.nodes
        found.nodes |= reached
    return found


def neighbors(
    graph: Graph,
    ref: str,
    depth: int = 1,
    direction: Direction = Direction.BOTH,
    filters: RelationFilter | None = None,
    limit: int = 100,
) -> Subgraph:
    """An entity's neighbourhood with every relation's evidence, at most `limit` relations."""
    if not 1 <= depth <= 3:
        raise InvalidInput("depth must be 1, 2 or 3", field="depth")
    center = resolve_entity(graph, ref)
    found = reach(graph, center, depth, direction, filters, limit)
    return Subgraph(
        center=center,
        nodes=nodes_by_id(graph, found.nodes),
        edges=edges_by_key(graph, found.edges),
        truncated=found.truncated,
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


def edges_by_key(graph: Graph, keys: Sequence[EdgeKey]) -> list[EdgeOut]:
    """The relationships `keys` name, with their evidence, in the order of `keys`."""
    rows = graph.read(EDGES_BY_KEY, {"keys": [list(key) for key in keys]})
    by_key = {(r["subject"], r["type"], r["object"], r["negated"]): r for r in rows}
    return edges_from_rows(graph, [by_key[key] for key in keys if key in by_key])


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
    keys = {(s, t, o, bool(n)) for row in rows for s, t, o, n in row["rels"]}
    edges = edges_by_key(graph, sorted(keys))
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
    subject_id = resolve_entity(graph, subject, field="subject") if subject else None
    object_id = resolve_entity(graph, obj, field="object") if obj else None
    query = (
        _RELATION_ANCHORS[(subject_id is not None, object_id is not None)]
        + " WHERE "
        + REL_FILTER
        + f" RETURN {EDGE_FIELDS} "
        "ORDER BY r.date IS NULL, r.date DESC, s.id, type(r), o.id SKIP $offset LIMIT $limit"
    )
    params = {**(filters or RelationFilter()).params(), "subject": subject_id, "object": object_id}
    rows, next_cursor = read_page(graph, query, params, limit, cursor)
    return Page[EdgeOut](items=edges_from_rows(graph, rows), next_cursor=next_cursor)


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
    entity_id = resolve_entity(graph, entity, field="entity") if entity else None
    params = {**(filters or RelationFilter()).params(), "entity": entity_id}
    rows, next_cursor = read_page(graph, TIMELINE, params, limit, cursor)
    return Page[EdgeOut](items=edges_from_rows(graph, rows), next_cursor=next_cursor)


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

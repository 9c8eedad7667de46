"""The graph read a page at a time, in key order, for the RDF export: articles and entities by
`id`, relationships by their subject's id (so a page's relationships are bounded by its entities'
degrees). `ids` (and `entities` for the mentions) limit a read to part of the graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, LiteralString

from graph.read.entities import COUNTS
from graph.store.db import Graph

ARTICLES_PAGE: LiteralString = """
MATCH (a:Article) WHERE a.id > $after AND ($ids IS NULL OR a.id IN $ids)
WITH a ORDER BY a.id LIMIT $limit
OPTIONAL MATCH (a)-[:MENTIONS]->(e:Entity) WHERE $entities IS NULL OR e.id IN $entities
RETURN a.id AS id, a.title AS title, a.url AS url, a.source AS source, a.published AS published,
       a.content_hash AS content_hash, a.relevance AS relevance, collect(e.id) AS mentions
ORDER BY id
"""

ENTITIES_PAGE: LiteralString = """
MATCH (e:Entity) WHERE e.id > $after AND ($ids IS NULL OR e.id IN $ids)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.country AS country,
       e.wikidata AS wikidata, e.first_seen AS first_seen, e.last_seen AS last_seen
ORDER BY e.id LIMIT $limit
"""

RELATIONS_PAGE: LiteralString = """
MATCH (s:Entity) WHERE s.id > $after AND ($ids IS NULL OR s.id IN $ids)
WITH s ORDER BY s.id LIMIT $limit
OPTIONAL MATCH (s)-[r]->(o:Entity) WHERE $ids IS NULL OR o.id IN $ids
RETURN s.id AS page_key, o.id AS object, type(r) AS type, r.negated AS negated,
       r.modality AS modality, r.role AS role, r.predicate AS predicate,
       r.confidence AS confidence, r.count AS count, r.source_count AS source_count,
       r.date AS date, r.evidence AS evidence, r.confidences AS confidences, r.dates AS dates
ORDER BY page_key
"""


def _pages(
    graph: Graph, query: LiteralString, params: dict[str, Any], size: int, key: str = "id"
) -> Iterator[list[dict[str, Any]]]:
    after = ""
    while True:
        rows = graph.read(query, {**params, "after": after, "limit": size})
        if not rows:
            return
        yield rows
        after = rows[-1][key]


def article_pages(
    graph: Graph, size: int, ids: list[str] | None = None, entities: list[str] | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Articles with the ids of the entities they mention (of `entities`, when given)."""
    return _pages(graph, ARTICLES_PAGE, {"ids": ids, "entities": entities}, size)


def entity_pages(
    graph: Graph, size: int, ids: list[str] | None = None
) -> Iterator[list[dict[str, Any]]]:
    return _pages(graph, ENTITIES_PAGE, {"ids": ids}, size)


def relation_pages(
    graph: Graph, size: int, ids: list[str] | None = None
) -> Iterator[list[dict[str, Any]]]:
    """`size` subjects a page, each with its outgoing relationships (to `ids`, when given); a
    subject without any comes as one row whose relationship fields are null."""
    return _pages(graph, RELATIONS_PAGE, {"ids": ids}, size, key="page_key")


def counts(graph: Graph) -> dict[str, int]:
    """How many entities and articles the graph holds."""
    row = graph.read(COUNTS)[0]
    return {"entities": row["entities"], "articles": row["articles"]}

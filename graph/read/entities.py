"""Reads about entities, articles and the graph as a whole. Each function returns a view model."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from graph.alignment import alignment_of
from graph.errors import InvalidInput, NotFound
from graph.ontology import EntityType
from graph.read.paging import read_page
from graph.read.views import ArticleOut, EntityDetail, EntitySummary, Page, Stats
from graph.store.db import Graph
from graph.store.schema import FULLTEXT_INDEX

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


def lucene_query(text: str) -> str:
    """Each word matched exactly (boosted), by prefix and fuzzily, so a typo still finds it."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in text.split() if w.strip()]
    words = [w for w in words if w.lower() not in {"and", "or", "not"}]
    if not words:
        raise InvalidInput("search text has no words", field="q")
    parts = []
    for word in words:
        fuzzy = f" OR {word}~" if len(word) >= 4 else ""
        parts.append(f"({word}^3 OR {word}*{fuzzy})")
    return " AND ".join(parts)


def summary(row: dict[str, Any]) -> EntitySummary:
    return EntitySummary(**row, alignment=alignment_of(row["type"], row["name"], row["country"]))


SEARCH_ENTITIES = f"""
CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $lucene) YIELD node, score
WHERE ($type IS NULL OR node.type = $type)
  AND ($country IS NULL OR node.country = $country OR node.name = $country)
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases,
       node.country AS country, score
ORDER BY score DESC, name
SKIP $offset LIMIT $limit
"""

LIST_ENTITIES = """
MATCH (node:Entity)
WHERE ($type IS NULL OR node.type = $type)
  AND ($country IS NULL OR node.country = $country OR node.name = $country)
WITH node, COUNT { (node)--(:Entity) } AS degree
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases,
       node.country AS country, null AS score
ORDER BY degree DESC, name
SKIP $offset LIMIT $limit
"""


def search_entities(
    graph: Graph,
    q: str | None = None,
    type: EntityType | None = None,
    country: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[EntitySummary]:
    params: dict[str, Any] = {"type": type.value if type else None, "country": country}
    query = LIST_ENTITIES
    if q and q.strip():
        params["lucene"], query = lucene_query(q), SEARCH_ENTITIES
    rows, next_cursor = read_page(graph, query, params, limit, cursor)
    return Page[EntitySummary](items=[summary(r) for r in rows], next_cursor=next_cursor)


ENTITY_BY_ID = """
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, type(r) AS rel_type, count(r) AS n
WITH e, collect(CASE WHEN rel_type IS NULL THEN null ELSE [rel_type, n] END) AS degree
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.country AS country,
       e.wikidata AS wikidata, e.first_seen AS first_seen, e.last_seen AS last_seen, degree,
       COUNT { (:Article)-[:MENTIONS]->(e) } AS mentions
"""

ENTITY_BY_NAME = """
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($ref) OR any(a IN e.aliases WHERE toLower(a) = toLower($ref))
RETURN e.id AS id
ORDER BY COUNT { (e)--() } DESC
LIMIT 1
"""


def closest_entities(graph: Graph, ref: str, limit: int = 5) -> list[str]:
    text = re.sub(r"^[a-z]+:", "", ref).replace("-", " ").strip()
    try:
        found = search_entities(graph, text, limit=limit).items
    except InvalidInput:
        return []
    return [item.id for item in found]


def resolve_entity(graph: Graph, ref: str, field: str = "id") -> str:
    """An id, or a name or alias of exactly one entity; else 404 with the closest matches."""
    if graph.read("MATCH (e:Entity {id: $id}) RETURN e.id AS id", {"id": ref}):
        return ref
    rows = graph.read(ENTITY_BY_NAME, {"ref": ref})
    if rows:
        found: str = rows[0]["id"]
        return found
    raise NotFound(f"no entity '{ref}'", field=field, closest=closest_entities(graph, ref))


def entity_detail(graph: Graph, ref: str) -> EntityDetail:
    rows = graph.read(ENTITY_BY_ID, {"id": resolve_entity(graph, ref)})
    row = rows[0]
    degree = {rel_type: n for rel_type, n in row.pop("degree")}
    external = {"wikidata": row["wikidata"]} if row["wikidata"] else {}
    return EntityDetail(
        **row,
        degree=degree,
        external_ids=external,
        alignment=alignment_of(row["type"], row["name"], row["country"]),
    )


class Health(BaseModel):
    status: str
    neo4j: str
    database: str
    entities: int | None = None
    articles: int | None = None
    newest_article: date | None = None


COUNTS = """
CALL () { MATCH (e:Entity) RETURN count(e) AS entities }
CALL () { MATCH (a:Article) RETURN count(a) AS articles, max(a.published) AS newest }
RETURN entities, articles, newest
"""


def health(graph: Graph) -> Health:
    agent = graph.ping()
    row = graph.read(COUNTS)[0]
    return Health(
        status="ok",
        neo4j=agent,
        database=graph.database,
        entities=row["entities"],
        articles=row["articles"],
        newest_article=row["newest"],
    )


ARTICLE_FIELDS = """a.id AS id, coalesce(a.title, '') AS title, a.url AS url, a.source AS source,
       a.published AS published, coalesce(a.relevance, 0.0) AS relevance,
       coalesce(a.content_hash, '') AS content_hash, COUNT { (a)-[:MENTIONS]->() } AS entities"""

LIST_ARTICLES = f"""
MATCH (a:Article)
WHERE ($min_relevance IS NULL OR a.relevance >= $min_relevance)
  AND ($since IS NULL OR a.published >= $since) AND ($until IS NULL OR a.published <= $until)
RETURN {ARTICLE_FIELDS}
ORDER BY a.published IS NULL, a.published DESC, a.id
SKIP $offset LIMIT $limit
"""

ARTICLE_BY_ID = f"MATCH (a:Article {{id: $id}}) RETURN {ARTICLE_FIELDS}"


def list_articles(
    graph: Graph,
    since: date | None = None,
    until: date | None = None,
    min_relevance: float | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[ArticleOut]:
    params = {"since": since, "until": until, "min_relevance": min_relevance}
    rows, next_cursor = read_page(graph, LIST_ARTICLES, params, limit, cursor)
    return Page[ArticleOut](items=[ArticleOut(**r) for r in rows], next_cursor=next_cursor)


def get_article(graph: Graph, article_id: str) -> ArticleOut:
    rows = graph.read(ARTICLE_BY_ID, {"id": article_id})
    if not rows:
        closest = graph.read(
            "MATCH (a:Article) WHERE a.id CONTAINS $part OR $part CONTAINS a.id "
            "RETURN a.id AS id LIMIT 5",
            {"part": article_id[:20]},
        )
        raise NotFound(f"no article '{article_id}'", field="id", closest=[r["id"] for r in closest])
    return ArticleOut(**rows[0])


ENTITY_COUNTS = "MATCH (e:Entity) RETURN e.type AS type, count(e) AS n"
RELATION_COUNTS = "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(r) AS n"
NEWEST_ARTICLE = f"""
MATCH (a:Article) WHERE a.published IS NOT NULL
RETURN {ARTICLE_FIELDS} ORDER BY a.published DESC LIMIT 1
"""


def stats(graph: Graph) -> Stats:
    entities = {r["type"]: r["n"] for r in graph.read(ENTITY_COUNTS)}
    relations = {r["type"]: r["n"] for r in graph.read(RELATION_COUNTS)}
    articles = graph.read("MATCH (a:Article) RETURN count(a) AS n")[0]["n"]
    newest = graph.read(NEWEST_ARTICLE)
    return Stats(
        entities_by_type=dict(sorted(entities.items())),
        relations_by_type=dict(sorted(relations.items())),
        articles=articles,
        newest_article=ArticleOut(**newest[0]) if newest else None,
    )

"""Reads the API, the CLI and the page share. Each function returns public models."""

from __future__ import annotations

import base64
import re
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from graph.db import Graph
from graph.errors import InvalidInput
from graph.ontology import EntityType
from graph.schema import FULLTEXT_INDEX

T = TypeVar("T")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


class EntitySummary(BaseModel):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    score: float | None = None


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        offset = int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not one this API issued", field="cursor") from exc
    if kind != "o" or offset < 0:
        raise InvalidInput("cursor is not one this API issued", field="cursor")
    return offset


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


SEARCH_ENTITIES = f"""
CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $lucene) YIELD node, score
WHERE ($type IS NULL OR node.type = $type) AND ($country IS NULL OR node.country = $country
      OR node.name = $country)
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases,
       node.country AS country, score
ORDER BY score DESC, name
SKIP $offset LIMIT $limit
"""

LIST_ENTITIES = """
MATCH (node:Entity)
WHERE ($type IS NULL OR node.type = $type) AND ($country IS NULL OR node.country = $country)
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases,
       node.country AS country, null AS score
ORDER BY COUNT { (node)--() } DESC, name
SKIP $offset LIMIT $limit
"""


def search_entities(graph: Graph, q: str | None = None, type: EntityType | None = None,
                    country: str | None = None, limit: int = 20,
                    cursor: str | None = None) -> Page[EntitySummary]:
    offset = decode_cursor(cursor)
    params: dict[str, Any] = {"type": type.value if type else None, "country": country,
                              "offset": offset, "limit": limit + 1}
    if q and q.strip():
        params["lucene"] = lucene_query(q)
        rows = graph.read(SEARCH_ENTITIES, params)
    else:
        rows = graph.read(LIST_ENTITIES, params)
    items = [EntitySummary(**row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page[EntitySummary](items=items, next_cursor=encode_cursor(offset + limit) if more else None)


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
    return Health(status="ok", neo4j=agent, database=graph.database, entities=row["entities"],
                  articles=row["articles"], newest_article=row["newest"].to_native()
                  if row["newest"] else None)

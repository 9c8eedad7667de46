"""Public models the readers return: the API, the CLI and the page all format these."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from graph.model import Article, Evidence
from graph.ontology import Alignment, EntityType, Modality, RelationType

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description="pass as `cursor` for the next page")


class EntitySummary(BaseModel):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    alignment: Alignment = Alignment.OTHER
    score: float | None = None


class EntityDetail(EntitySummary):
    wikidata: str | None = None
    external_ids: dict[str, str] = Field(default_factory=dict)
    degree: dict[str, int] = Field(default_factory=dict, description="relationships by type")
    mentions: int = Field(0, description="articles that mention it")
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None


class EvidenceOut(Evidence):
    """A piece of evidence with its article's title and link."""

    title: str | None = None
    url: str | None = None


class EdgeOut(BaseModel):
    id: str
    subject: str
    subject_name: str
    type: RelationType
    object: str
    object_name: str
    count: int
    source_count: int
    confidence: float
    negated: bool
    modality: Modality
    date: dt.date | None = None
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    role: str | None = None
    predicate: str | None = None
    evidence: list[EvidenceOut] = Field(default_factory=list)


class Subgraph(BaseModel):
    center: str | None = None
    nodes: list[EntitySummary]
    edges: list[EdgeOut]
    truncated: bool = Field(False, description="the limit cut the result")


class PathOut(BaseModel):
    nodes: list[str]
    edges: list[str]


class Paths(BaseModel):
    source: str
    target: str
    paths: list[PathOut]
    graph: Subgraph


class ArticleOut(Article):
    """An article with how many entities it mentions."""

    entities: int = 0


class Stats(BaseModel):
    entities_by_type: dict[str, int]
    relations_by_type: dict[str, int]
    articles: int
    newest_article: ArticleOut | None = None


class CytoscapeElements(BaseModel):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class CytoscapeGraph(BaseModel):
    center: str | None = None
    elements: CytoscapeElements
    truncated: bool = False


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(False, description="more rows existed than a limit let through")
    truncated_by: Literal["rows", "bytes"] | None = Field(
        None, description="which limit cut the rows: the row limit or the byte budget"
    )
    graph: CypherGraph | None = Field(None, description="nodes and relationships in the result")


class CypherGraph(BaseModel):
    nodes: list[dict[str, Any]]
    relationships: list[dict[str, Any]]


CypherResult.model_rebuild()

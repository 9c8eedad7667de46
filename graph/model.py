"""The data model: documents in, extractions out, and the graph's own entities and relations.

Every stage passes these pydantic objects; nothing else describes an entity or a relation.
Models reject unknown fields so that a typo in a data file or a request fails loudly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.ontology import EntityType, Modality, RelationType

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# ---------------------------------------------------------------- documents in


class Document(Strict):
    """One input document, as the extraction contract defines it."""

    id: str = Field(min_length=1, max_length=512)
    title: str = ""
    text: str = ""
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _empty_date_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def content(self) -> str:
        """Title and text as one string; the title is usually a headline worth extracting from."""
        return f"{self.title}\n{self.text}" if self.title and self.text else self.title or self.text

    def content_hash(self) -> str:
        return hashlib.sha256(f"{self.title}\x00{self.text}".encode()).hexdigest()


# ---------------------------------------------------------------- extraction contract


class EntityFacts(Strict):
    """What is said of an entity, by an extraction or by the graph."""

    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    # Known to the catalog: where the entity belongs and its external ids.
    country: str | None = None
    wikidata: str | None = None


class ExtractedEntity(EntityFacts):
    name: str = Field(min_length=1)


class ExtractedRelation(Strict):
    subject: str
    relation: RelationType
    object: str
    confidence: Confidence = 0.5
    negated: bool = False
    modality: Modality = Modality.ASSERTED
    evidence: str = ""
    start: int | None = Field(default=None, ge=0, description="Offset of the evidence in content")
    end: int | None = Field(default=None, ge=0)
    date: dt.date | None = None
    role: str | None = None
    predicate: str | None = None


class Extraction(Strict):
    """One line of `techkg extract` output."""

    id: str
    relevance: Confidence = 0.0
    entities: list[ExtractedEntity] = Field(default_factory=list)
    relations: list[ExtractedRelation] = Field(default_factory=list)
    error: str | None = None


# ---------------------------------------------------------------- the graph


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _SLUG_DROP.sub("-", ascii_text.casefold()).strip("-")
    # Names with no Latin letters (e.g. Chinese only) still need a stable, URL-safe id.
    return out or "x" + hashlib.sha1(text.encode()).hexdigest()[:12]


def entity_id(entity_type: EntityType, name: str) -> str:
    """Stable, readable, URL-safe id: `company:nvidia`, `country:united-states`."""
    return f"{entity_type.value.lower()}:{slug(name)}"


class Article(Strict):
    id: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    content_hash: str
    relevance: Confidence = 0.0


class Entity(EntityFacts):
    """An entity of the graph: an RDF import may bring one without a name."""

    id: str


class Evidence(Strict):
    article_id: str
    sentence: str
    start: int | None = None
    end: int | None = None
    date: dt.date | None = None
    source: str | None = None


class Relation(Strict):
    subject: str  # entity id
    type: RelationType
    object: str  # entity id
    confidence: Confidence
    negated: bool = False
    modality: Modality = Modality.ASSERTED
    date: dt.date | None = None
    role: str | None = None
    predicate: str | None = None
    evidence: Evidence


class GraphBatch(Strict):
    """What one document contributes to the graph: written together by the writer."""

    article: Article
    entities: list[Entity]
    relations: list[Relation]

"""The domain ontology (shared/spec/ontology.md): the only place entity and relation types are listed.

Everything that needs a label, a relationship type, its meaning or its colour imports it from here,
so the Cypher whitelist, the extractor, the RDF vocabulary, the API enums, `GET /ontology` (which
the explorer page builds its filters and legend from) and `techkg render` can never drift apart.
A new type is a member of its enum here plus its entry in graph/ontology.yaml (meaning, colour
and, for a relation, its category); the module refuses to load while an entry is missing, doubled,
unknown or has a malformed colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.strict_yaml import DataFileError, read_yaml


class EntityType(StrEnum):
    COUNTRY = "Country"
    COMPANY = "Company"
    GOVERNMENT_BODY = "GovernmentBody"
    INTERNATIONAL_ORGANIZATION = "InternationalOrganization"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    PRODUCT = "Product"
    TECHNOLOGY = "Technology"
    POLICY = "Policy"
    EVENT = "Event"
    LOCATION = "Location"


class RelationType(StrEnum):
    EXPORTS_TO = "EXPORTS_TO"
    RESTRICTS = "RESTRICTS"
    APPROVES = "APPROVES"
    PROPOSES = "PROPOSES"
    ENACTS = "ENACTS"
    ESTABLISHES = "ESTABLISHES"
    DEVELOPS = "DEVELOPS"
    USES = "USES"
    INVESTS_IN = "INVESTS_IN"
    ACQUIRES = "ACQUIRES"
    PARTNERS_WITH = "PARTNERS_WITH"
    COMPETES_WITH = "COMPETES_WITH"
    OPPOSES = "OPPOSES"
    SUPPORTS = "SUPPORTS"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    INVITES = "INVITES"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    LOCATED_IN = "LOCATED_IN"
    PART_OF = "PART_OF"
    # Any other verb linking two entities; carries `predicate`, never scored.
    RELATED_TO = "RELATED_TO"


class Modality(StrEnum):
    ASSERTED = "asserted"
    PLANNED = "planned"
    CONSIDERED = "considered"
    REPORTED = "reported"


class RelationCategory(StrEnum):
    """What kind of tie a relation type is: groups the explorer's filters and legend; the
    structural ones are how an entity inherits a side (graph.analytics.competition)."""

    POLICY = "policy"
    BUSINESS = "business"
    STANCE = "stance"
    STRUCTURE = "structure"
    OTHER = "other"


class Alignment(StrEnum):
    """Which side of the competition an entity is on (graph.alignment decides it)."""

    US_ALLIES = "us_allies"
    CHINA = "china"
    OTHER = "other"


# Labels and relationship types that may appear in Cypher built at run time.
ENTITY_LABELS: frozenset[str] = frozenset(t.value for t in EntityType)
RELATION_TYPES: frozenset[str] = frozenset(t.value for t in RelationType)


# ------------------------------------------------------------------ what each type means and looks like

HEX_COLOR = r"^#[0-9a-f]{6}$"
OTHER_ENTITY_COLOR = "#cccccc"  # fill of a node whose type is not listed below
OTHER_RELATION_COLOR = "#8a8f98"  # edge colour of a relation type without a colour of its own


class EntityTypeInfo(BaseModel):
    """An entity type (node label): its meaning and node fill colour."""

    model_config = ConfigDict(frozen=True)

    name: EntityType
    description: str = Field(min_length=1)
    color: str = Field(pattern=HEX_COLOR, description="CSS hex colour, #rrggbb")


class RelationTypeInfo(BaseModel):
    """A relation type (relationship type): its meaning, kind and edge colour."""

    model_config = ConfigDict(frozen=True)

    name: RelationType
    description: str = Field(min_length=1)
    category: RelationCategory
    color: str = Field(
        OTHER_RELATION_COLOR, pattern=HEX_COLOR, description="CSS hex colour, #rrggbb"
    )
    symmetric: bool = Field(False, description="stored once per pair, read in both directions")


class CategoryInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: RelationCategory
    label: str


class SideInfo(BaseModel):
    """A side: its label and the node outline colour."""

    model_config = ConfigDict(frozen=True)

    name: Alignment
    label: str
    color: str = Field(pattern=HEX_COLOR)


ONTOLOGY_FILE = Path(__file__).with_name("ontology.yaml")
EntryModel = TypeVar("EntryModel", bound=BaseModel)
Member = TypeVar("Member", bound=StrEnum)


def _complete(where: str, members: Iterable[StrEnum], names: Iterable[str]) -> None:
    """Every member of the enum has an entry and every entry a member: a new type cannot go
    without one, and a misspelt entry is not silently unused."""
    given = list(names)
    missing = [m.value for m in members if m.value not in given]
    unknown = [n for n in given if n not in {m.value for m in members}]
    if missing or unknown:
        raise DataFileError(
            f"{where} needs exactly one entry per type; "
            f"missing: {missing or 'none'}, unknown: {unknown or 'none'}"
        )


def _entries(
    raw: Any, section: str, enum: type[Member], model: type[EntryModel], path: Path
) -> dict[Member, EntryModel]:
    """One section of the file as {member: its entry}, in enum order."""
    given = raw.get(section) if isinstance(raw, dict) else None
    if not isinstance(given, dict):
        raise DataFileError(f"{path.name}: {section}: a mapping of {enum.__name__} names expected")
    _complete(f"{path.name}: {section}", enum, given)
    entries: dict[Member, EntryModel] = {}
    for member in enum:
        body = given[member.value]
        fields = body if isinstance(body, dict) else {"label": body}  # a category is its label
        try:
            entries[member] = model(name=member, **fields)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise DataFileError(f"{path.name}: {section}.{member.value}: {problems}") from exc
    return entries


class OntologyTables(BaseModel):
    """The meaning and look of every type, as graph/ontology.yaml gives them."""

    entity_types: dict[EntityType, EntityTypeInfo]
    relation_types: dict[RelationType, RelationTypeInfo]
    categories: dict[RelationCategory, CategoryInfo]
    sides: dict[Alignment, SideInfo]


def load_tables(path: Path = ONTOLOGY_FILE) -> OntologyTables:
    """Read and check the file; DataFileError names the file and the entry when it is wrong."""
    raw = read_yaml(path)
    return OntologyTables(
        entity_types=_entries(raw, "entity_types", EntityType, EntityTypeInfo, path),
        relation_types=_entries(raw, "relation_types", RelationType, RelationTypeInfo, path),
        categories=_entries(raw, "categories", RelationCategory, CategoryInfo, path),
        sides=_entries(raw, "sides", Alignment, SideInfo, path),
    )


_TABLES = load_tables()
# In enum order, which is the order the API and the page list them in.
ENTITY_TYPE_INFO: dict[EntityType, EntityTypeInfo] = _TABLES.entity_types
RELATION_TYPE_INFO: dict[RelationType, RelationTypeInfo] = _TABLES.relation_types
CATEGORY_INFO: dict[RelationCategory, CategoryInfo] = _TABLES.categories
SIDE_INFO: dict[Alignment, SideInfo] = _TABLES.sides

SYMMETRIC_RELATIONS: frozenset[RelationType] = frozenset(
    t for t, info in RELATION_TYPE_INFO.items() if info.symmetric
)
# The links an entity without a country of its own inherits a side through.
STRUCTURAL_RELATIONS: tuple[RelationType, ...] = tuple(
    t for t, info in RELATION_TYPE_INFO.items() if info.category is RelationCategory.STRUCTURE
)


def entity_color(name: str | None) -> str:
    """The node fill of an entity type given by name (as drawn data carries it)."""
    return ENTITY_TYPE_INFO[EntityType(name)].color if name in ENTITY_LABELS else OTHER_ENTITY_COLOR


def relation_color(name: str | None) -> str:
    """The edge colour of a relation type given by name."""
    if name not in RELATION_TYPES:
        return OTHER_RELATION_COLOR
    return RELATION_TYPE_INFO[RelationType(name)].color


def side_info(name: str | None) -> SideInfo:
    """A side by name; anything unknown is drawn as "other"."""
    known = {a.value for a in Alignment}
    return SIDE_INFO[Alignment(name) if name in known else Alignment.OTHER]


class OntologyView(BaseModel):
    """Every type with its meaning and colour, as `GET /ontology` serves it to the explorer."""

    entity_types: list[EntityTypeInfo]
    relation_types: list[RelationTypeInfo]
    categories: list[CategoryInfo] = Field(description="relation categories, in display order")
    sides: list[SideInfo]
    other_entity_color: str = Field(description="fill of a node whose type is not listed")
    other_relation_color: str = Field(description="edge colour of an unlisted relation type")


def ontology_view() -> OntologyView:
    return OntologyView(
        entity_types=list(ENTITY_TYPE_INFO.values()),
        relation_types=list(RELATION_TYPE_INFO.values()),
        categories=list(CATEGORY_INFO.values()),
        sides=list(SIDE_INFO.values()),
        other_entity_color=OTHER_ENTITY_COLOR,
        other_relation_color=OTHER_RELATION_COLOR,
    )

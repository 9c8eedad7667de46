"""The domain ontology (shared/spec/ontology.md): the only place entity and relation types are listed.

Everything that needs a label, a relationship type, its meaning or its colour imports it from here,
so the Cypher whitelist, the extractor, the RDF vocabulary, the API enums, `GET /ontology` (which
the explorer page builds its filters and legend from) and `techkg render` can never drift apart.
A new type is a member of its enum plus its entry in `_ENTITY_TYPES` or `_RELATION_TYPES` below
(meaning, colour and, for a relation, its category); the module refuses to load while an entry is
missing, doubled or has a malformed colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


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


_ENTITY_TYPES = (
    EntityTypeInfo(
        name=EntityType.COUNTRY,
        color="#4e79a7",
        description="A sovereign state or territory acting as one.",
    ),
    EntityTypeInfo(
        name=EntityType.COMPANY,
        color="#f28e2b",
        description="A business, its brand or its subsidiary.",
    ),
    EntityTypeInfo(
        name=EntityType.GOVERNMENT_BODY,
        color="#59a14f",
        description=(
            "Any part of a state: ministry, agency, regulator, legislature, committee, court, "
            "military, administration."
        ),
    ),
    EntityTypeInfo(
        name=EntityType.INTERNATIONAL_ORGANIZATION,
        color="#76b7b2",
        description="An organization of several states, existing or proposed.",
    ),
    EntityTypeInfo(
        name=EntityType.ORGANIZATION,
        color="#b07aa1",
        description=(
            "Any other organization: university, lab, think tank, NGO, party, media outlet, trade "
            "group."
        ),
    ),
    EntityTypeInfo(name=EntityType.PERSON, color="#edc948", description="A named person."),
    EntityTypeInfo(
        name=EntityType.PRODUCT,
        color="#ff9da7",
        description="A named product, model or product line.",
    ),
    EntityTypeInfo(
        name=EntityType.TECHNOLOGY,
        color="#9c755f",
        description="A technology area or class of goods.",
    ),
    EntityTypeInfo(
        name=EntityType.POLICY,
        color="#e15759",
        description=(
            "A law, rule, regulation, control regime, list, plan, agreement or initiative."
        ),
    ),
    EntityTypeInfo(
        name=EntityType.EVENT,
        color="#bab0ac",
        description="A dated happening with a name: conference, summit, talks.",
    ),
    EntityTypeInfo(
        name=EntityType.LOCATION, color="#86bcb6", description="A place below country level."
    ),
)

_RELATION_TYPES = (
    RelationTypeInfo(
        name=RelationType.EXPORTS_TO,
        category=RelationCategory.BUSINESS,
        color="#2471a3",
        description="Sells, exports, ships or supplies goods to.",
    ),
    RelationTypeInfo(
        name=RelationType.RESTRICTS,
        category=RelationCategory.POLICY,
        color="#c0392b",
        description=(
            "Imposes export controls, bans, sanctions, blacklists, curbs, limits, blocks, adds to a "
            "restricted list."
        ),
    ),
    RelationTypeInfo(
        name=RelationType.APPROVES,
        category=RelationCategory.POLICY,
        color="#1e8449",
        description="Approves, licenses, authorizes, clears, allows, lifts a restriction on.",
    ),
    RelationTypeInfo(
        name=RelationType.PROPOSES,
        category=RelationCategory.POLICY,
        description="Proposes, announces plans for, calls for, unveils an initiative.",
    ),
    RelationTypeInfo(
        name=RelationType.ENACTS,
        category=RelationCategory.POLICY,
        description="Issues, publishes, adopts, imposes, signs, passes, releases a policy.",
    ),
    RelationTypeInfo(
        name=RelationType.ESTABLISHES,
        category=RelationCategory.POLICY,
        description="Founds, creates, sets up, launches an organization or body.",
    ),
    RelationTypeInfo(
        name=RelationType.DEVELOPS,
        category=RelationCategory.BUSINESS,
        description="Develops, designs, builds, makes, manufactures a product or technology.",
    ),
    RelationTypeInfo(
        name=RelationType.USES,
        category=RelationCategory.BUSINESS,
        description=(
            "Uses, relies on, is trained on, runs on, buys, orders a product or technology."
        ),
    ),
    RelationTypeInfo(
        name=RelationType.INVESTS_IN,
        category=RelationCategory.BUSINESS,
        description="Invests in, funds, finances, subsidizes.",
    ),
    RelationTypeInfo(
        name=RelationType.ACQUIRES,
        category=RelationCategory.BUSINESS,
        description="Acquires, buys, takes over, merges with a company or stake.",
    ),
    RelationTypeInfo(
        name=RelationType.PARTNERS_WITH,
        category=RelationCategory.STANCE,
        color="#7d3c98",
        symmetric=True,
        description="Cooperates, partners, allies, signs an agreement with (symmetric).",
    ),
    RelationTypeInfo(
        name=RelationType.COMPETES_WITH,
        category=RelationCategory.STANCE,
        color="#a04000",
        symmetric=True,
        description="Competes, rivals, is a counterweight to, narrows the gap with (symmetric).",
    ),
    RelationTypeInfo(
        name=RelationType.OPPOSES,
        category=RelationCategory.STANCE,
        color="#d35400",
        description=(
            "Criticizes, condemns, warns against, sues, charges, investigates, protests, pushes back "
            "on."
        ),
    ),
    RelationTypeInfo(
        name=RelationType.SUPPORTS,
        category=RelationCategory.STANCE,
        color="#229954",
        description="Supports, backs, endorses, praises, lobbies for.",
    ),
    RelationTypeInfo(
        name=RelationType.PARTICIPATES_IN,
        category=RelationCategory.STANCE,
        description="Attends, speaks at, exhibits at, joins, is a member of.",
    ),
    RelationTypeInfo(
        name=RelationType.INVITES,
        category=RelationCategory.STANCE,
        description="Invites to join or attend.",
    ),
    RelationTypeInfo(
        name=RelationType.AFFILIATED_WITH,
        category=RelationCategory.STRUCTURE,
        description=(
            "Holds a position in, leads, works for, is CEO/minister/premier of (property `role`)."
        ),
    ),
    RelationTypeInfo(
        name=RelationType.LOCATED_IN,
        category=RelationCategory.STRUCTURE,
        description="Is based, headquartered or held in; is from (a place).",
    ),
    RelationTypeInfo(
        name=RelationType.PART_OF,
        category=RelationCategory.STRUCTURE,
        description="Is a division, unit, subsidiary or member body of.",
    ),
    RelationTypeInfo(
        name=RelationType.RELATED_TO,
        category=RelationCategory.OTHER,
        description="Any other verb linking two entities (property `predicate`).",
    ),
)

_CATEGORIES = (
    CategoryInfo(name=RelationCategory.POLICY, label="Policy and measures"),
    CategoryInfo(name=RelationCategory.BUSINESS, label="Trade, technology and capital"),
    CategoryInfo(name=RelationCategory.STANCE, label="Stances and ties"),
    CategoryInfo(name=RelationCategory.STRUCTURE, label="Position, place and parts"),
    CategoryInfo(name=RelationCategory.OTHER, label="Other"),
)

_SIDES = (
    SideInfo(name=Alignment.US_ALLIES, label="United States & allies", color="#1f4e9c"),
    SideInfo(name=Alignment.CHINA, label="China", color="#c8102e"),
    SideInfo(name=Alignment.OTHER, label="other", color="#7a7a7a"),
)


def _complete(what: str, members: Iterable[StrEnum], names: Sequence[StrEnum]) -> None:
    """Every member of the enum has exactly one entry: a new type cannot go without one."""
    missing = [m.value for m in members if m not in names]
    doubled = sorted({n.value for n in names if names.count(n) > 1})
    if missing or doubled:
        raise ValueError(
            f"graph/ontology.py: {what} needs exactly one entry per type; "
            f"missing: {missing or 'none'}, doubled: {doubled or 'none'}"
        )


_complete("_ENTITY_TYPES", EntityType, [t.name for t in _ENTITY_TYPES])
_complete("_RELATION_TYPES", RelationType, [t.name for t in _RELATION_TYPES])
_complete("_CATEGORIES", RelationCategory, [c.name for c in _CATEGORIES])
_complete("_SIDES", Alignment, [s.name for s in _SIDES])

# In enum order, which is the order the API and the page list them in.
ENTITY_TYPE_INFO: dict[EntityType, EntityTypeInfo] = {
    t: next(i for i in _ENTITY_TYPES if i.name is t) for t in EntityType
}
RELATION_TYPE_INFO: dict[RelationType, RelationTypeInfo] = {
    t: next(i for i in _RELATION_TYPES if i.name is t) for t in RelationType
}
CATEGORY_INFO: dict[RelationCategory, CategoryInfo] = {
    c: next(i for i in _CATEGORIES if i.name is c) for c in RelationCategory
}
SIDE_INFO: dict[Alignment, SideInfo] = {
    a: next(i for i in _SIDES if i.name is a) for a in Alignment
}

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

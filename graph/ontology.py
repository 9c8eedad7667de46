"""The domain ontology (shared/spec/ontology.md): the only place entity and relation types are listed.

Everything that needs a label, a relationship type or its meaning imports it from here, so the
Cypher whitelist, the extractor, the RDF vocabulary and the API enums can never drift apart.
"""

from __future__ import annotations

from enum import StrEnum


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


SYMMETRIC_RELATIONS: frozenset[RelationType] = frozenset(
    {RelationType.PARTNERS_WITH, RelationType.COMPETES_WITH}
)

ENTITY_DESCRIPTIONS: dict[EntityType, str] = {
    EntityType.COUNTRY: "A sovereign state or territory acting as one.",
    EntityType.COMPANY: "A business, its brand or its subsidiary.",
    EntityType.GOVERNMENT_BODY: (
        "Any part of a state: ministry, agency, regulator, legislature, committee, court, "
        "military, administration."
    ),
    EntityType.INTERNATIONAL_ORGANIZATION: "An organization of several states, existing or proposed.",
    EntityType.ORGANIZATION: (
        "Any other organization: university, lab, think tank, NGO, party, media outlet, trade group."
    ),
    EntityType.PERSON: "A named person.",
    EntityType.PRODUCT: "A named product, model or product line.",
    EntityType.TECHNOLOGY: "A technology area or class of goods.",
    EntityType.POLICY: (
        "A law, rule, regulation, control regime, list, plan, agreement or initiative."
    ),
    EntityType.EVENT: "A dated happening with a name: conference, summit, talks.",
    EntityType.LOCATION: "A place below country level.",
}

RELATION_DESCRIPTIONS: dict[RelationType, str] = {
    RelationType.EXPORTS_TO: "Sells, exports, ships or supplies goods to.",
    RelationType.RESTRICTS: (
        "Imposes export controls, bans, sanctions, blacklists, curbs, limits, blocks, adds to a "
        "restricted list."
    ),
    RelationType.APPROVES: "Approves, licenses, authorizes, clears, allows, lifts a restriction on.",
    RelationType.PROPOSES: "Proposes, announces plans for, calls for, unveils an initiative.",
    RelationType.ENACTS: "Issues, publishes, adopts, imposes, signs, passes, releases a policy.",
    RelationType.ESTABLISHES: "Founds, creates, sets up, launches an organization or body.",
    RelationType.DEVELOPS: "Develops, designs, builds, makes, manufactures a product or technology.",
    RelationType.USES: "Uses, relies on, is trained on, runs on, buys, orders a product or technology.",
    RelationType.INVESTS_IN: "Invests in, funds, finances, subsidizes.",
    RelationType.ACQUIRES: "Acquires, buys, takes over, merges with a company or stake.",
    RelationType.PARTNERS_WITH: "Cooperates, partners, allies, signs an agreement with (symmetric).",
    RelationType.COMPETES_WITH: (
        "Competes, rivals, is a counterweight to, narrows the gap with (symmetric)."
    ),
    RelationType.OPPOSES: (
        "Criticizes, condemns, warns against, sues, charges, investigates, protests, pushes back on."
    ),
    RelationType.SUPPORTS: "Supports, backs, endorses, praises, lobbies for.",
    RelationType.PARTICIPATES_IN: "Attends, speaks at, exhibits at, joins, is a member of.",
    RelationType.INVITES: "Invites to join or attend.",
    RelationType.AFFILIATED_WITH: (
        "Holds a position in, leads, works for, is CEO/minister/premier of (property `role`)."
    ),
    RelationType.LOCATED_IN: "Is based, headquartered or held in; is from (a place).",
    RelationType.PART_OF: "Is a division, unit, subsidiary or member body of.",
    RelationType.RELATED_TO: "Any other verb linking two entities (property `predicate`).",
}

# Labels and relationship types that may appear in Cypher built at run time.
ENTITY_LABELS: frozenset[str] = frozenset(t.value for t in EntityType)
RELATION_TYPES: frozenset[str] = frozenset(t.value for t in RelationType)

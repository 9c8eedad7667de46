"""The per-document entity registry: one canonical entity per real-world thing.

Mentions found by the ruler, the NER, demonyms, seats of government, acronyms and short forms
all land here; every surface form becomes an alias of the one entity it resolves to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import ExtractedEntity
from graph.ontology import EntityType
from loaders.catalog import Catalog, CatalogEntry
from loaders.lexicon import default_words
from loaders.normalize import norm

_WORDS = default_words().names  # loaders/lexicon/names.yaml: what each list is for
# One list per type, read two ways: the head noun of a name ("National Security Division"),
# and, for a name the head does not type, any of its words.
_GOV_WORDS = _GOV_HEADS = _WORDS.government
_ORG_WORDS = _ORG_HEADS = _WORDS.organization
_COMPANY_WORDS = _COMPANY_HEADS = _WORDS.company
_POLICY_HEADS = _WORDS.policy
_HEAD_CUT = frozenset({"of", "for", "on", "in", "to", "at", "and"})
_NAME_PREPS = frozenset({"of", "for", "on"})


def head_noun(name: str) -> str:
    """The head word of a proper name: the last word before its first 'of/for/on' phrase."""
    words = [w.casefold().strip(".,()") for w in name.split()]
    for k, w in enumerate(words):
        if k and w in _NAME_PREPS:
            return words[k - 1]
    return words[-1] if words else ""


def type_by_head(name: str) -> EntityType | None:
    """A type from the head noun alone, or None when the head says nothing."""
    words = [w.casefold().strip(",()") for w in name.split()]
    if not words:
        return None
    if words[-1] in _COMPANY_HEADS:
        return EntityType.COMPANY
    head = head_noun(name)
    if head in _GOV_HEADS:
        return EntityType.GOVERNMENT_BODY
    if head in _ORG_HEADS:
        return EntityType.ORGANIZATION
    if head in _POLICY_HEADS and len(words) > 1 and words[0] not in _HEAD_CUT:
        return EntityType.POLICY
    return None


_INTL_HINTS = _WORDS.international


def guess_type(name: str, label: str) -> EntityType | None:
    """A type for an entity the catalog does not know, from its NER label and its words."""
    words = [w.casefold().strip(".,") for w in name.split()]
    last = words[-1] if words else ""
    lowered = name.casefold()
    if label in {"PERSON", "ORG", "FAC", "PRODUCT", "LAW"} and len(words) > 1:
        by_head = type_by_head(name)
        if by_head is not None:
            if any(h in lowered for h in _INTL_HINTS):
                return EntityType.INTERNATIONAL_ORGANIZATION
            return by_head
    if label == "PERSON":
        return EntityType.PERSON
    if label in {"GPE", "LOC"}:
        return EntityType.LOCATION
    if label == "PRODUCT":
        return EntityType.PRODUCT
    if label == "EVENT":
        return EntityType.EVENT
    if label == "LAW":
        return EntityType.POLICY
    if any(h in lowered for h in _INTL_HINTS):
        return EntityType.INTERNATIONAL_ORGANIZATION
    if last in _COMPANY_WORDS:
        return EntityType.COMPANY
    if any(w in _GOV_WORDS for w in words):
        return EntityType.GOVERNMENT_BODY
    if any(w in _ORG_WORDS for w in words):
        return EntityType.ORGANIZATION
    if label == "FAC":
        return None  # buildings and rooms are rarely worth a node
    if label == "ORG":
        return EntityType.COMPANY
    return None


@dataclass(slots=True, eq=False)  # identity: one object per real-world thing
class Entity:
    name: str
    type: EntityType
    aliases: dict[str, None] = field(default_factory=dict)
    country: str | None = None
    wikidata: str | None = None
    in_catalog: bool = False
    # A proper name (shown always) versus a common-noun phrase such as "advanced chips",
    # shown only when a relation needs it, because gold rarely lists those unprompted.
    proper: bool = True
    first_token: int = 1 << 30
    # A subsidiary named after a known company ("Huawei Device", "China Telecom Americas"):
    # the parent's name, read as PART_OF.
    parent: str | None = None

    def add_alias(self, surface: str) -> None:
        surface = surface.strip()
        if surface and surface != self.name:
            self.aliases.setdefault(surface, None)

    def to_model(self) -> ExtractedEntity:
        return ExtractedEntity(
            name=self.name,
            type=self.type,
            aliases=list(self.aliases),
            country=self.country,
            wikidata=self.wikidata,
        )


_WS = re.compile(r"\s+")


class Registry:
    """Entities of one document, indexed by every normalized surface form seen."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entities: dict[str, Entity] = {}
        self._forms: dict[str, str] = {}
        self._redirect: dict[str, str] = {}

    def canonical(self, key: str) -> Entity:
        while key in self._redirect:
            key = self._redirect[key]
        return self.entities[key]

    def _index(self, entity: Entity, surface: str) -> None:
        key = norm(surface)
        if key:
            self._forms.setdefault(key, entity.name)

    def find(self, surface: str) -> Entity | None:
        key = self._forms.get(norm(surface))
        return self.canonical(key) if key else None

    def from_catalog(self, entry: CatalogEntry, surface: str) -> Entity:
        entity = self.entities.get(entry.name)
        if entity is None:
            entity = Entity(
                entry.name,
                entry.type,
                country=entry.country,
                wikidata=entry.wikidata,
                in_catalog=True,
                # "export controls", "semiconductors": common nouns, shown when related.
                proper=not entry.name.islower(),
            )
            self.entities[entry.name] = entity
            self._index(entity, entry.name)
        entity = self.canonical(entity.name)
        self.note(entity, surface)
        return entity

    def new(self, name: str, etype: EntityType, surface: str, proper: bool = True) -> Entity:
        name = _WS.sub(" ", name).strip()
        existing = self.find(name)
        if existing is None and not proper:
            # "interim final rule" and "interim final rules": one unnamed thing per document
            existing = self._number_variant(name, etype)
        if existing is not None:
            self.note(existing, surface)
            return existing
        entity = Entity(name, etype, proper=proper)
        self.entities[name] = entity
        self._index(entity, name)
        self.note(entity, surface)
        return entity

    def _number_variant(self, name: str, etype: EntityType) -> Entity | None:
        variants = [name[:-1]] if name.endswith("s") and not name.endswith("ss") else []
        variants.append(name + "s")
        for variant in variants:
            found = self.find(variant)
            if found is not None and found.type == etype and not found.proper:
                return found
        return None

    def note(self, entity: Entity, surface: str) -> None:
        surface = _WS.sub(" ", surface).strip()
        entity.add_alias(surface)
        self._index(entity, surface)

    def merge(self, keep: Entity, drop: Entity) -> None:
        """Fold `drop` into `keep` (e.g. an acronym a document defines)."""
        if keep.name == drop.name:
            return
        for alias in [drop.name, *drop.aliases]:
            self.note(keep, alias)
        keep.proper = keep.proper or drop.proper
        keep.first_token = min(keep.first_token, drop.first_token)
        self._redirect[drop.name] = keep.name
        del self.entities[drop.name]
        for form, name in list(self._forms.items()):
            if name == drop.name:
                self._forms[form] = keep.name

    def lookup_surface(self, surface: str) -> Entity | None:
        """Document forms first (acronyms defined here), then the catalog."""
        found = self.find(surface)
        if found is not None:
            return found
        entry = self.catalog.lookup(surface)
        return self.from_catalog(entry, surface) if entry else None

"""The extractor's vocabulary as data files, each validated on load.

The pipeline's `Lexicon` (triggers, places, titles) is read from the directory it is given;
the word lists (`WordLists`: one YAML file per purpose) are read once, from this directory,
by the modules that use them. A malformed file fails loudly, naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.ontology import EntityType, RelationType
from loaders.lexicon.files import LEXICON_DIR, LexiconError, describe, load_model, read_yaml
from loaders.lexicon.words import WordLists, default_words, load_words

__all__ = [
    "LEXICON_DIR",
    "Lexicon",
    "LexiconError",
    "Trigger",
    "TriggerSpec",
    "WordLists",
    "default_lexicon",
    "default_words",
    "load_lexicon",
    "load_words",
]


class TriggerSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verbs: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    preps: frozenset[str] = frozenset()
    reverse: bool = False
    object_preps_only: bool = False
    # The entity types allowed at each end; the extractor only asks whether a type is among them.
    subject: frozenset[EntityType]
    object: frozenset[EntityType]


class Places(BaseModel):
    model_config = ConfigDict(extra="forbid")
    demonyms: dict[str, str]
    seats: dict[str, str]


class Titles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titles: list[str]
    head_of_state: list[str]
    public_office: list[str] = []


@dataclass(frozen=True, slots=True)
class Trigger:
    relation: RelationType
    particle: str | None  # "call for": lemma "call" needs a child "for"
    spec: TriggerSpec


@dataclass(frozen=True, slots=True)
class Lexicon:
    specs: dict[RelationType, TriggerSpec]
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    demonyms: dict[str, str]
    seats: dict[str, str]
    titles: frozenset[str]
    head_of_state: frozenset[str]
    public_office: frozenset[str] = frozenset()


def _parse_triggers(path: Path) -> dict[RelationType, TriggerSpec]:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise LexiconError(f"{path.name}: expected a mapping of relation type to triggers")
    specs: dict[RelationType, TriggerSpec] = {}
    for key, value in raw.items():
        try:
            relation = RelationType(key)
        except ValueError as exc:
            raise LexiconError(f"{path.name}: {key!r} is not a relation type") from exc
        try:
            specs[relation] = TriggerSpec.model_validate(value)
        except ValidationError as exc:
            raise describe(path, exc, within=key) from exc
    return specs


def _index(specs: dict[RelationType, TriggerSpec], attr: str) -> dict[str, tuple[Trigger, ...]]:
    index: dict[str, list[Trigger]] = {}
    for relation, spec in specs.items():
        for phrase in getattr(spec, attr):
            lemma, _, particle = phrase.partition(" ")
            index.setdefault(lemma, []).append(Trigger(relation, particle or None, spec))
    return {lemma: tuple(triggers) for lemma, triggers in index.items()}


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    specs = _parse_triggers(directory / "triggers.yaml")
    places = load_model(directory / "places.yaml", Places)
    titles = load_model(directory / "titles.yaml", Titles)
    return Lexicon(
        specs=specs,
        verbs=_index(specs, "verbs"),
        nouns=_index(specs, "nouns"),
        demonyms=places.demonyms,
        seats=places.seats,
        titles=frozenset(t.casefold() for t in titles.titles),
        head_of_state=frozenset(t.casefold() for t in titles.head_of_state),
        public_office=frozenset(t.casefold() for t in titles.public_office),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()

"""Trigger lexicon, places (demonyms, seats of government) and titles, validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.ontology import EntityType, RelationType

LEXICON_DIR = Path(__file__).parent


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


class TriggerSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verbs: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    preps: list[str] = Field(default_factory=list)
    reverse: bool = False
    object_preps_only: bool = False
    subject: list[EntityType]
    object: list[EntityType]


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


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot read: {exc}") from exc


def _parse_triggers(path: Path) -> dict[RelationType, TriggerSpec]:
    raw = _read(path)
    if not isinstance(raw, dict):
        raise LexiconError(f"{path.name}: expected a mapping of relation type to triggers")
    specs: dict[RelationType, TriggerSpec] = {}
    for key, value in raw.items():
        try:
            specs[RelationType(key)] = TriggerSpec.model_validate(value)
        except (ValueError, ValidationError) as exc:
            raise LexiconError(f"{path.name}: entry {key!r}: {exc}") from exc
    return specs


def _index(specs: dict[RelationType, TriggerSpec], attr: str) -> dict[str, tuple[Trigger, ...]]:
    index: dict[str, list[Trigger]] = {}
    for relation, spec in specs.items():
        for phrase in getattr(spec, attr):
            lemma, _, particle = phrase.partition(" ")
            index.setdefault(lemma, []).append(Trigger(relation, particle or None, spec))
    return {lemma: tuple(triggers) for lemma, triggers in index.items()}


def _model(path: Path, model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(_read(path))
    except ValidationError as exc:
        raise LexiconError(f"{path.name}: {exc}") from exc


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    specs = _parse_triggers(directory / "triggers.yaml")
    places: Places = _model(directory / "places.yaml", Places)
    titles: Titles = _model(directory / "titles.yaml", Titles)
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

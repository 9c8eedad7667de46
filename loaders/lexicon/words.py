"""The word lists the extraction rules consult: one YAML file per purpose, each file's header
says what its lists are for. Every list is held once; a module that needs one binds it to a
module-level name (`_SAY = default_words().discourse.say`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from graph.ontology import EntityType
from loaders.lexicon.files import LEXICON_DIR, load_model


def _lower_case_word(text: str) -> str:
    if not text or text != " ".join(text.split()):
        raise ValueError(f"{text!r} is empty or has stray spaces")
    if text != text.casefold():
        raise ValueError(f"{text!r} is not lower case (the rules compare lower-cased words)")
    return text


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as exc:
        raise ValueError(f"{text!r} is not a regular expression: {exc}") from exc
    return text


def _each_once(value: Any) -> Any:
    """A list as written, every entry once: a set would hide the slip of a word given twice."""
    if not isinstance(value, list):
        raise ValueError("expected a list")
    seen: set[object] = set()
    for item in value:
        if isinstance(item, str) and item in seen:
            raise ValueError(f"{item!r} is listed twice")
        seen.add(item)
    return value


Word = Annotated[str, AfterValidator(_lower_case_word)]
Words = Annotated[frozenset[Word], BeforeValidator(_each_once), Field(min_length=1)]
# Regular expressions, tried in the order written (the first alternative that fits wins).
Patterns = Annotated[
    tuple[Annotated[str, AfterValidator(_regex)], ...],
    BeforeValidator(_each_once),
    Field(min_length=1),
]


class _WordFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DiscourseWords(_WordFile):
    say: Words
    appeal: Words
    hostile_verbs: Words
    hostile_nouns: Words
    stop_nouns: Words


class ArgumentWords(_WordFile):
    proxy_nouns: Words
    transparent: Words
    technology_nouns: Words
    policy_nouns: Words
    vague: Words
    anaphors: Annotated[dict[Word, tuple[EntityType, ...]], Field(min_length=1)]
    group_anaphors: Annotated[dict[Word, EntityType], Field(min_length=1)]


class NameWords(_WordFile):
    government: Words
    organization: Words
    company: Words
    policy: Words
    international: Words
    corporate_suffixes: Words


class MentionWords(_WordFile):
    junk: Words
    headline: Words
    of_heads: Words
    generic_heads: Words
    series: Words
    function_words: Words
    leading: Words


class RelationWords(_WordFile):
    halting: Words
    deal_nouns: Words
    revoking: Words
    privileges: Words
    measure_verbs: Words
    measure_heads: Words
    imposed_measures: Words
    delisting: Words
    legal_verbs: Words
    legal_nouns: Words
    bringing: Words
    plan_words: Words


class StructureWords(_WordFile):
    competition: Words
    participant_nouns: Words
    attend_verbs: Words
    show_nouns: Words
    listing: Words
    firm_nouns: Words
    unit_nouns: Words
    group_nouns: Words


class ModalityWords(_WordFile):
    deny: Words
    planned: Words
    considered: Words
    reported: Words


class RelevancePatterns(_WordFile):
    us: Patterns
    china: Patterns
    technology: Patterns
    contest: Patterns


@dataclass(frozen=True, slots=True)
class WordLists:
    """Each field is read from the file of the same name (`discourse` from discourse.yaml)."""

    discourse: DiscourseWords
    arguments: ArgumentWords
    names: NameWords
    mentions: MentionWords
    relations: RelationWords
    structure: StructureWords
    modality: ModalityWords
    relevance: RelevancePatterns


def load_words(directory: Path = LEXICON_DIR) -> WordLists:
    return WordLists(
        discourse=load_model(directory / "discourse.yaml", DiscourseWords),
        arguments=load_model(directory / "arguments.yaml", ArgumentWords),
        names=load_model(directory / "names.yaml", NameWords),
        mentions=load_model(directory / "mentions.yaml", MentionWords),
        relations=load_model(directory / "relations.yaml", RelationWords),
        structure=load_model(directory / "structure.yaml", StructureWords),
        modality=load_model(directory / "modality.yaml", ModalityWords),
        relevance=load_model(directory / "relevance.yaml", RelevancePatterns),
    )


@lru_cache(maxsize=1)
def default_words() -> WordLists:
    return load_words()

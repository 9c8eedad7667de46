"""The domain catalog: YAML files beside this module, validated with pydantic on load.

Each `*.yaml` file here holds one list of entries
`{name, type, aliases, country, wikidata, zh, roles}`. Files are read in sorted order and
entries with the same canonical name merge (aliases, Chinese names and roles are unioned);
a merge that would contradict itself (two types, two countries, two QIDs) fails loudly,
naming both files, because a silent winner would put a wrong fact in the graph.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.ontology import EntityType
from graph.strict_yaml import DataFileError, read_yaml
from loaders.normalize import norm

log = logging.getLogger(__name__)

CATALOG_DIR = Path(__file__).parent


class CatalogError(DataFileError):
    """A catalog file is malformed; the message names the file and the entry."""


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid")
    org: str = Field(min_length=1)
    role: str = Field(min_length=1)


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    zh: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    # Countries only: adjectives and plurals ("Chinese") and seats of government ("Beijing")
    # that stand for the country; resolution rules rather than plain aliases.
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)

    @field_validator("aliases", "zh", "demonyms", "capitals", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    @field_validator("roles", mode="before")
    @classmethod
    def _no_roles_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    def surface_forms(self) -> list[str]:
        """Name first, then aliases and Chinese names, without repeats."""
        seen: dict[str, None] = {}
        for form in [self.name, *self.aliases, *self.zh]:
            if form.strip():
                seen.setdefault(form.strip(), None)
        return list(seen)


class Catalog:
    """Entries by canonical name plus an index from normalized surface form to names."""

    def __init__(self, entries: Iterable[CatalogEntry]) -> None:
        self.entries: dict[str, CatalogEntry] = {e.name: e for e in entries}
        self._by_form: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for form in entry.surface_forms():
                key = norm(form)
                if key:
                    self._by_form.setdefault(key, set()).add(entry.name)
        # A form that is exactly an entry's own name wins over anyone's alias.
        for entry in self.entries.values():
            self._by_form[norm(entry.name)] = {entry.name}

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, surface: str) -> CatalogEntry | None:
        """The one entry a surface form names, or None if unknown or ambiguous."""
        names = self._by_form.get(norm(surface))
        if not names or len(names) != 1:
            return None
        return self.entries[next(iter(names))]

    def is_ambiguous(self, surface: str) -> bool:
        return len(self._by_form.get(norm(surface), ())) > 1

    def demonyms(self) -> dict[str, str]:
        return {d: e.name for e in self.entries.values() for d in e.demonyms}

    def seats(self) -> dict[str, str]:
        return {c: e.name for e in self.entries.values() for c in e.capitals}

    def counts_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries.values():
            counts[entry.type.value] = counts.get(entry.type.value, 0) + 1
        return dict(sorted(counts.items()))


def _parse_file(path: Path) -> list[CatalogEntry]:
    try:
        raw: Any = read_yaml(path)
    except DataFileError as exc:
        raise CatalogError(str(exc)) from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CatalogError(f"{path.name}: expected a list of entries, got {type(raw).__name__}")
    entries = []
    for index, item in enumerate(raw):
        label = item.get("name", "?") if isinstance(item, dict) else "?"
        try:
            entries.append(CatalogEntry.model_validate(item))
        except ValidationError as exc:
            raise CatalogError(f"{path.name}: entry {index} ({label!r}): {exc}") from exc
    return entries


def _merge(old: CatalogEntry, new: CatalogEntry, old_file: str, new_file: str) -> CatalogEntry:
    where = f"{new.name!r} in {old_file} and {new_file}"
    if old.type != new.type:
        raise CatalogError(f"conflicting types for {where}: {old.type} vs {new.type}")
    for field in ("country", "wikidata"):
        a, b = getattr(old, field), getattr(new, field)
        if a and b and a != b:
            raise CatalogError(f"conflicting {field} for {where}: {a} vs {b}")
    roles = {(r.org, r.role): r for r in [*old.roles, *new.roles]}
    return CatalogEntry(
        name=old.name,
        type=old.type,
        aliases=list(dict.fromkeys([*old.aliases, *new.aliases])),
        country=old.country or new.country,
        wikidata=old.wikidata or new.wikidata,
        zh=list(dict.fromkeys([*old.zh, *new.zh])),
        roles=list(roles.values()),
        demonyms=list(dict.fromkeys([*old.demonyms, *new.demonyms])),
        capitals=list(dict.fromkeys([*old.capitals, *new.capitals])),
    )


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Read and merge every `*.yaml` in `directory`; raise CatalogError naming file and entry."""
    merged: dict[str, tuple[CatalogEntry, str]] = {}
    for path in sorted(directory.glob("*.yaml")):
        for entry in _parse_file(path):
            key = entry.name.casefold()
            if key in merged:
                old, old_file = merged[key]
                entry = _merge(old, entry, old_file, path.name)
                merged[key] = (entry, old_file)
            else:
                merged[key] = (entry, path.name)
    catalog = Catalog(entry for entry, _ in merged.values())
    log.debug("catalog: %d entries from %s", len(catalog), directory)
    return catalog

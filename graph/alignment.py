"""Which side an entity is on: "us_allies", "china" or "other" (data: alignment.yaml).

The sides themselves, with their labels and colours, are listed in graph/ontology.py.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.ontology import Alignment, EntityType
from graph.strict_yaml import DataFileError, read_yaml

ALIGNMENT_FILE = Path(__file__).with_name("alignment.yaml")


@cache
def country_sides() -> dict[str, Alignment]:
    data = read_yaml(ALIGNMENT_FILE)
    sides: dict[str, Alignment] = {}
    for side in (Alignment.CHINA, Alignment.US_ALLIES):
        countries = data.get(side.value)
        if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
            raise DataFileError(f"{ALIGNMENT_FILE.name}: '{side.value}' must be a list of country names")
        sides.update({country: side for country in countries})
    return sides


def alignment_of(entity_type: str, name: str, country: str | None) -> Alignment:
    """A country by its own name; anything else by the country it belongs to."""
    key = name if entity_type == EntityType.COUNTRY else country
    return country_sides().get(key or "", Alignment.OTHER)

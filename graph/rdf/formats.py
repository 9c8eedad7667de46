"""The RDF formats and how a file name tells them. Kept free of rdflib so that the command line
can declare `--format` without loading it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from graph.errors import InvalidInput


class RdfFormat(StrEnum):
    TTL = "ttl"
    JSONLD = "jsonld"
    NT = "nt"


MEDIA_TYPES: dict[RdfFormat, str] = {
    RdfFormat.TTL: "text/turtle",
    RdfFormat.JSONLD: "application/ld+json",
    RdfFormat.NT: "application/n-triples",
}


def format_of(path: Path) -> RdfFormat:
    suffix = path.suffix.lower().lstrip(".")
    aliases = {
        "ttl": RdfFormat.TTL,
        "turtle": RdfFormat.TTL,
        "nt": RdfFormat.NT,
        "jsonld": RdfFormat.JSONLD,
        "json": RdfFormat.JSONLD,
    }
    if suffix not in aliases:
        raise InvalidInput(
            f"cannot tell the RDF format of {path.name} (.ttl, .nt or .jsonld)", field="file"
        )
    return aliases[suffix]

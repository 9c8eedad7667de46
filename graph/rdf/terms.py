"""The shared terms of RDF in and out: the IRI scheme and its base, parsing with rdflib."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from rdflib import OWL, RDF, RDFS, SKOS, XSD, URIRef
from rdflib import Graph as RdfGraph
from rdflib.term import Node

from graph.errors import InvalidInput
from graph.rdf.formats import RdfFormat
from graph.rdf.vocab import TK

Triple = tuple[Node, Node, Node]
# (phase, done, total or None): how long work reports where it is, for a progress bar
ProgressFn = Callable[[str, int, int | None], None]


def no_progress(phase: str, done: int, total: int | None) -> None:
    """The default ProgressFn: report nothing."""


RDFLIB_FORMAT = {RdfFormat.TTL: "turtle", RdfFormat.JSONLD: "json-ld", RdfFormat.NT: "nt"}
JSONLD_CONTEXT = {
    "tk": str(TK),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


class RdfSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKG_", extra="ignore")

    rdf_base: str = Field(
        default="https://techkg.example.org/", description="base of the IRIs the RDF export mints"
    )

    @field_validator("rdf_base")
    @classmethod
    def _ends_with_separator(cls, value: str) -> str:
        return value if value.endswith(("/", "#")) else value + "/"


@dataclass(frozen=True)
class Iris:
    base: str

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{quote(entity_id, safe=':')}")

    def article(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{quote(article_id, safe='')}")

    def statement(self, subject: str, rel_type: str, obj: str, negated: bool) -> URIRef:
        key = hashlib.sha1(f"{subject}|{rel_type}|{obj}|{negated}".encode()).hexdigest()[:20]
        return URIRef(f"{self.base}statement/{key}")


def local_id(iri: Node, kind: str) -> str:
    """The entity or article id an IRI names, whatever base it was minted under."""
    text = str(iri)
    marker = f"/{kind}/"
    if marker not in text:
        raise InvalidInput(f"not a techkg {kind} IRI: {text}", field="file")
    return unquote(text.rsplit(marker, 1)[1])


def parse_rdf(source: Path | str, fmt: RdfFormat, data: bool = False) -> RdfGraph:
    """Parse a file (or, with `data`, text) with rdflib."""
    with warnings.catch_warnings():
        # rdflib 7's own JSON-LD parser builds a ConjunctiveGraph, which rdflib deprecates.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        if data:
            return RdfGraph().parse(data=str(source), format=RDFLIB_FORMAT[fmt])
        return RdfGraph().parse(str(source), format=RDFLIB_FORMAT[fmt])

"""RDF in and out: the graph as Turtle, JSON-LD or N-Triples, and such a file read back.

IRIs are stable and readable, under a configurable base (`TECHKG_RDF_BASE`, default
`https://techkg.example.org/`): `{base}entity/company:nvidia`, `{base}article/{quoted id}`,
`{base}statement/{sha1 of subject|type|object|negated}` and `…/evidence/{position}`. The vocabulary
is `graph.rdf.vocab` (`tk:`, the ontology document `graph/ontology.ttl`).

Evidence and confidence are kept with **RDF reification**: every Neo4j relationship becomes an
`rdf:Statement` (`rdf:subject`, `rdf:predicate tk:RESTRICTS`, `rdf:object`) carrying `tk:negated`,
`tk:modality`, `tk:confidence` (combined), `tk:count`, `tk:date`, and one `tk:evidence` node per
piece of evidence (`tk:article`, `tk:sentence`, `tk:start`, `tk:end`, `tk:evidenceDate`,
`tk:publisher`, its own `tk:confidence` and `tk:date`, `tk:position`). A relation that is not
negated is also asserted directly (`<nvidia> tk:EXPORTS_TO <china>`); a negated one only as a
statement, so a reasoner never reads a denial as a fact. Entities carry `rdfs:label` (name),
`skos:altLabel` (aliases), `tk:country` and `owl:sameAs <http://www.wikidata.org/entity/Q…>`.

Streaming: Neo4j is paged by key (articles and entities by `id`, relationships by subject id) and
each page is serialized on its own. N-Triples is a plain concatenation; Turtle repeats its
`@prefix` lines per page (legal Turtle: a prefix may be declared again); JSON-LD is written as one
`{"@context": …, "@graph": [ … ]}` whose node objects come page by page (a node may appear in
two pages; JSON-LD merges nodes with the same `@id`). Memory stays at one page.

`import_rdf` reads such a file back through the one writer. The triples are streamed into a
SQLite file on disk (N-Triples line by line; Turtle and JSON-LD are parsed whole by rdflib, which
has no streaming parser for them), then written a page of nodes at a time: articles with the
entities they mention, entities no article mentions, then the relations' evidence in order of
position, so that each relationship's evidence list, counts, confidence and dates come out as they
were. A bad line or node is reported and skipped; the rest lands.

Modules: `formats` (the formats; no rdflib), `terms` (IRIs, settings), `exporting`, `reading`
(parsing), `staging` (the on-disk triple table), `importing`.
"""


from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.rdf.exporting import export, triple_pages, write_export
    from graph.rdf.formats import MEDIA_TYPES, RdfFormat, format_of
    from graph.rdf.importing import ImportSummary, import_rdf
    from graph.rdf.reading import Problems, read_triples
    from graph.rdf.terms import JSONLD_CONTEXT, Iris, ProgressFn, local_id, parse_rdf

# Each name is loaded from its module on first use (PEP 562), so importing `graph.rdf.formats`
# (the command line does, to declare `--format`) does not load rdflib and the driver.
_HOME = {
    "export": "graph.rdf.exporting",
    "triple_pages": "graph.rdf.exporting",
    "write_export": "graph.rdf.exporting",
    "MEDIA_TYPES": "graph.rdf.formats",
    "RdfFormat": "graph.rdf.formats",
    "format_of": "graph.rdf.formats",
    "ImportSummary": "graph.rdf.importing",
    "import_rdf": "graph.rdf.importing",
    "Problems": "graph.rdf.reading",
    "read_triples": "graph.rdf.reading",
    "JSONLD_CONTEXT": "graph.rdf.terms",
    "Iris": "graph.rdf.terms",
    "ProgressFn": "graph.rdf.terms",
    "local_id": "graph.rdf.terms",
    "parse_rdf": "graph.rdf.terms",
}
__all__ = [
    "JSONLD_CONTEXT",
    "MEDIA_TYPES",
    "ImportSummary",
    "Iris",
    "Problems",
    "ProgressFn",
    "RdfFormat",
    "export",
    "format_of",
    "import_rdf",
    "local_id",
    "parse_rdf",
    "read_triples",
    "triple_pages",
    "write_export",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'graph.rdf' has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)

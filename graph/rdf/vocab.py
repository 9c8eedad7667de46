"""The RDF vocabulary of techkg: the ontology document (graph/ontology.ttl) and export validation.

`graph/ontology.py` stays the source of truth: `ontology_graph()` builds the RDFS/OWL document from
its enums and descriptions, `graph/ontology.ttl` is that document written out (a test holds the
file to the function; regenerate with `python -m graph.rdf.vocab`).

Vocabulary terms live under the fixed namespace `https://techkg.example.org/ontology#` (a
vocabulary does not move with a deployment); data IRIs live under the configurable base of
`graph.rdf`. Classes are the entity types plus `Entity`, `Article` and `Evidence`; relation types
are object properties named exactly like the Neo4j relationship types (`tk:EXPORTS_TO`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.ontology import (
    ENTITY_TYPE_INFO,
    RELATION_TYPE_INFO,
    SYMMETRIC_RELATIONS,
    EntityType,
    RelationType,
)

TK = Namespace("https://techkg.example.org/ontology#")
ONTOLOGY_IRI = URIRef("https://techkg.example.org/ontology")
ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology.ttl"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

# Extra classes: (name, comment).
_CLASSES: tuple[tuple[str, str], ...] = (
    ("Entity", "Anything the graph names: the superclass of every entity type."),
    ("Article", "A source document (news article or official release)."),
    ("Evidence", "One sentence of one article that supports a relation statement."),
)
# Datatype properties: (name, domain, range, comment).
_DATA_PROPERTIES: tuple[tuple[str, str, URIRef, str], ...] = (
    ("country", "Entity", XSD.string, "The country an entity belongs to, by name."),
    ("firstSeen", "Entity", XSD.date, "Publication date of the first article mentioning it."),
    ("lastSeen", "Entity", XSD.date, "Publication date of the last article mentioning it."),
    ("url", "Article", XSD.anyURI, "Where the article was published."),
    ("source", "Article", XSD.string, "The publisher (host name or outlet)."),
    ("published", "Article", XSD.date, "The article's publication date."),
    ("contentHash", "Article", XSD.string, "SHA-256 of title and text, to detect changes."),
    ("relevance", "Article", XSD.double, "How much the article is about the competition (0-1)."),
    ("negated", "Statement", XSD.boolean, "The text denies the relation."),
    ("modality", "Statement", XSD.string, "asserted, planned, considered or reported."),
    (
        "confidence",
        "Statement",
        XSD.double,
        "Confidence in [0, 1]: of one evidence, or combined over all evidence of a statement.",
    ),
    ("count", "Statement", XSD.integer, "How many pieces of evidence support the statement."),
    ("sourceCount", "Statement", XSD.integer, "Distinct publishers among the evidence."),
    ("role", "Statement", XSD.string, f"The position held ({RelationType.AFFILIATED_WITH})."),
    ("verb", "Statement", XSD.string, f"The verb's lemma ({RelationType.RELATED_TO})."),
    ("date", "Statement", XSD.date, "The date the fact holds from (earliest over the evidence)."),
    ("sentence", "Evidence", XSD.string, "The sentence the relation was extracted from."),
    ("start", "Evidence", XSD.integer, "Character offset of the sentence in the article."),
    ("end", "Evidence", XSD.integer, "End offset of the sentence in the article."),
    ("evidenceDate", "Evidence", XSD.date, "The date of the fact according to this evidence."),
    ("publisher", "Evidence", XSD.string, "The publisher of the evidence's article."),
    ("position", "Evidence", XSD.integer, "Order of the evidence on its statement (0-based)."),
)
# Object properties that are not relation types: (name, domain, range, comment).
_LINK_PROPERTIES: tuple[tuple[str, str, str, str], ...] = (
    ("mentions", "Article", "Entity", "The article mentions the entity."),
    ("evidence", "Statement", "Evidence", "A piece of evidence for the statement."),
    ("article", "Evidence", "Article", "The article the evidence comes from."),
)


def _term(name: str) -> URIRef:
    return RDF.Statement if name == "Statement" else TK[name]


def _add_classes(g: Graph) -> None:
    for name, comment in _CLASSES:
        g.add((TK[name], RDF.type, OWL.Class))
        g.add((TK[name], RDFS.label, Literal(name, lang="en")))
        g.add((TK[name], RDFS.comment, Literal(comment, lang="en")))
    for entity_type in EntityType:
        cls = TK[entity_type.value]
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, TK.Entity))
        g.add((cls, RDFS.label, Literal(entity_type.value, lang="en")))
        g.add((cls, RDFS.comment, Literal(ENTITY_TYPE_INFO[entity_type].description, lang="en")))


def _add_relations(g: Graph) -> None:
    for relation in RelationType:
        prop = TK[relation.value]
        g.add((prop, RDF.type, OWL.ObjectProperty))
        if relation in SYMMETRIC_RELATIONS:
            g.add((prop, RDF.type, OWL.SymmetricProperty))
        g.add((prop, RDFS.domain, TK.Entity))
        g.add((prop, RDFS.range, TK.Entity))
        g.add((prop, RDFS.label, Literal(relation.value, lang="en")))
        g.add((prop, RDFS.comment, Literal(RELATION_TYPE_INFO[relation].description, lang="en")))


def _add_properties(g: Graph) -> None:
    for name, domain, range_, comment in _DATA_PROPERTIES:
        g.add((TK[name], RDF.type, OWL.DatatypeProperty))
        g.add((TK[name], RDFS.domain, _term(domain)))
        g.add((TK[name], RDFS.range, range_))
        g.add((TK[name], RDFS.comment, Literal(comment, lang="en")))
    for name, domain, range_name, comment in _LINK_PROPERTIES:
        g.add((TK[name], RDF.type, OWL.ObjectProperty))
        g.add((TK[name], RDFS.domain, _term(domain)))
        g.add((TK[name], RDFS.range, _term(range_name)))
        g.add((TK[name], RDFS.comment, Literal(comment, lang="en")))
    # The one term used from outside RDF/RDFS/OWL: aliases are SKOS alternative labels.
    g.add((SKOS.altLabel, RDF.type, OWL.AnnotationProperty))
    alias = Literal("An alias (surface form) of an entity.", lang="en")
    g.add((SKOS.altLabel, RDFS.comment, alias))


def ontology_graph() -> Graph:
    """The ontology document, built from graph/ontology.py."""
    g = Graph()
    g.bind("tk", TK)
    g.bind("skos", SKOS)
    g.bind("owl", OWL)
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, RDFS.label, Literal("techkg: US-China technology competition", lang="en")))
    _add_classes(g)
    _add_relations(g)
    _add_properties(g)
    return g


def write_ontology(path: Path = ONTOLOGY_FILE) -> None:
    path.write_text(ontology_graph().serialize(format="turtle"), encoding="utf-8")


# ------------------------------------------------------------------ validation

_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))


def defined_terms(ontology: Graph) -> set[Node]:
    """Classes and properties the ontology document declares."""
    kinds = {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
    }
    return {s for s, _, o in ontology.triples((None, RDF.type, None)) if o in kinds}


def undefined_terms(triples: Iterable[tuple[Node, Node, Node]], ontology: Graph) -> set[str]:
    """Predicates and classes (objects of rdf:type) used but not defined by the ontology.

    Terms of RDF, RDFS, OWL and XSD themselves count as defined."""
    defined = defined_terms(ontology)
    used: set[Node] = set()
    for _, p, o in triples:
        used.add(p)
        if p == RDF.type:
            used.add(o)
    return {str(t) for t in used if t not in defined and not str(t).startswith(_BUILTIN)}


if __name__ == "__main__":
    write_ontology()

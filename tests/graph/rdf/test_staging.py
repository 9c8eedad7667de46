"""The on-disk triple table of the RDF import: terms in and out, pages, nodes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import RDF, XSD, BNode, Literal, URIRef

from graph.rdf.staging import TripleStage, decode_object, encode_object

EX = "https://kg.test/"


def test_literals_come_back_as_python_values() -> None:
    cases = [
        (Literal("2019-05-16", datatype=XSD.date), date(2019, 5, 16)),
        (Literal(0.8), 0.8),
        (Literal(3), 3),
        (Literal(True), True),
        (Literal(False), False),
        (Literal('a "quoted"\nline'), 'a "quoted"\nline'),
        (Literal("华为", lang="zh"), "华为"),
        (Literal("https://x.test/a", datatype=XSD.anyURI), "https://x.test/a"),
        (URIRef(EX + "entity/company:x"), URIRef(EX + "entity/company:x")),
        (BNode("b1"), BNode("b1")),
    ]
    for term, expected in cases:
        value = decode_object(*encode_object(term))
        assert value == expected and type(value) is type(expected), term


def test_nodes_pages_and_counts(tmp_path: Path) -> None:
    stage = TripleStage(tmp_path / "t.sqlite")
    people = [URIRef(f"{EX}p{i}") for i in (3, 1, 4, 0, 2)]  # pages keep the file's order
    triples = [(p, RDF.type, URIRef(EX + "Person")) for p in people]
    triples += [(people[0], URIRef(EX + "knows"), p) for p in people[1:]]
    triples += [(people[0], URIRef(EX + "knows"), people[1])]  # a repeat counts once
    triples += [(BNode("x"), URIRef(EX + "name"), Literal("blank"))]
    assert stage.add(triples) == len(triples)
    stage.index()
    assert stage.count(URIRef(EX + "Person")) == 5
    pages = list(stage.subjects(URIRef(EX + "Person"), 2))
    assert [len(p) for p in pages] == [2, 2, 1] and [p for page in pages for p in page] == people
    nodes = stage.nodes([people[0], BNode("x"), URIRef(EX + "nobody")])
    assert nodes[people[0]][URIRef(EX + "knows")] == people[1:]
    assert nodes[BNode("x")][URIRef(EX + "name")] == ["blank"]
    assert URIRef(EX + "nobody") not in nodes
    assert list(stage.nodes([people[0]], without=URIRef(EX + "knows"))[people[0]]) == [RDF.type]
    stage.close()

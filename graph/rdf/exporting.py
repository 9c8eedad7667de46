"""The graph out of Neo4j as RDF, page by page (see `graph.rdf` for the mapping)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib import Graph as RdfGraph
from rdflib.plugins.serializers.nt import _nt_row  # the N-Triples escaping rdflib itself uses

from graph.ontology import EntityType, RelationType
from graph.rdf.formats import RdfFormat
from graph.rdf.terms import (
    JSONLD_CONTEXT,
    Iris,
    ProgressFn,
    Triple,
    no_progress,
)
from graph.rdf.vocab import TK, WIKIDATA
from graph.read import pages
from graph.read.entities import resolve_entity
from graph.read.relations import reach
from graph.settings import RdfSettings
from graph.store.db import Graph

PAGE = 500  # entities (and their outgoing relationships) or articles per page


# ------------------------------------------------------------------ rows to triples


def _lit(value: Any) -> Literal:
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(value)


def entity_triples(iris: Iris, row: dict[str, Any]) -> Iterator[Triple]:
    node = iris.entity(row["id"])
    yield node, RDF.type, TK.Entity
    yield node, RDF.type, TK[EntityType(row["type"]).value]
    yield node, RDFS.label, Literal(row["name"])
    for alias in row["aliases"] or []:
        yield node, SKOS.altLabel, Literal(alias)
    if row["country"]:
        yield node, TK.country, Literal(row["country"])
    if row["wikidata"]:
        yield node, OWL.sameAs, WIKIDATA[row["wikidata"]]
    for prop, name in ((TK.firstSeen, "first_seen"), (TK.lastSeen, "last_seen")):
        if row[name] is not None:
            yield node, prop, _lit(row[name])


def article_triples(iris: Iris, row: dict[str, Any]) -> Iterator[Triple]:
    node = iris.article(row["id"])
    yield node, RDF.type, TK.Article
    if row["title"]:
        yield node, RDFS.label, Literal(row["title"])
    if row["url"]:
        yield node, TK.url, Literal(row["url"], datatype=XSD.anyURI)
    for prop, name in (
        (TK.source, "source"),
        (TK.published, "published"),
        (TK.contentHash, "content_hash"),
        (TK.relevance, "relevance"),
    ):
        if row[name] is not None:
            yield node, prop, _lit(row[name])
    for entity_id in row["mentions"]:
        yield node, TK.mentions, iris.entity(entity_id)


def relation_triples(iris: Iris, row: dict[str, Any]) -> Iterator[Triple]:
    subject, obj = iris.entity(row["page_key"]), iris.entity(row["object"])
    prop = TK[RelationType(row["type"]).value]
    st = iris.statement(row["page_key"], row["type"], row["object"], row["negated"])
    if not row["negated"]:
        yield subject, prop, obj
    yield from (
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, subject),
        (st, RDF.predicate, prop),
        (st, RDF.object, obj),
        (st, TK.negated, Literal(bool(row["negated"]))),
    )
    for p, name in (
        (TK.modality, "modality"),
        (TK.role, "role"),
        (TK.verb, "predicate"),
        (TK.confidence, "confidence"),
        (TK["count"], "count"),
        (TK.sourceCount, "source_count"),
        (TK.date, "date"),
    ):
        if row[name] is not None:
            yield st, p, _lit(row[name])
    for position, raw in enumerate(row["evidence"] or []):
        yield from evidence_triples(iris, st, position, json.loads(raw), row)


def evidence_triples(
    iris: Iris, st: URIRef, position: int, ev: dict[str, Any], row: dict[str, Any]
) -> Iterator[Triple]:
    node = URIRef(f"{st}/evidence/{position}")
    yield from (
        (st, TK.evidence, node),
        (node, RDF.type, TK.Evidence),
        (node, TK.article, iris.article(ev["article_id"])),
        (node, TK.sentence, Literal(ev["sentence"])),
        (node, TK.position, Literal(position)),
        (node, TK.confidence, _lit(float(row["confidences"][position]))),
    )
    if row["dates"][position]:
        yield node, TK.date, Literal(row["dates"][position], datatype=XSD.date)
    for p, name in ((TK.start, "start"), (TK.end, "end"), (TK.publisher, "source")):
        if ev.get(name) is not None:
            yield node, p, Literal(ev[name])
    if ev.get("date"):
        yield node, TK.evidenceDate, Literal(ev["date"], datatype=XSD.date)


# ------------------------------------------------------------------ export


@dataclass
class _Scope:
    entities: list[str] | None = None
    articles: set[str] = field(default_factory=set)


def triple_pages(
    graph: Graph,
    base: str,
    entity: str | None = None,
    depth: int = 1,
    on_progress: ProgressFn = no_progress,
) -> Iterator[list[Triple]]:
    """The export, page by page: the whole graph, or the entity id `entity` and its `depth`-hop
    neighbourhood (relations either way)."""
    iris = Iris(base)
    scope = _Scope(sorted(reach(graph, entity, depth).nodes) if entity else None)
    totals = pages.counts(graph) if scope.entities is None else {}
    entities = totals.get("entities", len(scope.entities or []))
    if scope.entities is None:
        yield from _article_pages(graph, iris, None, None, on_progress, totals["articles"])
    done = 0
    for rows in pages.entity_pages(graph, PAGE, scope.entities):
        yield [t for row in rows for t in entity_triples(iris, row)]
        done += len(rows)
        on_progress("entities", done, entities)
    done = 0
    for rows in pages.relation_pages(graph, PAGE, scope.entities):
        rels = [row for row in rows if row["type"] is not None]
        for row in rels:
            scope.articles.update(json.loads(raw)["article_id"] for raw in row["evidence"])
        yield [t for row in rels for t in relation_triples(iris, row)]
        done += len({row["page_key"] for row in rows})
        on_progress("relations (by subject)", done, entities)
    if scope.entities is not None:
        articles = sorted(scope.articles)
        yield from _article_pages(graph, iris, articles, scope.entities, on_progress, len(articles))


def _article_pages(
    graph: Graph,
    iris: Iris,
    ids: list[str] | None,
    entities: list[str] | None,
    on_progress: ProgressFn,
    total: int,
) -> Iterator[list[Triple]]:
    done = 0
    for rows in pages.article_pages(graph, PAGE, ids, entities):
        yield [t for row in rows for t in article_triples(iris, row)]
        done += len(rows)
        on_progress("articles", done, total)


def _rdf_graph(triples: Iterable[Triple]) -> RdfGraph:
    g = RdfGraph()
    for prefix, ns in JSONLD_CONTEXT.items():
        g.bind(prefix, ns)
    for triple in triples:
        g.add(triple)
    return g


def serialize_pages(pages: Iterable[list[Triple]], fmt: RdfFormat) -> Iterator[str]:
    """Text chunks of one document in `fmt`, one chunk (or two) per page."""
    if fmt is RdfFormat.NT:
        for page in pages:
            yield "".join(_nt_row(t) for t in page)
    elif fmt is RdfFormat.TTL:
        for page in pages:
            if page:
                yield _rdf_graph(page).serialize(format="turtle") + "\n"
    else:
        yield from _jsonld_chunks(pages)


def _jsonld_chunks(pages: Iterable[list[Triple]]) -> Iterator[str]:
    yield '{"@context": ' + json.dumps(JSONLD_CONTEXT) + ', "@graph": [\n'
    first = True
    for page in pages:
        if not page:
            continue
        doc = json.loads(_rdf_graph(page).serialize(format="json-ld", context=JSONLD_CONTEXT))
        nodes = doc.get("@graph", [{k: v for k, v in doc.items() if k != "@context"}])
        text = ",\n".join(json.dumps(n, ensure_ascii=False) for n in nodes)
        yield text if first else ",\n" + text
        first = False
    yield "\n]}\n"


def export(
    graph: Graph,
    fmt: RdfFormat,
    entity: str | None = None,
    depth: int = 1,
    settings: RdfSettings | None = None,
    on_progress: ProgressFn = no_progress,
) -> Iterator[str]:
    """The export as text chunks to write or stream in order; `entity` is an id, a name or an
    alias (NotFound, before the first chunk goes out, when there is none)."""
    base = (settings or RdfSettings()).rdf_base
    entity_id = resolve_entity(graph, entity, field="entity") if entity is not None else None
    return serialize_pages(triple_pages(graph, base, entity_id, depth, on_progress), fmt)


def write_export(path: Path, chunks: Iterable[str]) -> int:
    """Write an export's chunks to `path` (its folder made if need be); return the characters
    written: `write_export(path, export(graph, fmt, …))`.

    The chunks go to a hidden file beside `path`, renamed over it only once complete, so an error
    (Neo4j gone half-way; an unknown entity fails in `export`, before this) leaves no file, or the
    earlier one intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with partial.open("w", encoding="utf-8") as out:
            written = sum(out.write(chunk) for chunk in chunks)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written

"""RDF in and out: the graph as Turtle, JSON-LD or N-Triples, and such a file read back.

IRIs are stable and readable, under a configurable base (`TECHKG_RDF_BASE`, default
`https://techkg.example.org/`): `{base}entity/company:nvidia`, `{base}article/{quoted id}`,
`{base}statement/{sha1 of subject|type|object|negated}` and `…/evidence/{position}`. The vocabulary
is `graph.rdf_vocab` (`tk:`, the ontology document `graph/ontology.ttl`).

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

`import_rdf` reads such a file back through the one writer: articles with the entities they
mention, then the relations' evidence in order of position (round by round), so that each
relationship's evidence list, counts, confidence and dates come out as they were. N-Triples are
parsed in chunks of lines; Turtle and JSON-LD are parsed whole by rdflib. The parsed terms are
held as plain dicts until written.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, LiteralString
from urllib.parse import quote, unquote

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib import Graph as RdfGraph
from rdflib.plugins.serializers.nt import _nt_row  # the N-Triples escaping rdflib itself uses
from rdflib.term import Node

from graph.db import Graph
from graph.errors import InvalidInput, NotFound
from graph.model import Article, Entity, Evidence, GraphBatch, Relation
from graph.ontology import EntityType, Modality, RelationType
from graph.rdf_vocab import TK, WIKIDATA
from graph.writer import GraphWriter, WriteSummary

Triple = tuple[Node, Node, Node]
PAGE = 500  # entities (and their outgoing relationships) or articles per page


class RdfFormat(StrEnum):
    TTL = "ttl"
    JSONLD = "jsonld"
    NT = "nt"


MEDIA_TYPES: dict[RdfFormat, str] = {
    RdfFormat.TTL: "text/turtle",
    RdfFormat.JSONLD: "application/ld+json",
    RdfFormat.NT: "application/n-triples",
}
_RDFLIB_FORMAT = {RdfFormat.TTL: "turtle", RdfFormat.JSONLD: "json-ld", RdfFormat.NT: "nt"}
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


# ------------------------------------------------------------------ reading Neo4j by pages

ARTICLES_PAGE: LiteralString = """
MATCH (a:Article) WHERE a.id > $after AND ($ids IS NULL OR a.id IN $ids)
WITH a ORDER BY a.id LIMIT $limit
OPTIONAL MATCH (a)-[:MENTIONS]->(e:Entity) WHERE $entities IS NULL OR e.id IN $entities
RETURN a.id AS id, a.title AS title, a.url AS url, a.source AS source, a.published AS published,
       a.content_hash AS content_hash, a.relevance AS relevance, collect(e.id) AS mentions
ORDER BY id
"""

ENTITIES_PAGE: LiteralString = """
MATCH (e:Entity) WHERE e.id > $after AND ($ids IS NULL OR e.id IN $ids)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.country AS country,
       e.wikidata AS wikidata, e.first_seen AS first_seen, e.last_seen AS last_seen
ORDER BY e.id LIMIT $limit
"""

# Paged by subject: each page's relationships are bounded by its entities' degrees.
RELATIONS_PAGE: LiteralString = """
MATCH (s:Entity) WHERE s.id > $after AND ($ids IS NULL OR s.id IN $ids)
WITH s ORDER BY s.id LIMIT $limit
OPTIONAL MATCH (s)-[r]->(o:Entity) WHERE $ids IS NULL OR o.id IN $ids
RETURN s.id AS page_key, o.id AS object, type(r) AS type, r.negated AS negated,
       r.modality AS modality, r.role AS role, r.predicate AS predicate,
       r.confidence AS confidence, r.count AS count, r.source_count AS source_count,
       r.date AS date, r.evidence AS evidence, r.confidences AS confidences, r.dates AS dates
ORDER BY page_key
"""

NEIGHBOURS: LiteralString = """
MATCH (e:Entity)-[]-(n:Entity) WHERE e.id IN $ids
RETURN DISTINCT n.id AS id
"""

ENTITY_EXISTS: LiteralString = "MATCH (e:Entity {id: $id}) RETURN e.id AS id"


def _pages(
    graph: Graph, query: LiteralString, params: dict[str, Any], key: str = "id"
) -> Iterator[list[dict[str, Any]]]:
    after = ""
    while True:
        rows = graph.read(query, {**params, "after": after, "limit": PAGE})
        if not rows:
            return
        yield rows
        after = rows[-1][key]


def neighbourhood(graph: Graph, entity: str, depth: int) -> list[str]:
    """Ids of the entities within `depth` hops of `entity` (relations in either direction)."""
    if not graph.read(ENTITY_EXISTS, {"id": entity}):
        raise NotFound(f"no entity with id {entity!r}", id=entity)
    seen, frontier = {entity}, [entity]
    for _ in range(depth):
        found = {row["id"] for row in graph.read(NEIGHBOURS, {"ids": frontier})} - seen
        if not found:
            break
        seen |= found
        frontier = sorted(found)
    return sorted(seen)


# ------------------------------------------------------------------ rows to triples


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _lit(value: Any) -> Literal:
    value = _native(value)
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
    graph: Graph, base: str, entity: str | None = None, depth: int = 1
) -> Iterator[list[Triple]]:
    """The export, page by page: the whole graph, or `entity` and its `depth`-hop neighbourhood."""
    iris = Iris(base)
    scope = _Scope(neighbourhood(graph, entity, depth) if entity else None)
    if scope.entities is None:
        yield from _article_pages(graph, iris, None, None)
    for rows in _pages(graph, ENTITIES_PAGE, {"ids": scope.entities}):
        yield [t for row in rows for t in entity_triples(iris, row)]
    for rows in _pages(graph, RELATIONS_PAGE, {"ids": scope.entities}, key="page_key"):
        rels = [row for row in rows if row["type"] is not None]
        for row in rels:
            scope.articles.update(json.loads(raw)["article_id"] for raw in row["evidence"])
        yield [t for row in rels for t in relation_triples(iris, row)]
    if scope.entities is not None:
        yield from _article_pages(graph, iris, sorted(scope.articles), scope.entities)


def _article_pages(
    graph: Graph, iris: Iris, ids: list[str] | None, entities: list[str] | None
) -> Iterator[list[Triple]]:
    for rows in _pages(graph, ARTICLES_PAGE, {"ids": ids, "entities": entities}):
        yield [t for row in rows for t in article_triples(iris, row)]


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
) -> Iterator[str]:
    """The export as text chunks to write or stream in order."""
    base = (settings or RdfSettings()).rdf_base
    if entity is not None:
        neighbourhood(graph, entity, 0)  # fail with NotFound before the first chunk goes out
    return serialize_pages(triple_pages(graph, base, entity, depth), fmt)


def export_to_file(
    graph: Graph,
    fmt: RdfFormat,
    path: Path,
    entity: str | None = None,
    depth: int = 1,
    settings: RdfSettings | None = None,
) -> int:
    """Write the export to `path`; return the bytes written."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for chunk in export(graph, fmt, entity, depth, settings):
            written += out.write(chunk)
    return written


# ------------------------------------------------------------------ import


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


def parse_rdf(source: Path | str, fmt: RdfFormat, data: bool = False) -> RdfGraph:
    """Parse a file (or, with `data`, text) with rdflib."""
    with warnings.catch_warnings():
        # rdflib 7's own JSON-LD parser builds a ConjunctiveGraph, which rdflib deprecates.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        if data:
            return RdfGraph().parse(data=str(source), format=_RDFLIB_FORMAT[fmt])
        return RdfGraph().parse(str(source), format=_RDFLIB_FORMAT[fmt])


def read_triples(
    path: Path, fmt: RdfFormat | None = None, chunk_lines: int = 100_000
) -> Iterator[Triple]:
    """Triples of an RDF file; N-Triples in chunks of lines, the others parsed whole."""
    fmt = fmt or format_of(path)
    try:
        if fmt is not RdfFormat.NT:
            yield from parse_rdf(path, fmt)
            return
        with path.open(encoding="utf-8") as lines:
            chunk: list[str] = []
            for line in lines:
                chunk.append(line)
                if len(chunk) >= chunk_lines:
                    yield from parse_rdf("".join(chunk), fmt, data=True)
                    chunk = []
            yield from parse_rdf("".join(chunk), fmt, data=True)
    except (SyntaxError, ValueError) as exc:  # rdflib's parse errors derive from these
        raise InvalidInput(
            f"{path.name} is not valid RDF ({fmt.value}): {exc}", field="file"
        ) from exc


Props = dict[Node, list[Node]]


def collect(triples: Iterable[Triple]) -> dict[Node, Props]:
    nodes: dict[Node, Props] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        nodes[s][p].append(o)
    return nodes


def _one(props: Props, prop: Node) -> Any:
    values = props.get(prop)
    return values[0].toPython() if values and isinstance(values[0], Literal) else None


def _entity(node: Node, props: Props) -> Entity:
    types = [str(t).removeprefix(str(TK)) for t in props[RDF.type]]
    etype = next(EntityType(t) for t in types if t in EntityType.__members__.values())
    same = [str(o) for o in props.get(OWL.sameAs, []) if str(o).startswith(str(WIKIDATA))]
    return Entity(
        id=local_id(node, "entity"),
        name=str(props[RDFS.label][0]),
        type=etype,
        aliases=sorted(str(a) for a in props.get(SKOS.altLabel, [])),
        country=_one(props, TK.country),
        wikidata=same[0].removeprefix(str(WIKIDATA)) if same else None,
    )


def _article(node: Node, props: Props) -> Article:
    return Article(
        id=local_id(node, "article"),
        title=_one(props, RDFS.label) or "",
        url=_one(props, TK.url),
        source=_one(props, TK.source),
        published=_one(props, TK.published),
        content_hash=_one(props, TK.contentHash) or "",
        relevance=_one(props, TK.relevance) or 0.0,
    )


def _relations(st: Props, nodes: dict[Node, Props]) -> list[tuple[int, Relation]]:
    """One `Relation` per piece of evidence of a statement, with its position."""
    out = []
    rel_type = RelationType(str(st[RDF.predicate][0]).removeprefix(str(TK)))
    for ev_node in st.get(TK.evidence, []):
        ev = nodes[ev_node]
        evidence = Evidence(
            article_id=local_id(ev[TK.article][0], "article"),
            sentence=_one(ev, TK.sentence),
            start=_one(ev, TK.start),
            end=_one(ev, TK.end),
            date=_one(ev, TK.evidenceDate),
            source=_one(ev, TK.publisher),
        )
        out.append(
            (
                _one(ev, TK.position),
                Relation(
                    subject=local_id(st[RDF.subject][0], "entity"),
                    type=rel_type,
                    object=local_id(st[RDF.object][0], "entity"),
                    confidence=_one(ev, TK.confidence),
                    negated=bool(_one(st, TK.negated)),
                    modality=Modality(_one(st, TK.modality) or "asserted"),
                    date=_one(ev, TK.date),
                    role=_one(st, TK.role),
                    predicate=_one(st, TK.verb),
                    evidence=evidence,
                ),
            )
        )
    return out


@dataclass
class ImportSummary:
    articles: int = 0
    entities: int = 0
    statements: int = 0
    evidence: int = 0
    write: WriteSummary = field(default_factory=WriteSummary)


def import_rdf(
    graph: Graph, path: Path, fmt: RdfFormat | None = None, batch_documents: int = 500
) -> ImportSummary:
    """Read an export back into Neo4j through the one writer (apply the schema first)."""
    nodes = collect(read_triples(path, fmt))
    by_type: dict[Node, list[Node]] = defaultdict(list)
    for node, props in nodes.items():
        for t in props.get(RDF.type, []):
            by_type[t].append(node)
    articles = {a.id: a for a in (_article(n, nodes[n]) for n in by_type[TK.Article])}
    entities = {e.id: e for e in (_entity(n, nodes[n]) for n in by_type[TK.Entity])}
    summary = ImportSummary(
        articles=len(articles), entities=len(entities), statements=len(by_type[RDF.Statement])
    )
    writer = GraphWriter(graph)
    _write_chunked(
        writer, _mention_batches(nodes, by_type[TK.Article], entities), batch_documents, summary
    )
    rounds: dict[int, list[Relation]] = defaultdict(list)
    for st in by_type[RDF.Statement]:
        for position, relation in _relations(nodes[st], nodes):
            rounds[position].append(relation)
            summary.evidence += 1
    for position in sorted(rounds):  # evidence k of every statement before evidence k + 1
        batches = _relation_batches(rounds[position], articles)
        _write_chunked(writer, batches, batch_documents, summary)
    return summary


def _mention_batches(
    nodes: dict[Node, Props], article_nodes: list[Node], entities: dict[str, Entity]
) -> list[GraphBatch]:
    """Each article with the entities it mentions (the writer links and dates them)."""
    batches = []
    for node in article_nodes:
        article, props = _article(node, nodes[node]), nodes[node]
        mentioned = [entities[local_id(e, "entity")] for e in props.get(TK.mentions, [])]
        batches.append(GraphBatch(article=article, entities=mentioned, relations=[]))
    return batches


def _relation_batches(relations: list[Relation], articles: dict[str, Article]) -> list[GraphBatch]:
    by_article: dict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        by_article[relation.evidence.article_id].append(relation)
    missing = sorted(set(by_article) - set(articles))
    if missing:
        raise InvalidInput(
            f"evidence cites articles the file does not describe: {missing[:5]}", field="file"
        )
    return [
        GraphBatch(article=articles[a], entities=[], relations=rels)
        for a, rels in by_article.items()
    ]


def _write_chunked(
    writer: GraphWriter, batches: list[GraphBatch], size: int, summary: ImportSummary
) -> None:
    for start in range(0, len(batches), size):
        summary.write.add(writer.write(batches[start : start + size]))

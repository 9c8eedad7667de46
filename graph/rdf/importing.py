"""An RDF export read back into Neo4j through the one writer (see `graph.rdf` for the mapping).

The file is streamed into a `TripleStage` on disk, then written in three passes, a page of nodes
at a time: articles with the entities they mention; entities no article mentions; relations,
whose evidence goes in order of position (evidence k of every statement in a page before evidence
k + 1, in one writer call) so that each relationship's evidence lists, counts, confidence and
dates come out as they were. A node that cannot be read (an entity without a techkg type,
evidence citing an article the file does not describe, …) is reported and skipped; the rest
lands. Importing the same file twice changes nothing: the writer's upserts are idempotent.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import OWL, RDF, RDFS, SKOS, BNode, URIRef
from rdflib.term import Node

from graph.errors import InvalidInput
from graph.model import Article, Entity, Evidence, GraphBatch, Relation
from graph.ontology import EntityType, Modality, RelationType
from graph.rdf.formats import RdfFormat
from graph.rdf.reading import Problems, read_triples
from graph.rdf.staging import Props, TripleStage
from graph.rdf.terms import ProgressFn, local_id, no_progress
from graph.rdf.vocab import TK, WIKIDATA
from graph.store.db import Graph
from graph.store.writer import GraphWriter, WriteSummary

ARTICLE_PAGE = 500
ENTITY_PAGE = 2000
STATEMENT_PAGE = 2000
ENTITY_CACHE = 200_000


@dataclass
class ImportSummary:
    triples: int = 0
    articles: int = 0
    entities: int = 0
    statements: int = 0
    evidence: int = 0
    problems: Problems = field(default_factory=Problems)
    write: WriteSummary = field(default_factory=WriteSummary)


def import_rdf(
    graph: Graph,
    path: Path,
    fmt: RdfFormat | None = None,
    on_progress: ProgressFn = no_progress,
    workdir: Path | None = None,
) -> ImportSummary:
    """Read an export back into Neo4j (apply the schema first). The staging file goes in a
    temporary directory under `workdir` (default: the system's) and is removed afterwards."""
    summary = ImportSummary()
    with tempfile.TemporaryDirectory(prefix="techkg-rdf-", dir=workdir) as tmp:
        stage = TripleStage(Path(tmp) / "triples.sqlite")
        try:
            triples = read_triples(path, fmt, summary.problems)
            summary.triples = stage.add(triples, on_progress)
            on_progress("indexing", 0, None)
            stage.index()
            _Import(GraphWriter(graph), stage, summary, on_progress).run()
        finally:
            stage.close()
    return summary


@dataclass
class _Import:
    writer: GraphWriter
    stage: TripleStage
    summary: ImportSummary
    progress: ProgressFn
    mentioned: set[str] = field(default_factory=set)  # entity ids written with an article
    known: set[str] = field(default_factory=set)  # every entity id written (after its pass)
    bad: set[Node] = field(default_factory=set)  # nodes already reported
    cache: dict[Node, Entity] = field(default_factory=dict)

    def run(self) -> None:
        self.articles()
        self.entities()
        self.statements()

    def report(self, node: Node, message: str) -> None:
        if node not in self.bad:
            self.bad.add(node)
            self.summary.problems.report(f"<{node}>: {message}")

    def articles(self) -> None:
        total, done = self.stage.count(TK.Article), 0
        self.progress("articles", 0, total)
        for page in self.stage.subjects(TK.Article, ARTICLE_PAGE):
            nodes = self.stage.nodes(page)
            entities = self.mentioned_entities({m for n in page for m in nodes[n].get(TK.mentions, [])})
            batches = []
            for node in page:
                article = self.parse_article(node, nodes[node])
                if article is None:
                    continue
                found = [entities[m] for m in nodes[node].get(TK.mentions, []) if m in entities]
                batches.append(GraphBatch(article=article, entities=found, relations=[]))
                self.mentioned.update(e.id for e in found)
            self.summary.write.add(self.writer.write(batches))
            self.summary.articles += len(batches)
            done += len(page)
            self.progress("articles", done, total)

    def mentioned_entities(self, mentioned: set[Node]) -> dict[Node, Entity]:
        """The entities a page of articles mentions; kept across pages (popular entities are
        mentioned on most pages), up to ENTITY_CACHE of them."""
        if len(self.cache) > ENTITY_CACHE:  # at most a page over: memory stays bounded
            self.cache.clear()
        missing = mentioned - self.cache.keys()
        described = self.stage.nodes(missing)
        for node in missing - described.keys():
            self.report(node, "mentioned by an article but not described in the file")
        self.cache.update(self.parse_entities(described))
        return {node: self.cache[node] for node in mentioned if node in self.cache}

    def entities(self) -> None:
        total, done = self.stage.count(TK.Entity), 0
        self.progress("entities", 0, total)
        for page in self.stage.subjects(TK.Entity, ENTITY_PAGE):
            entities = self.parse_entities(self.stage.nodes(page))
            lonely = [e for e in entities.values() if e.id not in self.mentioned]
            if lonely:
                self.summary.write.add(self.writer.write_entities(lonely))
            self.known.update(e.id for e in entities.values())
            self.summary.entities += len(entities)
            done += len(page)
            self.progress("entities", done, total)

    def statements(self) -> None:
        total, done = self.stage.count(RDF.Statement), 0
        self.progress("relations", 0, total)
        for page in self.stage.subjects(RDF.Statement, STATEMENT_PAGE):
            statements = self.stage.nodes(page)
            evidence = self.stage.nodes(e for n in page for e in statements[n].get(TK.evidence, []))
            cited = {a for ev in evidence.values() for a in ev.get(TK.article, [])[:1]}
            articles = {}
            for node, props in self.stage.nodes(cited, without=TK.mentions).items():
                article = self.parse_article(node, props)
                if article is not None:
                    articles[article.id] = article
            pieces = []
            for node in page:
                found = self.parse_relations(node, statements[node], evidence, articles)
                pieces.extend(found)
                self.summary.statements += bool(found)
            self.summary.evidence += len(pieces)
            self.summary.write.add(self.writer.write(evidence_batches(pieces, articles)))
            done += len(page)
            self.progress("relations", done, total)

    def parse_entities(self, nodes: dict[Node, Props]) -> dict[Node, Entity]:
        out = {}
        for node, props in nodes.items():
            try:
                out[node] = entity_of(node, props)
            except (InvalidInput, ValidationError) as exc:
                self.report(node, _reason(exc))
        return out

    def parse_article(self, node: Node, props: Props) -> Article | None:
        try:
            return article_of(node, props)
        except (InvalidInput, ValidationError) as exc:
            self.report(node, _reason(exc))
            return None

    def parse_relations(
        self,
        node: Node,
        props: Props,
        evidence: dict[Node, Props],
        articles: dict[str, Article],
    ) -> list[tuple[int, Relation]]:
        try:
            return relations_of(node, props, evidence, articles, self.known)
        except (InvalidInput, ValidationError) as exc:
            self.report(node, _reason(exc))
            return []


def _reason(exc: InvalidInput | ValidationError) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return exc.message


# ------------------------------------------------------------------ nodes to the model


def _one(props: Props, prop: URIRef) -> Any:
    """The first literal value of `prop` (None when absent or not a literal)."""
    values = props.get(prop)
    return values[0] if values and not isinstance(values[0], (URIRef, BNode)) else None


def _iri(props: Props, prop: URIRef, what: str) -> URIRef:
    values = [v for v in props.get(prop, []) if isinstance(v, URIRef)]
    if not values:
        raise InvalidInput(f"no {what} ({prop})", field=str(prop))
    return values[0]


def entity_of(node: Node, props: Props) -> Entity:
    names = {str(t).removeprefix(str(TK)) for t in props.get(RDF.type, [])}
    types = sorted(t for t in EntityType if t.value in names)
    if not types:
        known = ", ".join(f"tk:{t}" for t in EntityType)
        raise InvalidInput(f"no techkg entity type (one of {known})", field="rdf:type")
    label = _one(props, RDFS.label)
    same = [str(o) for o in props.get(OWL.sameAs, []) if str(o).startswith(str(WIKIDATA))]
    return Entity(
        id=local_id(node, "entity"),
        name=str(label) if label is not None else "",
        type=types[0],
        aliases=sorted(str(a) for a in props.get(SKOS.altLabel, [])),
        country=_one(props, TK.country),
        wikidata=same[0].removeprefix(str(WIKIDATA)) if same else None,
    )


def article_of(node: Node, props: Props) -> Article:
    return Article(
        id=local_id(node, "article"),
        title=_one(props, RDFS.label) or "",
        url=_one(props, TK.url),
        source=_one(props, TK.source),
        published=_one(props, TK.published),
        content_hash=_one(props, TK.contentHash) or "",
        relevance=_one(props, TK.relevance) or 0.0,
    )


def relations_of(
    node: Node,
    st: Props,
    evidence: dict[Node, Props],
    articles: dict[str, Article],
    known: set[str],
) -> list[tuple[int, Relation]]:
    """One `Relation` per piece of evidence of a statement, with its position."""
    predicate = str(_iri(st, RDF.predicate, "rdf:predicate")).removeprefix(str(TK))
    if predicate not in RelationType.__members__.values():
        raise InvalidInput(f"rdf:predicate {predicate!r} is not a techkg relation type")
    subject = local_id(_iri(st, RDF.subject, "rdf:subject"), "entity")
    obj = local_id(_iri(st, RDF.object, "rdf:object"), "entity")
    for end in (subject, obj):
        if end not in known:
            raise InvalidInput(f"{end} is not an entity the file describes")
    out = []
    for index, ev_node in enumerate(st.get(TK.evidence, [])):
        ev = evidence.get(ev_node, {})
        article_id = local_id(_iri(ev, TK.article, "tk:article of its evidence"), "article")
        if article_id not in articles:
            raise InvalidInput(f"evidence cites article {article_id!r}, which the file does not describe")
        position = _one(ev, TK.position)
        relation = Relation(
            subject=subject,
            type=RelationType(predicate),
            object=obj,
            confidence=_one(ev, TK.confidence),
            negated=bool(_one(st, TK.negated)),
            modality=Modality(_one(st, TK.modality) or "asserted"),
            date=_one(ev, TK.date),
            role=_one(st, TK.role),
            predicate=_one(st, TK.verb),
            evidence=Evidence(
                article_id=article_id,
                sentence=_one(ev, TK.sentence),
                start=_one(ev, TK.start),
                end=_one(ev, TK.end),
                date=_one(ev, TK.evidenceDate),
                source=_one(ev, TK.publisher),
            ),
        )
        out.append((position if isinstance(position, int) else index, relation))
    return out


def evidence_batches(
    pieces: Iterable[tuple[int, Relation]], articles: dict[str, Article]
) -> list[GraphBatch]:
    """Evidence k of every statement before evidence k + 1 (the writer appends in the order of
    its batches), and within a position one batch per article."""
    rounds: dict[int, dict[str, list[Relation]]] = defaultdict(lambda: defaultdict(list))
    for position, relation in pieces:
        rounds[position][relation.evidence.article_id].append(relation)
    return [
        GraphBatch(article=articles[article_id], entities=[], relations=relations)
        for position in sorted(rounds)
        for article_id, relations in rounds[position].items()
    ]

"""The one writer: everything that lands in Neo4j goes through `GraphWriter.write`.

Rows are grouped by label or relationship type (taken from the ontology enums, the only strings
ever formatted into Cypher) and written with `UNWIND $rows … MERGE` in managed transactions,
which the driver retries on transient errors. Writing the same batch twice changes nothing:
evidence is keyed by article, offsets and sentence, and only new keys are appended.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, LiteralString

from graph.model import Entity, GraphBatch, Relation
from graph.ontology import EntityType, RelationType
from graph.store.db import Statements, batched

if TYPE_CHECKING:
    import neo4j

UPSERT_ARTICLES: LiteralString = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row
"""

# Aliases are kept sorted, so that neither they nor alias_text depend on the order documents came in.
_UPSERT_ENTITIES = """
UNWIND $rows AS row
MERGE (e:Entity:{label} {{id: row.id}})
ON CREATE SET e.name = row.name, e.type = row.type, e.first_seen = row.first
WITH e, row,
     COLLECT {{ UNWIND coalesce(e.aliases, []) + row.aliases AS a RETURN DISTINCT a ORDER BY a }} AS aliases
SET e.aliases = aliases,
    e.alias_text = reduce(s = e.name, a IN aliases | s + ' | ' + a),
    e.country = coalesce(e.country, row.country),
    e.wikidata = coalesce(e.wikidata, row.wikidata),
    e.first_seen = {e_first_seen},
    e.last_seen = {e_last_seen}
"""

LINK_MENTIONS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (e:Entity {id: row.entity})
MERGE (a)-[:MENTIONS]->(e)
"""

# One relationship per (subject, type, object, negated); evidence accumulates on it as
# parallel lists so that a document's own evidence can later be found and replaced. Each row
# carries every new piece of evidence for one relationship (grouped in Python), and everything
# the SET writes is computed in the WITHs before it from the old values, so no clause reads what
# another wrote and the statement needs no eager materialization between its writes.
#
# What is aggregated over the evidence is computed from all of it, never from arrival order:
# `sources` holds, for each distinct sentence, the publisher that carried it first (earliest
# date, then name), sorted, so a verbatim copy elsewhere is not a new source; `confidence`
# multiplies the misses in sorted order (floating point products depend on order). `recompute`
# below holds the same rules.
_UPSERT_RELATIONS = """
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
MERGE (s)-[r:{rel_type} {{negated: row.negated}}]->(o)
WITH r, row, coalesce(r.evidence_keys, []) AS old_keys
WITH r, row, old_keys,
     [i IN range(0, size(row.keys) - 1) WHERE NOT row.keys[i] IN old_keys] AS fresh
WHERE size(fresh) > 0
WITH r, row, fresh, old_keys,
     coalesce(r.sentence_hashes, []) + [i IN fresh | row.hashes[i]] AS hashes,
     coalesce(r.dates, []) + [i IN fresh | row.dates[i]] AS dates,
     coalesce(r.evidence_sources, []) + [i IN fresh | row.sources[i]] AS publishers,
     coalesce(r.confidences, []) + [i IN fresh | row.confidences[i]] AS confidences
WITH r, row, fresh, old_keys, hashes, dates, publishers, confidences,
     COLLECT {{
       UNWIND range(0, size(hashes) - 1) AS i
       WITH hashes[i] AS hash, CASE dates[i] WHEN '' THEN '~' ELSE dates[i] END AS day,
            publishers[i] AS publisher
       ORDER BY day, publisher
       WITH hash, head(collect(publisher)) AS origin
       RETURN DISTINCT origin ORDER BY origin
     }} AS sources,
     reduce(p = 1.0, c IN COLLECT {{ UNWIND confidences AS c RETURN c ORDER BY c }} | p * (1.0 - c))
       AS miss
SET r.evidence_keys = old_keys + [i IN fresh | row.keys[i]],
    r.evidence = coalesce(r.evidence, []) + [i IN fresh | row.evidence[i]],
    r.articles = coalesce(r.articles, []) + [i IN fresh | row.articles[i]],
    r.dates = dates,
    r.confidences = confidences,
    r.sentence_hashes = hashes,
    r.evidence_sources = publishers,
    r.sources = sources,
    r.count = size(old_keys) + size(fresh),
    r.source_count = size(sources),
    r.confidence = 1.0 - miss,
    r.modality = row.modality,
    r.role = coalesce(row.role, r.role),
    r.predicate = coalesce(row.predicate, r.predicate),
    r.date = {r_date},
    r.first_seen = {r_first_seen},
    r.last_seen = {r_last_seen}
"""


# An article counts as ingested once `ingested_hash` is set, in the transaction that writes
# everything it contributes; the ingest reads these marks to skip unchanged documents (and to
# replace articles a writer without marks, or an older techkg, left unmarked). The evidence
# removal reads the same rows for the report dates of the articles that remain.
ARTICLE_MARKS: LiteralString = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.ingested_hash AS hash, a.published AS published
"""

MARK_INGESTED: LiteralString = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a.ingested_hash = row.hash
"""


def _kept(order: LiteralString, stored: LiteralString, new: LiteralString) -> LiteralString:
    """Cypher for the earlier ("<") or later (">") of a stored and a new value; a missing new
    value keeps the stored one."""
    return (f"CASE WHEN {new} IS NOT NULL AND ({stored} IS NULL OR {new} {order} {stored}) "
            f"THEN {new} ELSE {stored} END")


def upsert_entities_query(entity_type: EntityType) -> LiteralString:
    return _UPSERT_ENTITIES.format(
        label=EntityType(entity_type).value,
        e_first_seen=_kept("<", "e.first_seen", "row.first"),
        e_last_seen=_kept(">", "e.last_seen", "row.last"),
    )


def upsert_relations_query(relation_type: RelationType) -> LiteralString:
    return _UPSERT_RELATIONS.format(
        rel_type=RelationType(relation_type).value,
        r_date=_kept("<", "r.date", "row.date"),
        r_first_seen=_kept("<", "r.first_seen", "row.first"),
        r_last_seen=_kept(">", "r.last_seen", "row.last"),
    )


@dataclass
class WriteSummary:
    articles: int = 0
    entities: int = 0
    relations: int = 0
    statements: int = 0
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, other: WriteSummary) -> None:
        self.articles += other.articles
        self.entities += other.entities
        self.relations += other.relations
        self.statements += other.statements
        for key, value in other.counters.items():
            self.counters[key] += value
        for key, secs in other.seconds.items():
            self.seconds[key] += secs

    def add_counters(self, result: neo4j.ResultSummary) -> None:
        """One more statement, and what Neo4j says it changed (nodes_created, …)."""
        self.statements += 1
        for key, value in vars(result.counters).items():
            if isinstance(value, int) and not isinstance(value, bool) and value:
                self.counters[key.lstrip("_")] += value


def evidence_key(relation: Relation) -> str:
    ev = relation.evidence
    raw = f"{ev.article_id}\x00{ev.start}\x00{ev.end}\x00{ev.sentence}"
    return hashlib.sha1(raw.encode()).hexdigest()


def relation_row(relation: Relation, reported: date | None) -> dict[str, Any]:
    ev = relation.evidence
    return {
        "subject": relation.subject,
        "object": relation.object,
        "negated": relation.negated,
        "key": evidence_key(relation),
        "evidence": json.dumps(ev.model_dump(mode="json"), ensure_ascii=False),
        "article": ev.article_id,
        "date": relation.date,
        "date_text": relation.date.isoformat() if relation.date else "",
        "reported": reported,
        "sentence_hash": hashlib.sha1(" ".join(ev.sentence.lower().split()).encode()).hexdigest(),
        "source": ev.source or "unknown",
        "confidence": relation.confidence,
        "modality": relation.modality.value,
        "role": relation.role,
        "predicate": relation.predicate,
    }


def entity_row(entity: Entity, seen: Any) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type.value,
        "aliases": entity.aliases,
        "country": entity.country,
        "wikidata": entity.wikidata,
        "first": seen,
        "last": seen,
    }


class GraphWriter:
    """Batched, idempotent upserts of `GraphBatch`es. Apply the schema before the first write.

    Over a `Graph` each statement commits on its own; over a `Transaction` (`Graph.in_transaction`)
    nothing shows until the whole unit commits."""

    def __init__(self, graph: Statements, batch_size: int = 2000) -> None:
        self.graph = graph
        self.batch_size = batch_size

    def write(self, batches: Iterable[GraphBatch]) -> WriteSummary:
        batches = list(batches)
        summary = WriteSummary()
        articles = [b.article.model_dump(exclude_none=True) for b in batches]
        self._run("articles", UPSERT_ARTICLES, articles, summary)
        by_label: dict[EntityType, dict[str, dict[str, Any]]] = defaultdict(dict)
        mentions = []
        for batch in batches:
            for entity in batch.entities:
                by_label[entity.type][entity.id] = _merge_rows(
                    by_label[entity.type].get(entity.id),
                    entity_row(entity, batch.article.published),
                )
                mentions.append({"article": batch.article.id, "entity": entity.id})
        for entity_type, rows in sorted(by_label.items()):
            self._run("entities", upsert_entities_query(entity_type), list(rows.values()), summary)
        self._run("mentions", LINK_MENTIONS, mentions, summary)
        by_type: dict[RelationType, list[dict[str, Any]]] = defaultdict(list)
        for batch in batches:
            for relation in batch.relations:
                by_type[relation.type].append(relation_row(relation, batch.article.published))
        for relation_type, rel_rows in sorted(by_type.items()):
            grouped = group_evidence(rel_rows)
            self._run("relations", upsert_relations_query(relation_type), grouped, summary)
        summary.articles = len(articles)
        summary.entities = sum(len(rows) for rows in by_label.values())
        summary.relations = sum(len(rows) for rows in by_type.values())
        return summary

    def write_entities(self, entities: Iterable[Entity]) -> WriteSummary:
        """Entities on their own, mentioned by no article (an RDF import's isolated nodes)."""
        summary = WriteSummary()
        by_label: dict[EntityType, dict[str, dict[str, Any]]] = defaultdict(dict)
        for entity in entities:
            rows = by_label[entity.type]
            rows[entity.id] = _merge_rows(rows.get(entity.id), entity_row(entity, None))
        for entity_type, rows in sorted(by_label.items()):
            self._run("entities", upsert_entities_query(entity_type), list(rows.values()), summary)
        summary.entities = sum(len(rows) for rows in by_label.values())
        return summary

    def remove_article_evidence(self, article_ids: Sequence[str]) -> WriteSummary:
        """Take these articles' evidence off every relationship (recomputing count,
        source_count, confidence, date and first/last seen from what is left), delete
        relationships left with none, unlink their MENTIONS and delete entities left with no
        relationship at all. The Article nodes stay. Assumes one writer at a time."""
        return remove_article_evidence(self, article_ids)

    def ingested_hashes(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """The content hash each of these articles was last fully ingested with (None when its
        last ingest did not finish); articles not in the graph are left out."""
        rows = self.graph.read(ARTICLE_MARKS, {"ids": list(article_ids)})
        return {row["id"]: row["hash"] for row in rows}

    def mark_ingested(self, batches: Sequence[GraphBatch]) -> None:
        rows = [{"id": b.article.id, "hash": b.article.content_hash} for b in batches]
        self.graph.write(MARK_INGESTED, {"rows": rows})

    def _run(
        self,
        phase: str,
        query: LiteralString,
        rows: Sequence[dict[str, Any]],
        summary: WriteSummary,
    ) -> None:
        for chunk in batched(rows, self.batch_size):
            began = time.perf_counter()
            result = self.graph.write(query, {"rows": chunk})
            summary.seconds[phase] += time.perf_counter() - began
            summary.add_counters(result)


def _merge_rows(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Two mentions of one entity in a batch become one row (MERGE must not race itself)."""
    if old is None:
        return new
    old["aliases"] = sorted(set(old["aliases"]) | set(new["aliases"]))
    old["country"] = old["country"] or new["country"]
    old["wikidata"] = old["wikidata"] or new["wikidata"]
    old["first"] = _earliest(old["first"], new["first"])
    old["last"] = _latest(old["last"], new["last"])
    return old


def group_evidence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per relationship with its evidence as parallel lists (a repeated key once):
    a relationship must appear once per statement, or its rows would race each other."""
    groups: dict[tuple[str, str, bool], dict[str, Any]] = {}
    for row in rows:
        key = (row["subject"], row["object"], row["negated"])
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "subject": row["subject"],
                "object": row["object"],
                "negated": row["negated"],
                "keys": [],
                "evidence": [],
                "articles": [],
                "dates": [],
                "hashes": [],
                "sources": [],
                "confidences": [],
                "date": None,
                "first": None,
                "last": None,
                "modality": row["modality"],
                "role": None,
                "predicate": None,
            }
        if row["key"] in group["keys"]:
            continue
        for name, value in (
            ("keys", row["key"]),
            ("evidence", row["evidence"]),
            ("articles", row["article"]),
            ("dates", row["date_text"]),
            ("hashes", row["sentence_hash"]),
            ("sources", row["source"]),
            ("confidences", row["confidence"]),
        ):
            group[name].append(value)
        group["date"] = _earliest(group["date"], row["date"])
        group["first"] = _earliest(group["first"], row["reported"])
        group["last"] = _latest(group["last"], row["reported"])
        group["modality"] = row["modality"]
        group["role"] = row["role"] or group["role"]
        group["predicate"] = row["predicate"] or group["predicate"]
    return list(groups.values())


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


# ---------------------------------------------------------------- replacing a document's evidence

FIND_ARTICLE_EVIDENCE: LiteralString = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[:MENTIONS]->(:Entity)-[r]->(:Entity)
WHERE id IN r.articles
RETURN DISTINCT elementId(r) AS rid, r.evidence_keys AS keys, r.evidence AS evidence,
       r.articles AS articles, r.dates AS dates, r.sentence_hashes AS hashes,
       r.confidences AS confidences
"""

UPDATE_EVIDENCE: LiteralString = """
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.rid
SET r.evidence_keys = row.keys, r.evidence = row.evidence, r.articles = row.articles,
    r.dates = row.dates, r.sentence_hashes = row.hashes, r.confidences = row.confidences,
    r.evidence_sources = row.publishers, r.sources = row.sources, r.count = row.count,
    r.source_count = row.source_count,
    r.confidence = row.confidence, r.date = row.date,
    r.first_seen = row.first_seen, r.last_seen = row.last_seen
"""

DELETE_RELATIONSHIPS: LiteralString = """
UNWIND $rids AS rid
MATCH ()-[r]->() WHERE elementId(r) = rid
DELETE r
"""

MENTIONED: LiteralString = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[:MENTIONS]->(e:Entity)
RETURN DISTINCT e.id AS entity
"""

UNLINK_MENTIONS: LiteralString = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[m:MENTIONS]->(:Entity)
DELETE m
"""

DELETE_ORPHANS: LiteralString = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT (e)--()
DETACH DELETE e
"""

_PARALLEL = ("keys", "evidence", "articles", "dates", "hashes", "confidences")


def origins(hashes: Sequence[str], dates: Sequence[str], publishers: Sequence[str]) -> list[str]:
    """The sorted publishers that carried some sentence first (earliest date, undated last, then
    name): the rule `_UPSERT_RELATIONS` applies in Cypher."""
    first: dict[str, tuple[str, str]] = {}
    for sentence_hash, day, publisher in zip(hashes, dates, publishers, strict=False):
        key = (day or "~", publisher)
        first[sentence_hash] = min(first.get(sentence_hash, key), key)
    return sorted({publisher for _, publisher in first.values()})


def combined_confidence(confidences: Iterable[float]) -> float:
    """1 - the product of the misses, in sorted order like `_UPSERT_RELATIONS`."""
    miss = 1.0
    for confidence in sorted(confidences):
        miss = miss * (1.0 - confidence)
    return 1.0 - miss


def recompute(
    row: dict[str, Any], removed: set[str], published: dict[str, date | None]
) -> dict[str, Any] | None:
    """What the relationship holds once `removed` articles' evidence is gone, aggregated by the
    same rules as `_UPSERT_RELATIONS`; None when no evidence is left."""
    keep = [i for i, article in enumerate(row["articles"]) if article not in removed]
    if not keep:
        return None
    out: dict[str, Any] = {"rid": row["rid"]}
    for name in _PARALLEL:
        values = row[name] or []
        out[name] = [values[i] for i in keep if i < len(values)]
    # From the evidence itself: graphs written before `evidence_sources` existed lack the list.
    out["publishers"] = [json.loads(e).get("source") or "unknown" for e in out["evidence"]]
    sources = origins(out["hashes"], out["dates"], out["publishers"])
    fact_dates = [date.fromisoformat(d) for d in out["dates"] if d]
    reported = [d for d in (published.get(a) for a in out["articles"]) if d is not None]
    out.update(
        sources=sources,
        count=len(out["keys"]),
        source_count=len(sources),
        confidence=combined_confidence(out["confidences"]),
        date=min(fact_dates, default=None),
        first_seen=min(reported, default=None),
        last_seen=max(reported, default=None),
    )
    return out


def remove_article_evidence(writer: GraphWriter, article_ids: Sequence[str]) -> WriteSummary:
    """What was taken off is in the summary's counters: relationships updated and deleted,
    mentions unlinked, entities left without relationships deleted."""
    summary = WriteSummary()
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return summary
    removed = set(ids)
    rows = writer.graph.read(FIND_ARTICLE_EVIDENCE, {"ids": ids})
    remaining = sorted({a for row in rows for a in row["articles"] if a not in removed})
    published = {
        r["id"]: r["published"]
        for r in writer.graph.read(ARTICLE_MARKS, {"ids": remaining})
    }
    updates: list[dict[str, Any]] = []
    deletions: list[str] = []
    for row in rows:
        new = recompute(row, removed, published)
        if new is None:
            deletions.append(row["rid"])
        else:
            updates.append(new)
    mentioned = sorted({row["entity"] for row in writer.graph.read(MENTIONED, {"ids": ids})})
    for query, key, values in (
        (UPDATE_EVIDENCE, "rows", updates),
        (DELETE_RELATIONSHIPS, "rids", deletions),
        (UNLINK_MENTIONS, "ids", ids),
        (DELETE_ORPHANS, "ids", mentioned),
    ):
        for chunk in batched(values, writer.batch_size):
            summary.add_counters(writer.graph.write(query, {key: chunk}))
    summary.counters["relationships_updated"] += len(updates)
    return summary

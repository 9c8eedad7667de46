"""Writer throughput: the batched UNWIND MERGE writer against one statement per relation.

    .venv/bin/python tests/benchmarks/bench_writer.py [--relations 100000] [--single 2000]

Starts its own local Neo4j on free ports in a temporary directory (or uses NEO4J_URI), writes a
synthetic graph of N relations through GraphWriter, then writes `--single` relations one
statement each, and prints relationships per second for both.
"""

from __future__ import annotations

import argparse
import random
import socket
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from graph.model import Article, Entity, Evidence, GraphBatch, Relation, entity_id
from graph.ontology import EntityType, RelationType
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import Graph, connect
from graph.store.schema import apply_schema
from graph.store.writer import GraphWriter, group_evidence, relation_row, upsert_relations_query

TYPES = [t for t in EntityType]
RELS = [t for t in RelationType if t is not RelationType.RELATED_TO]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def synthetic(n_relations: int, n_entities: int, per_doc: int, seed: int = 7) -> list[GraphBatch]:
    """Documents of `per_doc` random relations among `n_entities` entities; ids depend on seed."""
    rng = random.Random(seed)
    entities = []
    for i in range(n_entities):
        etype = TYPES[i % len(TYPES)]
        name = f"Entity {i}"
        entities.append(Entity(id=entity_id(etype, name), name=name, type=etype, aliases=[f"E{i}"]))
    batches = []
    day0 = date(2018, 1, 1)
    for d in range(n_relations // per_doc):
        published = day0 + timedelta(days=d % 2900)
        article = Article(
            id=f"doc-{seed}-{d}",
            title=f"Doc {d}",
            content_hash=str(d),
            published=published,
            source=f"source{d % 50}.example.org",
        )
        used: dict[str, Entity] = {}
        relations = []
        for k in range(per_doc):
            s, o = rng.sample(entities, 2)
            used[s.id], used[o.id] = s, o
            sentence = f"Sentence {k} of document {d}."
            relations.append(
                Relation(
                    subject=s.id,
                    type=rng.choice(RELS),
                    object=o.id,
                    confidence=rng.random(),
                    date=published,
                    evidence=Evidence(
                        article_id=article.id,
                        sentence=sentence,
                        start=k * 40,
                        end=k * 40 + 30,
                        date=published,
                        source=article.source,
                    ),
                )
            )
        batches.append(
            GraphBatch(article=article, entities=list(used.values()), relations=relations)
        )
    return batches


def write_one_by_one(graph: Graph, batches: list[GraphBatch], limit: int) -> int:
    done = 0
    for batch in batches:
        for relation in batch.relations:
            row = relation_row(relation, batch.article.published)
            graph.write(upsert_relations_query(relation.type), {"rows": group_evidence([row])})
            done += 1
            if done >= limit:
                return done
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--per-doc", type=int, default=20)
    parser.add_argument("--single", type=int, default=2_000, help="relations written one by one")
    args = parser.parse_args()

    settings = Neo4jSettings()
    home = Path(tempfile.mkdtemp(prefix="techkg-bench-"))
    local = LocalServerSettings(
        home=home, bolt_port=free_port(), http_port=free_port(), heap="1g", pagecache="512m"
    )
    if settings.uri is None:
        print(f"starting a local Neo4j in {home} …")
        server.start(local, settings.password.get_secret_value())
    graph = connect(settings, local)
    try:
        graph.write("MATCH (n) DETACH DELETE n")
        apply_schema(graph)
        batches = synthetic(args.relations, args.entities, args.per_doc)
        # Neo4j plans each statement once and caches it; a small first write pays for that, so
        # the figure below is the steady-state rate a long ingest sees.
        began = time.perf_counter()
        GraphWriter(graph, batch_size=5000).write(synthetic(2000, args.entities, args.per_doc, 5))
        print(f"warm-up write (plans compiled): {time.perf_counter() - began:.1f}s")
        began = time.perf_counter()
        summary = GraphWriter(graph, batch_size=5000).write(batches)
        batched = time.perf_counter() - began
        print(
            f"batched writer: {summary.relations:,} relations, {summary.entities:,} entity rows, "
            f"{summary.statements} statements in {batched:.1f}s = "
            f"{summary.relations / batched:,.0f} relationships/s"
        )
        print(
            "  seconds by phase: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items())
        )
        # Fresh evidence on the same entities, so each single write appends like a batched one.
        singles = synthetic(args.single, args.entities, args.per_doc, seed=11)
        began = time.perf_counter()
        n = write_one_by_one(graph, singles, args.single)
        single = time.perf_counter() - began
        print(
            f"one statement per relation: {n:,} relations in {single:.1f}s = "
            f"{n / single:,.0f} relationships/s"
        )
        print(f"speed-up: {(summary.relations / batched) / (n / single):.0f}x")
    finally:
        graph.close()
        if settings.uri is None:
            server.stop(local)


if __name__ == "__main__":
    main()

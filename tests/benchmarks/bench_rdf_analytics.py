"""RDF export/import rates and analytics times on the synthetic graph of the API benchmark.

    .venv/bin/python tests/benchmarks/bench_rdf_analytics.py [--relations 1000000] [--formats nt,ttl]

Starts its own local Neo4j on free ports in a temporary directory, loads the graph of
bench_api (`--relations` over `--entities`, in steps) through GraphWriter, then prints the seconds
each analytics measure takes on the whole graph (first call, uncached), export triples per second
per format, and the N-Triples import rate into a second, empty Neo4j, with the time of each of its
phases and a check that the imported graph has the same counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.analytics import cache, competition, measures
from graph.rdf import RdfFormat, export, import_rdf, parse_rdf, write_export
from graph.read.filters import RelationFilter
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import Graph, connect
from graph.store.schema import apply_schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import load_graph
from bench_writer import free_port

COUNTS = """
CALL { MATCH (a:Article) RETURN count(a) AS articles }
CALL { MATCH (e:Entity) RETURN count(e) AS entities }
CALL { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships, sum(r.count) AS evidence }
CALL { MATCH (:Article)-[m:MENTIONS]->() RETURN count(m) AS mentions }
RETURN articles, entities, relationships, evidence, mentions
"""


def timed(label: str, fn: Callable[[], Any]) -> Any:
    began = time.perf_counter()
    value = fn()
    print(f"  {label:<28} {time.perf_counter() - began:8.1f}s")
    return value


def count_triples(path: Path, fmt: RdfFormat) -> int:
    if fmt is RdfFormat.NT:
        with path.open(encoding="utf-8") as f:
            return sum(1 for line in f if line.strip())
    return len(parse_rdf(path, fmt))


def bench_export(graph: Graph, formats: list[RdfFormat], workdir: Path) -> Path:
    for fmt in formats:
        path = workdir / f"all.{fmt.value}"
        began = time.perf_counter()
        size = write_export(path, export(graph, fmt))
        seconds = time.perf_counter() - began
        triples = count_triples(path, fmt)
        print(f"export {fmt.value:<6} {triples:,} triples, {size / 1e6:,.0f} MB in {seconds:.1f}s"
              f" = {triples / seconds:,.0f} triples/s", flush=True)
    nt_path = workdir / "all.nt"
    if RdfFormat.NT not in formats:
        write_export(nt_path, export(graph, RdfFormat.NT))
    return nt_path


def bench_import(graph: Graph, nt_path: Path, workdir: Path) -> None:
    marks: dict[str, float] = {}

    def phase(name: str, done: int, total: int | None) -> None:
        marks.setdefault(name, time.perf_counter())

    began = time.perf_counter()
    summary = import_rdf(graph, nt_path, on_progress=phase, workdir=workdir)
    ended = time.perf_counter()
    seconds = ended - began
    print(f"import nt     {summary.triples:,} triples ({summary.statements:,} relations, "
          f"{summary.evidence:,} evidence, {summary.problems.count} problems) in {seconds:.1f}s"
          f" = {summary.triples / seconds:,.0f} triples/s", flush=True)
    starts = list(marks.items())
    ends = [start for _, start in starts[1:]] + [ended]
    for (name, start), end in zip(starts, ends, strict=True):
        print(f"  {name:<28} {end - start:8.1f}s")
    neo4j = ", ".join(f"{k} {v:.1f}s" for k, v in summary.write.seconds.items())
    print(f"  (of which in Neo4j: {neo4j})")


def bench_analytics(graph: Graph) -> None:
    cache.CACHE.clear()
    f = RelationFilter()
    p = timed("projection into networkx", lambda: measures.project(graph, f))
    print(f"  ({p.size.nodes:,} nodes, {p.size.edges:,} edges)")
    timed("pagerank", lambda: measures.pagerank_of(p))
    timed("betweenness (sampled)", lambda: measures.betweenness_of(p))
    timed("degree by type", lambda: measures.degree_by_type_of(p))
    timed("louvain communities", lambda: measures.communities_of(p))
    timed("k-core", lambda: measures.kcore_of(p))
    timed("bridges + articulation", lambda: measures.chokepoints_of(p))
    timed("competition view (total)", lambda: competition.competition(graph, f))
    timed("action → response (total)", lambda: competition.action_responses(graph))
    timed("cached pagerank (total)", lambda: measures.pagerank(graph, f))
    timed("cached pagerank (hit)", lambda: measures.pagerank(graph, f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--formats", default="nt")
    parser.add_argument("--skip-analytics", action="store_true")
    args = parser.parse_args()
    formats = [RdfFormat(f) for f in args.formats.split(",")]

    password = Neo4jSettings().password.get_secret_value()
    home = Path(tempfile.mkdtemp(prefix="techkg-bench-rdf-"))

    def local(name: str) -> LocalServerSettings:
        return LocalServerSettings(home=home / name, bolt_port=free_port(),
                                   http_port=free_port(), heap="2g", pagecache="1g")

    source = local("source")
    print(f"starting a local Neo4j in {source.home} …", flush=True)
    server.start(source, password)
    try:
        settings = Neo4jSettings(uri=source.bolt_uri)
        began = time.perf_counter()
        load_graph(args.relations, args.entities, settings, source)
        print(f"loaded in {time.perf_counter() - began:.1f}s", flush=True)
        graph = connect(settings, source)
        try:
            before = graph.read(COUNTS)[0]
            print(f"graph: {before}", flush=True)
            if not args.skip_analytics:
                print("analytics on the synthetic graph:")
                bench_analytics(graph)
            nt_path = bench_export(graph, formats, home)
        finally:
            graph.close()
    finally:
        server.stop(source)
    target = local("target")
    server.start(target, password)
    try:
        graph = connect(Neo4jSettings(uri=target.bolt_uri), target)
        try:
            apply_schema(graph)
            bench_import(graph, nt_path, home)
            after = graph.read(COUNTS)[0]
            print(f"imported graph: {after} — {'same counts' if after == before else 'DIFFERENT'}")
        finally:
            graph.close()
    finally:
        server.stop(target)


if __name__ == "__main__":
    main()

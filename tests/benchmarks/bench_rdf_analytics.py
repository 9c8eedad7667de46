"""RDF export/import rates and analytics times on the synthetic graph of bench_writer.

    .venv/bin/python tests/benchmarks/bench_rdf_analytics.py [--relations 1000000] [--formats nt,ttl]

Starts its own local Neo4j on free ports in a temporary directory (or uses NEO4J_URI, which it
WIPES), writes `synthetic()` through GraphWriter, then prints: export triples per second per
format, import (N-Triples, into the emptied database) triples per second, and the seconds each
analytics measure takes on the whole graph (first call, uncached).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph import analytics, competition, server
from graph.db import Graph, connect
from graph.rdf import RdfFormat, export_to_file, import_rdf, parse_rdf
from graph.schema import apply_schema
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.writer import GraphWriter

try:  # run as a script: this directory is on sys.path
    from bench_writer import free_port, synthetic
except ImportError:  # run as a module: python -m tests.benchmarks.bench_rdf_analytics
    from tests.benchmarks.bench_writer import free_port, synthetic


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


def bench_rdf(graph: Graph, formats: list[RdfFormat], workdir: Path) -> None:
    nt_path = workdir / "all.nt"
    for fmt in formats:
        path = workdir / f"all.{fmt.value}"
        began = time.perf_counter()
        size = export_to_file(graph, fmt, path)
        seconds = time.perf_counter() - began
        triples = count_triples(path, fmt)
        print(f"export {fmt.value:<6} {triples:,} triples, {size / 1e6:,.0f} MB in {seconds:.1f}s"
              f" = {triples / seconds:,.0f} triples/s")
    if RdfFormat.NT not in formats:
        export_to_file(graph, RdfFormat.NT, nt_path)
    triples = count_triples(nt_path, RdfFormat.NT)
    while graph.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n").counters.nodes_deleted:
        pass
    began = time.perf_counter()
    summary = import_rdf(graph, nt_path)
    seconds = time.perf_counter() - began
    print(f"import nt     {triples:,} triples ({summary.statements:,} relations, "
          f"{summary.evidence:,} evidence) in {seconds:.1f}s = {triples / seconds:,.0f} triples/s")


def bench_analytics(graph: Graph) -> None:
    analytics.CACHE.clear()
    f = analytics.Filters()
    p = timed("projection into networkx", lambda: analytics.project(graph, f))
    print(f"  ({p.size.nodes:,} nodes, {p.size.edges:,} edges)")
    timed("pagerank", lambda: analytics.pagerank_of(p))
    timed("betweenness (sampled)", lambda: analytics.betweenness_of(p))
    timed("degree by type", lambda: analytics.degree_by_type_of(p))
    timed("louvain communities", lambda: analytics.communities_of(p))
    timed("k-core", lambda: analytics.kcore_of(p))
    timed("bridges + articulation", lambda: analytics.chokepoints_of(p))
    timed("competition view (total)", lambda: competition.competition(graph, f))
    timed("action → response (total)", lambda: competition.action_responses(graph))
    timed("cached pagerank (total)", lambda: analytics.pagerank(graph, f))
    timed("cached pagerank (hit)", lambda: analytics.pagerank(graph, f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--per-doc", type=int, default=20)
    parser.add_argument("--formats", default="nt,ttl,jsonld")
    args = parser.parse_args()
    formats = [RdfFormat(f) for f in args.formats.split(",")]

    settings = Neo4jSettings()
    home = Path(tempfile.mkdtemp(prefix="techkg-bench-"))
    local = LocalServerSettings(home=home, bolt_port=free_port(), http_port=free_port(),
                                heap="1g", pagecache="512m")
    if settings.uri is None:
        print(f"starting a local Neo4j in {home} …")
        server.start(local, settings.password.get_secret_value())
    graph = connect(settings, local)
    try:
        graph.write("MATCH (n) DETACH DELETE n")
        apply_schema(graph)
        began = time.perf_counter()
        GraphWriter(graph, batch_size=5000).write(
            synthetic(args.relations, args.entities, args.per_doc))
        print(f"wrote {args.relations:,} relations in {time.perf_counter() - began:.1f}s")
        print("analytics on the synthetic graph:")
        bench_analytics(graph)
        bench_rdf(graph, formats, home)
    finally:
        graph.close()
        if settings.uri is None:
            server.stop(local)


if __name__ == "__main__":
    main()

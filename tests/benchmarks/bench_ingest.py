"""Ingest end to end into Neo4j: documents/second with 1 and 2 extraction processes, and the time
to resume after the ingest is killed half-way. Prints figures; not a test.

    .venv/bin/python tests/benchmarks/bench_ingest.py [--docs 5000]

Starts its own Neo4j (graph/store/server.py) on free ports in a temporary directory and stops it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.settings import LocalServerSettings, Neo4jSettings  # noqa: E402
from graph.store import server  # noqa: E402
from graph.store.db import Graph, connect  # noqa: E402
from graph.store.schema import apply_schema  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.corpus import write_corpus  # noqa: E402

PASSWORD = "techkg-bench"


def ingest(corpus: Path, env: dict[str, str], processes: int) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(corpus), "--processes",
                    str(processes)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def articles(graph: Graph) -> int:
    return int(graph.read("MATCH (a:Article) RETURN count(a) AS n")[0]["n"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        local = LocalServerSettings(home=Path(tmp) / "neo4j", bolt_port=free_port(),
                                    http_port=free_port(), heap="512m", pagecache="256m")
        server.start(local, PASSWORD)
        graph = connect(Neo4jSettings(uri=local.bolt_uri, password=PASSWORD),  # type: ignore[arg-type]
                        local)
        try:
            apply_schema(graph)
            corpus = write_corpus(Path(tmp) / "corpus", args.docs)
            env = {**os.environ, "NEO4J_URI": local.bolt_uri, "NEO4J_PASSWORD": PASSWORD}
            for processes in (1, 2):
                graph.write("MATCH (n) DETACH DELETE n")
                seconds = ingest(corpus, env, processes)
                print(f"{args.docs} documents, {processes} process(es): {seconds:.1f} s, "
                      f"{args.docs / seconds:.1f} documents/s (incl. ~startup)", flush=True)
            graph.write("MATCH (n) DETACH DELETE n")
            child = subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(corpus)],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            while articles(graph) < args.docs // 2:
                time.sleep(0.2)
            child.send_signal(signal.SIGKILL)
            child.wait()
            landed = articles(graph)
            seconds = ingest(corpus, env, 1)
            print(f"killed at {landed} of {args.docs} articles; resume took {seconds:.1f} s "
                  f"({args.docs - landed} documents left)", flush=True)
        finally:
            graph.close()
            server.stop(local)


if __name__ == "__main__":
    main()

"""API latency under load on a synthetic graph.

    .venv/bin/python tests/benchmarks/bench_api.py [--relations 1000000] [--requests 2000]

Loads a synthetic graph through the project's own writer into a fresh local Neo4j (or the one at
NEO4J_URI, which should be empty), serves the API with `techkg serve --workers 2`, and from this second
process sends bounded loads to loopback only: neighbors (depth 1, limit 100), search and paths.
Prints p50/p99 latency, requests per second and the workers' resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_writer import free_port, synthetic

from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store import server
from graph.store.db import connect
from graph.store.schema import apply_schema
from graph.store.writer import GraphWriter


def load_graph(
    relations: int, entities: int, settings: Neo4jSettings, local: LocalServerSettings
) -> list[str]:
    graph = connect(settings, local)
    try:
        apply_schema(graph)
        writer = GraphWriter(graph, batch_size=5000)
        began, written = time.perf_counter(), 0
        step = 50_000
        for start in range(0, relations, step):
            batches = synthetic(min(step, relations - start), entities, 20, seed=start + 1)
            written += writer.write(batches).relations
            rate = written / (time.perf_counter() - began)
            print(f"  loaded {written:,} relations ({rate:,.0f}/s)", flush=True)
        rows = graph.read("MATCH (e:Entity) RETURN e.id AS id, e.name AS name LIMIT 5000")
        return [r["id"] for r in rows]
    finally:
        graph.close()


async def measure(client: httpx.AsyncClient, urls: list[str], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    queue = list(urls)
    errors = 0

    async def worker() -> None:
        nonlocal errors
        while queue:
            url = queue.pop()
            began = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - began) * 1000)
            errors += response.status_code >= 500

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "rps": len(latencies) / elapsed,
        "errors": errors,
    }


def worker_rss_mb(parent: int) -> list[float]:
    out = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            stat = (child / "stat").read_text().split()
            if int(stat[3]) == parent:
                rss_pages = int((child / "statm").read_text().split()[1])
                out.append(rss_pages * os.sysconf("SC_PAGE_SIZE") / 2**20)
        except (OSError, ValueError):
            continue
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    settings = Neo4jSettings()
    local = LocalServerSettings(
        home=Path(tempfile.mkdtemp(prefix="techkg-bench-api-")),
        bolt_port=free_port(),
        http_port=free_port(),
        heap="2g",
        pagecache="1g",
    )
    if settings.uri is None:
        server.start(local, settings.password.get_secret_value())
        settings = Neo4jSettings(uri=local.bolt_uri)
    api = None
    try:
        ids = load_graph(args.relations, args.entities, settings, local)
        port = free_port()
        env = {**os.environ, "NEO4J_URI": str(settings.uri)}
        api = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        rng = random.Random(3)
        scenarios = {
            "neighbors": [
                f"/entities/{rng.choice(ids)}/neighbors?depth=1&limit=100"
                for _ in range(args.requests)
            ],
            "search": [
                f"/entities?q=Entity%20{rng.randrange(args.entities)}" for _ in range(args.requests)
            ],
            "paths": [
                f"/paths?source={rng.choice(ids)}&target={rng.choice(ids)}&max_hops=3"
                for _ in range(args.requests // 4)
            ],
        }

        async def run_all() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                await measure(client, scenarios["neighbors"][:100], args.concurrency)  # warm-up
                for name, urls in scenarios.items():
                    figures = await measure(client, urls, args.concurrency)
                    print(
                        f"{name:10s} n={len(urls):5d}  p50 {figures['p50']:6.1f} ms  "
                        f"p99 {figures['p99']:6.1f} ms  {figures['rps']:6.0f} req/s  "
                        f"5xx {figures['errors']:.0f}"
                    )

        asyncio.run(run_all())
        print("worker RSS (MB): " + ", ".join(f"{m:.0f}" for m in worker_rss_mb(api.pid)))
    finally:
        if api:
            api.terminate()
            api.wait(timeout=30)
        if not os.environ.get("NEO4J_URI"):
            server.stop(local)


if __name__ == "__main__":
    main()

"""How long `techkg` takes to answer commands that need no graph and no extractor.

    .venv/bin/python tests/benchmarks/bench_cli_startup.py [--runs 7] [--tree DIR]

Runs each command in a fresh interpreter (`python -m api.cli …`, as the console script does) and
prints the median and the best wall time, and the modules imported. `--tree` runs the same
commands from another checkout (say `git archive HEAD~5 | tar -x -C /tmp/old`) with this venv, to
compare before and after on the same machine under the same load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {
    "--help": ["--help"],
    "neo4j status": ["neo4j", "status"],
    "ingest (missing file, dry run)": ["ingest", "{tmp}/missing.jsonl", "--dry-run"],
    "import-rdf (missing file)": ["import-rdf", "{tmp}/missing.nt"],
}


def timed(tree: Path, args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=tree, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began


def module_count(tree: Path, env: dict[str, str]) -> int:
    code = "import sys, api.cli; print(len(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, text=True,
                          capture_output=True, check=True)
    return int(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TECHKG_NEO4J_HOME": f"{tmp}/neo4j", "PYTHONPATH": str(options.tree)}
        print(f"{options.tree}: `import api.cli` loads {module_count(options.tree, env)} modules; "
              f"load average {os.getloadavg()[0]:.1f}")
        for name, template in COMMANDS.items():
            args = [a.format(tmp=tmp) for a in template]
            times = [timed(options.tree, args, env) for _ in range(options.runs)]
            print(f"  {name:<32} median {statistics.median(times):5.2f} s, best {min(times):5.2f} s")


if __name__ == "__main__":
    main()

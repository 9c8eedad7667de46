"""The CLI starts light: spaCy, the Neo4j driver, rdflib, networkx and the web stack load only
in the commands that use them (`tests/benchmarks/bench_cli_startup.py` measures the time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("spacy", "neo4j", "rdflib", "networkx", "fastapi", "uvicorn", "trafilatura")


def modules_after(code: str, tmp_path: Path) -> tuple[list[str], Any]:
    """Run `code` in a fresh interpreter: the heavy modules it imported, and its `out`."""
    script = (
        "import json, sys\n" + code + "\n"
        f"print(json.dumps({{'loaded': [m for m in {HEAVY!r} if m in sys.modules], "
        "'out': globals().get('out', '')}))"
    )
    env = {**os.environ, "TECHKG_NEO4J_HOME": str(tmp_path / "none")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    return result["loaded"], result["out"]


def test_importing_the_cli_loads_nothing_heavy(tmp_path: Path) -> None:
    assert modules_after("import api.cli", tmp_path)[0] == []


def invoke(args: list[str]) -> str:
    return ("from typer.testing import CliRunner\nfrom api.cli import app\n"
            f"r = CliRunner().invoke(app, {args!r})\nout = [r.exit_code, r.output]")


def test_neo4j_status_loads_nothing_heavy(tmp_path: Path) -> None:
    loaded, out = modules_after(invoke(["neo4j", "status"]), tmp_path)
    assert out == [3, f"not running (data in {tmp_path / 'none'})\n"]
    assert loaded == []


def test_a_missing_file_is_reported_before_spacy_loads(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.jsonl")
    for args in (["ingest", missing, "--dry-run"], ["extract", "-i", missing, "-o", "-"]):
        loaded, (code, output) = modules_after(invoke(args), tmp_path)
        assert code == 1 and f"{missing}: no such file" in output, output
        assert "spacy" not in loaded

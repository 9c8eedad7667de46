"""Extraction quality on our own held-out check set (not a test):

    .venv/bin/python tests/benchmarks/bench_heldout.py [--verbose] [--extractor spacy|llm]

Runs `techkg extract` on tests/benchmarks/heldout/docs.jsonl (8 public-domain US-government and VOA
texts, annotated by us; see heldout/README.md) and scores the output against heldout/gold.jsonl with
the shared evaluation scorer (/work/shared/eval/score.py, or $TECHKG_SCORER). None of these documents
is in the dev set, so the gap between these scores and the dev scores shows how far dev-set tuning
generalizes. If the scorer is not present, the script says so and only writes the predictions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HELDOUT = HERE / "heldout"
DEFAULT_SCORER = Path(os.environ.get("TECHKG_SCORER", "/work/shared/eval/score.py"))


def techkg_command() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "techkg"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("techkg")
    if found:
        return [found]
    return [sys.executable, "-m", "techkg"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="list misses and false positives per document")
    ap.add_argument("--extractor", default=None, help="spacy (default) or llm; passed to techkg extract")
    ap.add_argument("--output", type=Path, default=None, help="keep predictions here (default: a temp file)")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    a = ap.parse_args()

    docs, gold = HELDOUT / "docs.jsonl", HELDOUT / "gold.jsonl"
    out = a.output or Path(tempfile.mkdtemp(prefix="techkg-heldout-")) / "pred.jsonl"
    cmd = [*techkg_command(), "extract", "--input", str(docs), "--output", str(out)]
    if a.extractor:
        cmd += ["--extractor", a.extractor]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)

    if not a.scorer.exists():
        print(f"scorer not found at {a.scorer}; predictions written to {out} but not scored "
              "(set TECHKG_SCORER or --scorer to the shared eval/score.py)")
        return 0
    score = [sys.executable, str(a.scorer), "--gold", str(gold), "--pred", str(out)]
    if a.verbose:
        score.append("--verbose")
    print("$", " ".join(score), flush=True)
    return subprocess.run(score, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())

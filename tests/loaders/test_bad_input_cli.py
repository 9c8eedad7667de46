"""End to end through the real `techkg extract` and `techkg ingest` (real Neo4j): a batch with
a line nested 50,000 deep, a byte order mark, a binary file, a link out of the walked directory
and a FIFO still lands every good document, and reports each bad input with its reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph

runner = CliRunner()
DEEP = b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
STORIES = [
    {"id": "story-h20", "title": "Nvidia to resume H20 sales to China",
     "text": "Nvidia said it would resume sales of its H20 chips to China."},
    {"id": "story-huawei", "title": "US adds Huawei units to the Entity List",
     "text": "The Commerce Department added Huawei affiliates to the Entity List."},
]


def batch(path: Path) -> Path:
    """A BOM before the first line, then a good story, the deep line, another good story."""
    first, second = (json.dumps(s).encode() for s in STORIES)
    path.write_bytes(b"\xef\xbb\xbf" + first + b"\n" + DEEP + b"\n" + second + b"\n")
    return path


def test_extract_writes_every_line_and_fails_only_the_deep_one(tmp_path: Path) -> None:
    source, out = batch(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["story-h20", f"{source}:2", "story-huawei"]
    assert lines[1]["error"] == "not JSON: nested too deeply for the JSON parser"
    assert "error" not in lines[0] and "error" not in lines[2]
    assert any(e["name"] == "Nvidia" for e in lines[0]["entities"])


def said(output: str) -> str:
    return " ".join(output.split())  # the console wraps long lines


def test_extract_names_what_a_path_is(tmp_path: Path) -> None:
    fifo, loop = tmp_path / "pipe.jsonl", tmp_path / "loop.jsonl"
    os.mkfifo(fifo)
    loop.symlink_to(loop)
    out = str(tmp_path / "out.jsonl")
    refused = runner.invoke(app, ["extract", "-i", str(fifo), "-o", out])
    assert refused.exit_code == 1
    assert "a FIFO (named pipe), not a regular file: refused" in said(refused.output)
    looped = runner.invoke(app, ["extract", "-i", str(loop), "-o", out])
    assert looped.exit_code == 1 and "symbolic link loop" in said(looped.output)
    folder = runner.invoke(app, ["extract", "-i", str(tmp_path), "-o", out])
    assert folder.exit_code == 1 and "a directory" in said(folder.output)
    assert not (tmp_path / "out.jsonl").exists()


def test_ingest_lands_the_good_documents_of_a_batch_with_bad_inputs(
    graph: Graph, tmp_path: Path, neo4j_server: tuple[Neo4jSettings, LocalServerSettings]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret memo\nHuawei and Nvidia, not for the graph.")
    root = tmp_path / "corpus"
    root.mkdir()
    batch(root / "batch.jsonl")
    (root / "junk.txt").write_bytes(bytes(range(1, 32)) * 10)
    (root / "memo.txt").symlink_to(outside / "secret.txt")
    os.mkfifo(root / "pipe.jsonl")
    settings, _ = neo4j_server
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["ingest", str(root), "--uri", str(settings.uri), "--password",
                                 settings.password.get_secret_value(), "--report", str(report)])
    assert result.exit_code == 0, result.output
    summary = json.loads(report.read_text())
    failed = {f["where"]: f["reason"] for f in summary["failed"]}
    assert failed == {
        f"{root / 'batch.jsonl'}:line 2": "not JSON: nested too deeply for the JSON parser",
        str(root / "junk.txt"): "binary content, not text (260 of 310 bytes are control bytes)",
        str(root / "memo.txt"):
            f"symbolic link to {outside / 'secret.txt'}, outside {root}: not followed",
        str(root / "pipe.jsonl"): "a FIFO (named pipe), not a regular file: skipped",
    }
    assert summary["written"] == 2
    articles = graph.read("MATCH (a:Article) RETURN a.id AS id ORDER BY id")
    assert [a["id"] for a in articles] == ["story-h20", "story-huawei"]

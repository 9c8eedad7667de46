"""Inputs at the edges: JSON nested past the parser's depth, byte order marks, binary files,
symbolic links, loops and FIFOs. Each bad input is one reported problem; the rest lands."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from graph.model import Document
from loaders.read import ReadError, read_jsonl
from loaders.sources import Format, Listed, Problem, parse, read_sources
from tests.loaders.feeds import RSS
from tests.loaders.test_sources import HTML_PAGE

DATA = Path(__file__).parent / "data"
BOM = b"\xef\xbb\xbf"


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def jsonl(*lines: bytes) -> bytes:
    return b"\n".join(lines) + b"\n"


def line(doc_id: str, text: str = "Nvidia sells H20 chips to China.") -> bytes:
    return json.dumps({"id": doc_id, "title": f"Title {doc_id}", "text": text}).encode()


def landed(items: Sequence[object]) -> list[str]:
    return [i.id if isinstance(i, Document) else i.document.id
            for i in items if isinstance(i, Document | Listed)]


def reported(items: Sequence[object]) -> dict[str, str]:
    return {i.location: i.reason for i in items if isinstance(i, Problem) and i.fatal}


# ------------------------------------------------------------------ nesting


# 50,000 overflows any stack; 900 parses at the top of the stack but not a few frames down.
@pytest.mark.parametrize("depth", [50_000, 900])
@pytest.mark.parametrize("where", ["text", "extra"])
def test_a_deeply_nested_line_fails_alone(tmp_path: Path, depth: int, where: str) -> None:
    deep = (b'{"id": "deep", "text": ' + nested(depth) + b"}" if where == "text"
            else b'{"id": "deep", "x": ' + nested(depth) + b"}")
    no_id = b'{"title": "no id", "text": ' + nested(depth) + b"}"
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(line("a"), deep, no_id, line("b")))
    items = list(read_sources([str(path)]))
    assert landed(items) == ["a", "b"]
    problems = reported(items)
    assert set(problems) == {f"{path}:line 2", f"{path}:line 3"}
    # The extract command reads the same file through read_jsonl.
    read = list(read_jsonl(path))
    assert [d.id for d in read if isinstance(d, Document)] == ["a", "b"]
    assert [e.line for e in read if isinstance(e, ReadError)] == [2, 3]


def test_nesting_past_the_parser_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(jsonl(b'{"id": "deep", "text": ' + nested(50_000) + b"}"))
    [problem] = list(read_sources([str(path)]))
    assert isinstance(problem, Problem) and problem.location == f"{path}:line 1"
    assert problem.reason == "not JSON: nested too deeply for the JSON parser"


def test_screening_json_nested_too_deep_is_one_problem() -> None:
    data = b'{"results": ' + nested(50_000) + b"}"
    [problem] = list(parse(data, "consolidated.json", Format.SCREENING_JSON))
    assert isinstance(problem, Problem) and "nested too deeply" in problem.reason


def test_screening_cells_that_are_nested_lists_are_no_names() -> None:
    rows = json.loads((DATA / "csl_sample.json").read_text())
    deep = json.loads(nested(900))  # fine at this depth; str() of it further down is not
    bad = {**rows["results"][0], "name": deep, "alt_names": [deep],
           "addresses": [{"country": deep}]}
    data = json.dumps({"results": [bad, rows["results"][0]]}).encode()
    items = list(parse(data, "consolidated.json", Format.SCREENING_JSON))
    assert reported(items) == {"consolidated.json:entry 1": "row has no 'name'"}
    assert len([i for i in items if isinstance(i, Listed)]) == 1


# ------------------------------------------------------------------ byte order marks


def _samples() -> dict[str, tuple[str, bytes]]:
    return {
        "jsonl": ("docs.jsonl", jsonl(line("a"), line("b"))),
        "json": ("docs.json", jsonl(line("a"), line("b"))),
        "txt": ("note.txt", b"US curbs chips\nThe United States restricted exports.\n"),
        "md": ("note.md", b"# China's plan\n\nRead the plan now.\n"),
        "html": ("page.html", HTML_PAGE.encode()),
        "feed": ("wire.xml", RSS.encode()),
        "csv": ("news.csv", b"title,text\nNvidia ships,Nvidia ships H20.\n"),
        "csl-csv": ("consolidated.csv", (DATA / "csl_sample.csv").read_bytes()),
        "csl-json": ("consolidated.json", (DATA / "csl_sample.json").read_bytes()),
    }


@pytest.mark.parametrize("kind", list(_samples()))
def test_a_byte_order_mark_is_dropped_in_every_format(tmp_path: Path, kind: str) -> None:
    name, data = _samples()[kind]
    path = tmp_path / name  # one path: text files take their id from it
    path.write_bytes(data)
    without = list(read_sources([str(path)]))
    path.write_bytes(BOM + data)
    with_bom = list(read_sources([str(path)]))
    assert landed(with_bom) == landed(without) and landed(without)
    assert [i for i in with_bom if isinstance(i, Document)] == [
        i for i in without if isinstance(i, Document)]
    assert sorted(reported(with_bom).values()) == sorted(reported(without).values())


def test_the_extract_reader_drops_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(BOM + jsonl(line("a"), line("b")))
    assert [d.id for d in read_jsonl(path) if isinstance(d, Document)] == ["a", "b"]


def test_a_byte_order_mark_on_standard_input_is_dropped() -> None:
    stdin = io.BytesIO(BOM + jsonl(line("a"), line("b")))
    assert landed(list(read_sources(["-"], stdin=stdin))) == ["a", "b"]


# ------------------------------------------------------------------ binary content


@pytest.mark.parametrize("name", ["junk.txt", "junk.jsonl", "junk.csv", "junk.html", "junk"])
def test_a_file_of_control_bytes_is_binary_not_an_article(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(1, 32)) * 10)
    [problem] = list(read_sources([str(path)]))
    assert isinstance(problem, Problem) and problem.location == str(path)
    assert problem.reason == "binary content, not text (260 of 310 bytes are control bytes)"


def test_nul_bytes_and_utf16_are_not_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "wide.txt").write_bytes("Title\nText".encode("utf-16"))
    items = list(read_sources([str(tmp_path)]))
    assert reported(items) == {
        str(tmp_path / "image.txt"): "binary content, not text (a NUL byte at byte 8)",
        str(tmp_path / "wide.txt"):
            "UTF-16 text (byte order mark); only UTF-8 is read, save it as UTF-8",
    }


def test_text_with_a_stray_control_byte_still_lands(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(b"US curbs chips\nThe United States restricted exports.\n\x1a")
    [doc] = list(read_sources([str(path)]))
    assert isinstance(doc, Document) and doc.title == "US curbs chips"


# ------------------------------------------------------------------ links, loops, FIFOs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/ with a real file, links out of and inside it, a loop, a broken link and a FIFO."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\nnot for the graph")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "real.txt").write_text("Real\nbody")
    (root / "out.txt").symlink_to(outside / "secret.txt")
    (root / "outdir").symlink_to(outside)
    (root / "inside.txt").symlink_to(root / "sub" / "real.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "gone.txt").symlink_to(root / "missing.txt")
    os.mkfifo(root / "pipe.jsonl")
    return root


def test_a_walk_follows_no_link_and_reports_each(tree: Path) -> None:
    items = list(read_sources([str(tree)]))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.title for d in docs] == ["Real"]  # read once, at its own place
    outside = tree.parent / "outside"
    assert reported(items) == {
        str(tree / "gone.txt"): f"broken symbolic link to {tree / 'missing.txt'}: skipped",
        str(tree / "loop-a.txt"): "symbolic link loop (the links lead back to each other): skipped",
        str(tree / "loop-b.txt"): "symbolic link loop (the links lead back to each other): skipped",
        str(tree / "out.txt"):
            f"symbolic link to {outside / 'secret.txt'}, outside {tree}: not followed",
        str(tree / "outdir"): f"symbolic link to {outside}, outside {tree}: not followed",
        str(tree / "pipe.jsonl"): "a FIFO (named pipe), not a regular file: skipped",
    }
    [warning] = [i for i in items if isinstance(i, Problem) and not i.fatal]
    assert warning.location == str(tree / "inside.txt")
    assert "symbolic link to sub/real.txt inside the walked directory" in warning.reason


def test_globs_decide_which_links_to_files_are_reported(tree: Path) -> None:
    items = list(read_sources([str(tree)], include=["sub/*"], exclude=["outdir"]))
    # Links to files the globs leave out are passed by like any file; a loop may stand for
    # a directory, so it is reported whatever its name.
    assert sorted(reported(items)) == sorted(
        str(tree / name) for name in ("gone.txt", "loop-a.txt", "loop-b.txt"))


def test_paths_named_directly_say_what_they_are(tree: Path) -> None:
    names = ["loop-a.txt", "gone.txt", "pipe.jsonl", "out.txt", "nothing.txt"]
    items = list(read_sources([str(tree / n) for n in names] + ["/dev/null"]))
    assert reported(items) == {
        str(tree / "loop-a.txt"): "symbolic link loop (the links lead back to each other)",
        str(tree / "gone.txt"): f"broken symbolic link to {tree / 'missing.txt'}",
        str(tree / "pipe.jsonl"): "a FIFO (named pipe), not a regular file: refused "
                                  "(to read a pipe, give '-' and pipe it in)",
        str(tree / "nothing.txt"): "no such file or directory",
        "/dev/null": "a character device, not a regular file: refused "
                     "(to read a pipe, give '-' and pipe it in)",
    }
    # A link named directly is the user's choice, and is followed.
    assert [d.title for d in items if isinstance(d, Document)] == ["Secret"]


def test_a_walk_reads_in_sorted_order_with_directories_in_place(tmp_path: Path) -> None:
    for relative in ("b.txt", "a/z.txt", "a/b/c.txt", "c.txt", "a.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(f"{relative}\nbody")
    titles = [d.title for d in read_sources([str(tmp_path)]) if isinstance(d, Document)]
    assert titles == ["a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "c.txt"]

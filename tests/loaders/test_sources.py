"""Source readers: every format, detection, walking, and every kind of bad input reported."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from graph.model import Document
from graph.ontology import EntityType, RelationType
from loaders.read import MAX_LINE_BYTES
from loaders.sources import Format, Listed, Problem, detect_format, parse, read_sources
from loaders.sources.base import url_id
from tests.loaders.feeds import ATOM, RSS, serve_directory

DATA = Path(__file__).parent / "data"

HTML_PAGE = """<!doctype html><html><head><title>Ignored | Site</title>
<link rel="canonical" href="https://news.example/2025/07/chips">
<meta property="og:title" content="Nvidia to resume H20 sales to China">
<meta property="article:published_time" content="2025-07-15T08:00:00Z">
<meta property="og:site_name" content="News Example"></head>
<body><nav>Home | World</nav><article><h1>Nvidia to resume H20 sales to China</h1>
<p>Nvidia said on Tuesday it would resume sales of its H20 artificial intelligence chips to China,
after the US government assured the company it would grant the licences.</p>
<p>Jensen Huang, the chief executive of Nvidia, met Donald Trump last week in Washington to
discuss export controls on advanced semiconductors.</p></article>
<footer>Copyright</footer></body></html>"""


def docs(items: list[object]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def problems(items: list[object]) -> list[Problem]:
    return [i for i in items if isinstance(i, Problem)]


def test_text_and_markdown_take_the_first_line_as_title(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("\n\nUS curbs chips\nThe United States restricted exports.\n")
    (root / "sub" / "b.md").write_text("# China's *new* plan\n\nRead [the plan](https://x.y) now.\n")
    items = list(read_sources([str(root)]))
    by_title = {d.title: d for d in docs(items)}
    assert set(by_title) == {"US curbs chips", "China's new plan"}
    assert by_title["US curbs chips"].text == "The United States restricted exports."
    assert by_title["China's new plan"].text == "Read the plan now."
    # The same file given on its own keeps the id it has when its directory is walked.
    alone = docs(list(read_sources([str(root / "a.txt")])))
    assert alone[0].id == by_title["US curbs chips"].id


def test_html_gives_main_text_title_date_and_canonical_url() -> None:
    [doc] = list(parse(HTML_PAGE.encode(), "page.html"))
    assert isinstance(doc, Document)
    assert doc.title == "Nvidia to resume H20 sales to China"
    assert doc.url == "https://news.example/2025/07/chips"
    assert doc.id == url_id("https://news.example/2025/07/chips")
    assert doc.published == dt.date(2025, 7, 15)
    assert "resume sales of its H20" in doc.text and "Copyright" not in doc.text


def test_html_without_a_body_is_reported() -> None:
    [problem] = list(parse(b"<html><head><title>x</title></head></html>", "empty.html"))
    assert isinstance(problem, Problem) and "no main text" in problem.reason
    assert problem.location == "empty.html"


def test_feeds_over_http_keep_links_and_dates_and_report_broken_entries(tmp_path: Path) -> None:
    (tmp_path / "wire.xml").write_text(RSS)
    (tmp_path / "atom").write_text(ATOM)  # no extension: detected from content
    with serve_directory(tmp_path) as base:
        items = list(read_sources([f"{base}/wire.xml", f"{base}/atom", f"{base}/missing.xml"]))
    found = docs(items)
    assert [d.url for d in found] == ["https://wire.example/nvidia-h20",
                                      "https://wire.example/bis-huawei", None]
    assert found[0].published == dt.date(2025, 7, 15) and found[0].source == "Test Wire"
    assert found[0].text == "Nvidia said it will resume sales of its H20 chips to China."
    assert found[1].published is None  # unparseable date: kept, with a warning
    assert found[2].title == "China unveils AI plan" and found[2].published == dt.date(2025, 7, 26)
    assert found[2].text.startswith("China proposed")
    reported = {(p.location, p.fatal): p.reason for p in problems(items)}
    assert "no title and no text" in reported[(f"{base}/wire.xml:entry 2", True)]
    assert "someday soon" in reported[(f"{base}/wire.xml:entry 3", False)]
    assert "HTTP 404" in reported[(f"{base}/missing.xml", True)]


def test_csv_with_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("Headline,Body,Date,Link\n"
                    'Nvidia ships to China,"Nvidia ships H20, again.",2025-07-15,https://a.example/1\n'
                    "too,few\n"
                    ",,2025-01-01,\n"
                    "Dated badly,Some text,not a date,\n")
    items = list(read_sources([str(path)]))
    found = docs(items)
    assert [(d.title, d.published, d.url) for d in found] == [
        ("Nvidia ships to China", dt.date(2025, 7, 15), "https://a.example/1"),
        ("Dated badly", None, None)]
    assert found[0].text == "Nvidia ships H20, again."
    reported = {p.location: p for p in problems(items)}
    assert "2 fields" in reported[f"{path}:line 3"].reason
    assert "no title and no text" in reported[f"{path}:line 4"].reason
    assert not reported[f"{path}:line 5"].fatal


def test_csv_without_text_columns_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n")
    [problem] = list(read_sources([str(path), ]))
    assert isinstance(problem, Problem)
    assert problem.location == f"{path}:line 1" and "no 'text' or 'title' column" in problem.reason


def test_jsonl_gives_missing_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"title": "T", "text": "x", "url": "https://a.example/p"}).encode(),
             json.dumps({"title": "T2", "text": "y"}).encode(),
             b'{"id": "u", "title": "\xff"}',
             b'{"id": "huge", "text": "' + b"a" * (MAX_LINE_BYTES + 1) + b'"}',
             b"[1, 2]"]
    path.write_bytes(b"\n".join(lines))
    items = list(read_sources([str(path)]))
    found = docs(items)
    assert found[0].id == url_id("https://a.example/p")
    assert found[1].id.startswith("sha-")
    reported = {p.location: p.reason for p in problems(items)}
    assert "UTF-8" in reported[f"{path}:line 3"]
    assert "over the" in reported[f"{path}:line 4"]
    assert "not a JSON object" in reported[f"{path}:line 5"]


def test_empty_invalid_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes(b"Title\nline two\ncaf\xe9\n")
    items = list(read_sources([str(tmp_path / "empty.txt"), str(tmp_path / "latin1.txt"),
                               str(tmp_path / "nope")]))
    reasons = [(p.location, p.reason) for p in problems(items)]
    assert reasons == [(str(tmp_path / "empty.txt"), "empty file"),
                       (f"{tmp_path / 'latin1.txt'}:line 3", "invalid UTF-8 at byte 18"),
                       (str(tmp_path / "nope"), "no such file or directory")]


def test_directories_walk_with_globs_and_format_override(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "one.txt").write_text("One\nbody")
    (tmp_path / "keep" / "two.md").write_text("Two\nbody")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "three.txt").write_text("Three\nbody")
    (tmp_path / ".hidden.txt").write_text("Hidden\nbody")
    (tmp_path / "notes.log").write_text("Log\nbody")
    titles = {d.title for d in docs(list(read_sources([str(tmp_path)])))}
    assert titles == {"One", "Two", "Three"}
    titles = {d.title for d in docs(list(read_sources([str(tmp_path)], include=["*.txt", "*.log"],
                                                      exclude=["drafts/*"])))}
    assert titles == {"One", "Log"}
    forced = list(read_sources([str(tmp_path / "keep" / "one.txt")], fmt=Format.JSONL))
    assert isinstance(forced[0], Problem) and "not JSON" in forced[0].reason


def test_stdin_is_detected_from_content() -> None:
    stdin = io.BytesIO(RSS.encode())
    found = docs(list(read_sources(["-"], stdin=stdin)))
    assert len(found) == 2 and found[0].url == "https://wire.example/nvidia-h20"


def test_detection_from_extension_and_content() -> None:
    csl = (DATA / "csl_sample.csv").read_bytes()
    assert detect_format("x.csv", csl) is Format.SCREENING_CSV
    assert detect_format("x.csv", b"title,text\na,b\n") is Format.CSV
    assert detect_format("data", csl) is Format.SCREENING_CSV
    assert detect_format("x.json", (DATA / "csl_sample.json").read_bytes()) is Format.SCREENING_JSON
    assert detect_format("x.json", b'{"id": "a", "text": "b"}\n') is Format.JSONL
    assert detect_format("page", b"<!DOCTYPE html><html><body>x</body></html>") is Format.HTML
    assert detect_format("x.xml", RSS.encode()) is Format.FEED
    assert detect_format("notes", b"Just a title\nand text") is Format.TEXT


def test_screening_list_csv_rows_become_listed_restrictions() -> None:
    items = list(read_sources([str(DATA / "csl_sample.csv")]))
    listed = [i for i in items if isinstance(i, Listed)]
    assert len(listed) == 3
    huawei = listed[0]
    names = {e.name: e for e in huawei.extraction.entities}
    # Resolved through the catalog: the same canonical entity the extractor finds in news.
    assert names["Huawei"].type is EntityType.COMPANY and names["Huawei"].country == "China"
    assert "Huawei Technologies Co., Ltd." in names["Huawei"].aliases
    assert names["Bureau of Industry and Security"].type is EntityType.GOVERNMENT_BODY
    [relation] = huawei.extraction.relations
    assert (relation.subject, relation.relation, relation.object) == (
        "Bureau of Industry and Security", RelationType.RESTRICTS, "Huawei")
    assert relation.date == dt.date(2019, 5, 16) and "84 FR 22963" in relation.evidence
    content = huawei.document.content
    assert content[relation.start:relation.end] == relation.evidence
    unknown = {e.name: e for e in listed[1].extraction.entities}
    synthetic = "Example Quantum Microsystems Ltd. (synthetic test row)"
    assert unknown[synthetic].aliases == ["EQM", "Example Quantum"]
    assert unknown[synthetic].country == "China"
    assert listed[2].extraction.relations[0].date is None
    institute = {e.name: e.type for e in listed[2].extraction.entities}
    assert institute["Example Photonics Institute (synthetic test row)"] is EntityType.ORGANIZATION
    reported = {p.location: p for p in problems(items)}
    assert "no 'name'" in reported[f"{DATA / 'csl_sample.csv'}:line 4"].reason
    assert not reported[f"{DATA / 'csl_sample.csv'}:line 5"].fatal


def test_screening_list_json_matches_the_csv() -> None:
    items = list(read_sources([str(DATA / "csl_sample.json")]))
    listed = [i for i in items if isinstance(i, Listed)]
    from_csv = next(i for i in read_sources([str(DATA / "csl_sample.csv")])
                    if isinstance(i, Listed))
    assert listed[0].extraction.entities == from_csv.extraction.entities
    assert listed[0].extraction.relations == from_csv.extraction.relations
    assert [p.location for p in problems(items)] == [f"{DATA / 'csl_sample.json'}:entry 3"]

"""Sources into a real Neo4j: screening-list rows meet the news on the same nodes; a changed
document replaces its own evidence only; the command line's options and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.model import Document
from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from loaders.ingest import Ingestor, IngestReport, records
from loaders.pipeline import ExtractionPipeline
from loaders.sources import Listed, read_sources
from tests.graph.snapshot import snapshot
from tests.loaders.feeds import RSS, serve_directory

DATA = Path(__file__).resolve().parents[1] / "loaders" / "data"
runner = CliRunner()


def run(graph: Graph, pipeline: ExtractionPipeline,
        items: list[Document | Listed]) -> IngestReport:
    report = IngestReport()
    return Ingestor(pipeline, graph).run(items, report)


NEWS = Document(id="news-huawei", title="US blacklists Huawei",
                text="The Commerce Department added Huawei to the Entity List.",
                published="2019-05-16", source="reuters.com")  # type: ignore[arg-type]


def test_listed_entities_are_the_nodes_the_news_finds(graph: Graph,
                                                      pipeline: ExtractionPipeline) -> None:
    report = IngestReport()
    listed = list(records(read_sources([str(DATA / "csl_sample.csv")]), report))
    assert len(report.failed) == 1 and len(report.warnings) == 1
    run(graph, pipeline, [NEWS, *listed])
    huawei = graph.read("MATCH (e:Company) WHERE toLower(e.name) CONTAINS 'huawei' "
                        "RETURN e.id AS id, e.aliases AS aliases, e.country AS country")
    assert len(huawei) == 1 and huawei[0]["id"] == "company:huawei"
    assert "Huawei Technologies Co., Ltd." in huawei[0]["aliases"]
    articles = {r["a"] for r in graph.read(
        "MATCH (a:Article)-[:MENTIONS]->(:Entity {id: 'company:huawei'}) RETURN a.id AS a")}
    assert "news-huawei" in articles and len(articles) == 2
    [restricts] = graph.read(
        "MATCH (:GovernmentBody {name: 'Bureau of Industry and Security'})-[r:RESTRICTS]->"
        "(:Company {id: 'company:huawei'}) RETURN r.date AS date, r.evidence AS evidence")
    assert restricts["date"].isoformat() == "2019-05-16"
    assert "84 FR 22963" in json.loads(restricts["evidence"][0])["sentence"]


def test_a_changed_document_replaces_its_own_evidence_only(graph: Graph,
                                                           pipeline: ExtractionPipeline) -> None:
    other = NEWS.model_copy(update={"id": "news-other", "source": "scmp.com"})
    changed = NEWS.model_copy(update={"title": "Nvidia to resume chip sales",
                                      "text": "Nvidia said it would resume sales of its H20 "
                                              "chips to China."})
    run(graph, pipeline, [NEWS, other])
    before = graph.read("MATCH ()-[r:RESTRICTS]->(:Company {id: 'company:huawei'}) "
                        "RETURN r.articles AS articles, r.source_count AS sources")
    assert sorted(before[0]["articles"]) == ["news-huawei", "news-other"]
    # The same sentence from a second outlet is a copy of one story: one source, not two.
    assert before[0]["sources"] == 1
    report = run(graph, pipeline, [changed, other])
    assert report.replaced == 1 and report.unchanged == 1 and report.written == 1
    after_update = snapshot(graph)
    graph.write("MATCH (n) DETACH DELETE n")
    run(graph, pipeline, [other, changed])
    clean = snapshot(graph)
    assert after_update["relationships"] == sorted(
        clean["relationships"], key=lambda r: r)  # same evidence, counts and dates
    rows = graph.read("MATCH ()-[r:RESTRICTS]->(:Company {id: 'company:huawei'}) "
                      "RETURN r.articles AS articles, r.count AS count, r.source_count AS sources")
    # Whatever the extractor reads from the unchanged story stays; the changed one's is gone.
    assert rows and all(r == {"articles": ["news-other"], "count": 1, "sources": 1} for r in rows)


def cli(settings: Neo4jSettings, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", *args, "--uri", str(settings.uri),
                                 "--password", settings.password.get_secret_value()])
    return result.exit_code, result.output


def test_cli_ingests_a_directory_and_a_feed_url_with_report_and_strict(
        graph: Graph, tmp_path: Path,
        neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> None:
    settings, _ = neo4j_server
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("US blacklists Huawei\n" + NEWS.text)
    (tmp_path / "docs" / "bad.jsonl").write_bytes(b'{"id": "x", "title": \n')
    (tmp_path / "docs" / "skip.md").write_text("Skipped\nnot read")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "wire.rss").write_text(RSS)
    report_file = tmp_path / "report.json"
    with serve_directory(tmp_path / "feeds") as base:
        code, output = cli(settings, str(tmp_path / "docs"), f"{base}/wire.rss",
                           "--exclude", "*.md", "--report", str(report_file))
    assert code == 0, output
    summary = json.loads(report_file.read_text())
    assert summary["written"] == 3 and summary["documents"] == 5
    assert summary["failed"][0]["where"] == f"{tmp_path / 'docs' / 'bad.jsonl'}:line 1"
    assert "entry 3" in summary["warnings"][0]["where"]
    titles = {r["t"] for r in graph.read("MATCH (a:Article) RETURN a.title AS t")}
    assert titles == {"US blacklists Huawei", "Nvidia resumes H20 sales to China",
                      "BIS adds Huawei to the Entity List"}
    code, _ = cli(settings, str(tmp_path / "docs"), "--exclude", "*.md", "--strict")
    assert code == 1  # the bad line fails under --strict, even though the rest is unchanged
    code, _ = cli(settings, str(tmp_path / "docs" / "bad.jsonl"))
    assert code == 1  # nothing landed
    code, output = cli(settings, str(tmp_path / "docs" / "a.txt"), "--format", "nope")
    assert code == 2 and "--format" in output

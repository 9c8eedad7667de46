"""The ingest pipeline, wired in one place: read → extract → resolve → write.

Each document is extracted, resolved and written in batches through the one writer. A document
that cannot be read or extracted is reported with its file, line or id and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from graph.db import Graph
from graph.model import Document, Extraction, GraphBatch
from graph.resolve import to_batch
from graph.writer import GraphWriter, WriteSummary
from loaders.read import ReadError, read_jsonl

KNOWN_HASHES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.content_hash AS hash
"""


class Extractor(Protocol):
    def run(self, docs: Iterable[Document]) -> Iterator[Extraction]: ...


@dataclass
class Failure:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class IngestReport:
    documents: int = 0
    written: int = 0
    unchanged: int = 0
    relevant: int = 0
    entities: int = 0
    relations: int = 0
    failed: list[Failure] = field(default_factory=list)
    write: WriteSummary = field(default_factory=WriteSummary)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents, "written": self.written, "unchanged": self.unchanged,
            "relevant": self.relevant, "entities": self.entities, "relations": self.relations,
            "failed": [{"where": f.where, "reason": f.reason} for f in self.failed],
        }


ProgressFn = Callable[[IngestReport], None]


def read_documents(paths: Iterable[Path], report: IngestReport) -> Iterator[Document]:
    for path in paths:
        if not path.is_file():
            report.failed.append(Failure(str(path), "no such file"))
            continue
        for item in read_jsonl(path):
            report.documents += 1
            if isinstance(item, ReadError):
                report.failed.append(Failure(f"{item.path}:{item.line}", item.reason))
            else:
                yield item


def _chunked(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for doc in docs:
        chunk.append(doc)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Ingestor:
    """Settings in the constructor; `run` does the work. With `writer=None` nothing is written."""

    def __init__(self, extractor: Extractor, graph: Graph | None, batch_size: int = 32,
                 relevance_threshold: float = 0.5, force: bool = False) -> None:
        self.extractor = extractor
        self.graph = graph
        self.writer = GraphWriter(graph) if graph else None
        self.batch_size = batch_size
        self.relevance_threshold = relevance_threshold
        self.force = force

    def run(self, documents: Iterable[Document], report: IngestReport | None = None,
            on_progress: ProgressFn | None = None) -> IngestReport:
        report = report or IngestReport()
        for chunk in _chunked(documents, self.batch_size):
            fresh = self._changed(chunk, report)
            batches = self._extract(fresh, report)
            if self.writer and batches:
                report.write.add(self.writer.write(batches))
            report.written += len(batches)
            if on_progress:
                on_progress(report)
        return report

    def _changed(self, chunk: list[Document], report: IngestReport) -> list[Document]:
        """Documents whose content the graph already holds are skipped: re-runs are cheap."""
        if self.force or self.graph is None:
            return chunk
        rows = self.graph.read(KNOWN_HASHES, {"ids": [d.id for d in chunk]})
        known = {row["id"]: row["hash"] for row in rows}
        fresh = [d for d in chunk if known.get(d.id) != d.content_hash()]
        report.unchanged += len(chunk) - len(fresh)
        return fresh

    def _extract(self, docs: list[Document], report: IngestReport) -> list[GraphBatch]:
        batches = []
        for doc, extraction in zip(docs, self.extractor.run(docs), strict=True):
            if extraction.error:
                report.failed.append(Failure(f"document {doc.id}", extraction.error))
                continue
            batch = to_batch(doc, extraction)
            report.entities += len(batch.entities)
            report.relations += len(batch.relations)
            report.relevant += extraction.relevance >= self.relevance_threshold
            batches.append(batch)
        return batches

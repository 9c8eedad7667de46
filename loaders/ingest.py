"""The ingest pipeline, wired in one place: read → extract → resolve → write.

Documents stream through: each chunk is checked against the graph (an unchanged document is
skipped), the fresh ones are extracted in one stream (spaCy worker processes when asked), and the
results are written in batches through the one writer. A document that was in the graph before
has its own old evidence taken off first, so a changed document replaces what it said.

Each batch is written in one transaction (its old evidence removed, its new written, its
articles marked with `ingested_hash`), so a batch lands whole or not at all. An interrupted run
(Ctrl-C, kill, Neo4j gone) leaves no half-written document: the next run writes the batches
that never committed, and the final graph equals a clean single run. A batch Neo4j refuses
(its transaction terminated or timed out, out of memory) is reported failed, document by
document, and the run goes on; running again retries those documents.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.errors import GraphBusy, GraphError, GraphUnavailable, QueryTimeout, TransactionStopped
from graph.model import Document, Extraction, GraphBatch
from graph.resolve import to_batch
from graph.store.db import Graph, Transaction, batched
from graph.store.writer import GraphWriter, WriteSummary
from loaders.extractors import Extractor
from loaders.read import ReadError, read_jsonl
from loaders.sources import Item, Listed, Problem


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
    replaced: int = 0
    relevant: int = 0
    mentions: int = 0  # entity mentions: an entity named by three documents counts three times
    relations: int = 0
    failed: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    interrupted: str | None = None
    write: WriteSummary = field(default_factory=WriteSummary)
    entity_ids: set[str] = field(default_factory=set)

    @property
    def landed(self) -> int:
        return self.written + self.unchanged

    @property
    def entities(self) -> int:
        """Distinct entities the written documents name."""
        return len(self.entity_ids)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "written": self.written,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "relevant": self.relevant,
            "entities": self.entities,
            "mentions": self.mentions,
            "relations": self.relations,
            "failed": [{"where": f.where, "reason": f.reason} for f in self.failed],
            "warnings": [{"where": f.where, "reason": f.reason} for f in self.warnings],
            "interrupted": self.interrupted,
        }


ProgressFn = Callable[[IngestReport], None]
# Tags an ingest's transactions in SHOW TRANSACTIONS.
TRANSACTION_METADATA = {"app": "techkg", "job": "ingest"}
# What Neo4j can refuse one batch for while the next may still land.
BATCH_REFUSED = (QueryTimeout, GraphBusy, GraphError)
T = TypeVar("T")
Record = Document | Listed


def read_documents(paths: Iterable[Path], report: IngestReport) -> Iterator[Document]:
    """JSON Lines files only, strictly per the spec (a line without an id fails)."""
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


def records(items: Iterable[Item], report: IngestReport) -> Iterator[Record]:
    """Source items to records; problems go to the report (warnings do not count as failed)."""
    for item in items:
        if isinstance(item, Problem):
            if item.fatal:
                report.documents += 1
                report.failed.append(Failure(item.location, item.reason))
            else:
                report.warnings.append(Failure(item.location, item.reason))
        else:
            report.documents += 1
            yield item


def _document(record: Record) -> Document:
    return record.document if isinstance(record, Listed) else record


class Ingestor:
    """Settings in the constructor; `run` does the work. With `graph=None` nothing is written.

    `processes` > 1 extracts in spaCy worker processes; `retry_s` is how long a batch write keeps
    retrying while Neo4j is unreachable (a restart mid-run) before the run gives up."""

    def __init__(
        self,
        extractor: Extractor,
        graph: Graph | None,
        batch_size: int = 32,
        relevance_threshold: float = 0.5,
        force: bool = False,
        processes: int = 1,
        retry_s: float = 120.0,
    ) -> None:
        self.extractor = extractor
        self.graph = graph
        self.writer = GraphWriter(graph) if graph else None
        self.batch_size = batch_size
        self.relevance_threshold = relevance_threshold
        self.force = force
        self.processes = processes
        self.retry_s = retry_s

    def run(
        self,
        documents: Iterable[Record],
        report: IngestReport | None = None,
        on_progress: ProgressFn | None = None,
    ) -> IngestReport:
        report = report or IngestReport()
        progress = on_progress or (lambda _: None)
        fresh = self._fresh(documents, report, progress)
        for group in batched(self._extracted(fresh, report), self.batch_size):
            self._write(group, report)
            progress(report)
        progress(report)
        return report

    # ------------------------------------------------------------ stages

    def _fresh(
        self, records_in: Iterable[Record], report: IngestReport, progress: ProgressFn
    ) -> Iterator[tuple[Record, bool]]:
        """Records to (re)write, each with whether the graph already holds its article."""
        seen: set[str] = set()
        for chunk in batched(records_in, self.batch_size):
            unique = []
            for record in chunk:
                doc_id = _document(record).id
                if doc_id in seen:
                    report.warnings.append(
                        Failure(f"document {doc_id}", "repeated id in this run; first one kept")
                    )
                    report.unchanged += 1
                    continue
                seen.add(doc_id)
                unique.append(record)
            known = self._known(unique)
            for record in unique:
                doc = _document(record)
                if doc.id in known and known[doc.id] == doc.content_hash() and not self.force:
                    report.unchanged += 1
                else:
                    yield record, doc.id in known
            progress(report)

    def _known(self, chunk: list[Record]) -> dict[str, str | None]:
        if self.writer is None or not chunk:
            return {}
        ids = [_document(r).id for r in chunk]
        return self._retrying(lambda: self.writer.ingested_hashes(ids) if self.writer else {})

    def _extracted(
        self, fresh: Iterable[tuple[Record, bool]], report: IngestReport
    ) -> Iterator[tuple[GraphBatch, bool]]:
        """One extraction stream over every fresh document, in input order; listed records
        carry their extraction and skip the extractor."""
        pending: deque[tuple[Record, bool]] = deque()

        def feed() -> Iterator[Document]:
            for record, known in fresh:
                pending.append((record, known))
                if not isinstance(record, Listed):
                    yield record

        def flush_listed() -> Iterator[tuple[GraphBatch, bool]]:
            while pending and isinstance(pending[0][0], Listed):
                record, known = pending.popleft()
                assert isinstance(record, Listed)
                yield from self._resolved(record.document, record.extraction, known, report)

        stream = (
            self.extractor.run(feed(), n_process=self.processes)
            if self.processes > 1
            else self.extractor.run(feed())
        )
        for extraction in stream:
            yield from flush_listed()
            record, known = pending.popleft()
            assert isinstance(record, Document)
            yield from self._resolved(record, extraction, known, report)
        yield from flush_listed()

    def _resolved(
        self, doc: Document, extraction: Extraction, known: bool, report: IngestReport
    ) -> Iterator[tuple[GraphBatch, bool]]:
        if extraction.error:
            report.failed.append(Failure(f"document {doc.id}", extraction.error))
            return
        yield to_batch(doc, extraction), known

    def _write(self, group: list[tuple[GraphBatch, bool]], report: IngestReport) -> None:
        batches = [batch for batch, _ in group]
        known = [batch.article.id for batch, was_known in group if was_known]
        if self.graph is not None:
            graph = self.graph

            def in_one_transaction(tx: Transaction) -> WriteSummary:
                writer = GraphWriter(tx)
                if known:
                    writer.remove_article_evidence(known)
                summary = writer.write(batches)
                writer.mark_ingested(batches)
                return summary

            try:
                summary = self._retrying(lambda: _within_time(graph, in_one_transaction))
            except BATCH_REFUSED as exc:
                reason = f"not written (nothing of its batch landed): {exc.message}"
                report.failed += [Failure(f"document {b.article.id}", reason) for b in batches]
                return
            report.write.add(summary)
            report.replaced += len(known)
        self._count(batches, report)

    def _count(self, batches: list[GraphBatch], report: IngestReport) -> None:
        """What landed (or, dry, would have)."""
        report.written += len(batches)
        report.mentions += sum(len(b.entities) for b in batches)
        report.entity_ids.update(e.id for b in batches for e in b.entities)
        report.relations += sum(len(b.relations) for b in batches)
        report.relevant += sum(b.article.relevance >= self.relevance_threshold for b in batches)

    def _retrying(self, work: Callable[[], T]) -> T:
        deadline = time.monotonic() + self.retry_s
        while True:
            try:
                return work()
            except GraphUnavailable:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))


def _within_time(graph: Graph, work: Callable[[Transaction], T]) -> T:
    """`work` in one transaction, tried once more when it ran past Neo4j's transaction timeout:
    on a cold server most of a first batch's time is planning its statements, and the plans
    are cached by the second try. A transaction stopped from outside is not tried again."""
    try:
        return graph.in_transaction(work, TRANSACTION_METADATA)
    except TransactionStopped:
        raise
    except QueryTimeout:
        return graph.in_transaction(work, TRANSACTION_METADATA)



"""An on-disk table of triples, so that an RDF file larger than memory can be read back.

rdflib's in-memory Graph costs about a kilobyte per triple with its indexes, and an export of a
million relationships holds some 25 million triples. The import therefore streams the parsed
triples into a SQLite file in a temporary directory, indexes it by subject once, and reads it
back node by node, a page at a time. Literals come back as Python values (`date`, `float`,
`int`, `bool`, `str`); IRIs as `URIRef`, blank nodes as `BNode`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from graph.rdf.terms import ProgressFn, Triple, no_progress
from graph.store.db import batched

Value = Any  # URIRef | BNode | str | int | float | bool | date | …
Props = dict[URIRef, list[Value]]

IRI, BLANK, LITERAL = "i", "b", "l"
IN_CHUNK = 500  # host parameters per `IN (…)`; SQLite allows far more, this keeps plans cheap
INSERT_CHUNK = 50_000

SCHEMA = """
CREATE TABLE triples (s TEXT NOT NULL, p TEXT NOT NULL, kind TEXT NOT NULL, o TEXT NOT NULL,
                      datatype TEXT NOT NULL, lang TEXT NOT NULL);
CREATE TABLE types (s TEXT NOT NULL, type TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX triples_by_subject ON triples (s);
CREATE INDEX types_by_type ON types (type);
"""

_FAST: dict[str, Any] = {
    str(XSD.string): str,
    str(XSD.date): date.fromisoformat,
    str(XSD.double): float,
    str(XSD.integer): int,
    str(XSD.boolean): lambda text: text in ("true", "1"),
}


def encode_node(node: Node) -> str:
    """A subject or IRI as one string: blank nodes as `_:id` (never a valid absolute IRI)."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


@lru_cache(maxsize=1 << 16)  # predicates, types, mentioned entities and cited articles repeat
def decode_node(text: str) -> URIRef | BNode:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


@lru_cache(maxsize=1024)
def _predicate(text: str) -> URIRef:
    return URIRef(text)


def encode_object(node: Node) -> tuple[str, str, str, str]:
    if isinstance(node, Literal):
        return LITERAL, str(node), str(node.datatype or ""), node.language or ""
    return (BLANK if isinstance(node, BNode) else IRI), encode_node(node), "", ""


def decode_object(kind: str, text: str, datatype: str, lang: str) -> Value:
    if kind != LITERAL:
        return decode_node(text)
    if not datatype:
        return text
    fast = _FAST.get(datatype)
    if fast is not None:
        try:
            return fast(text)
        except ValueError:
            pass  # an ill-typed literal: let rdflib decide, as it would when parsing
    return Literal(text, datatype=URIRef(datatype), lang=lang or None).toPython()


class TripleStage:
    """Triples in a SQLite file: `add` them, `index` once, then read nodes back by subject."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        # A scratch file: nothing to recover after a crash, so no journal and no fsync.
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                              "PRAGMA cache_size = -262144;" + SCHEMA)
        self.triples = 0

    def close(self) -> None:
        self.db.close()

    def add(self, triples: Iterable[Triple], on_progress: ProgressFn = no_progress) -> int:
        """Store `triples`; return how many."""
        rows: list[tuple[str, ...]] = []
        types: list[tuple[str, str]] = []
        for s, p, o in triples:
            subject = encode_node(s)
            rows.append((subject, str(p), *encode_object(o)))
            if p == RDF.type:
                types.append((subject, encode_node(o)))
            if len(rows) >= INSERT_CHUNK:
                self._flush(rows, types, on_progress)
        self._flush(rows, types, on_progress)
        return self.triples

    def _flush(
        self, rows: list[tuple[str, ...]], types: list[tuple[str, str]], on_progress: ProgressFn
    ) -> None:
        with self.db:
            self.db.executemany("INSERT INTO triples VALUES (?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO types VALUES (?, ?)", types)
        self.triples += len(rows)
        rows.clear()
        types.clear()
        on_progress("parsing", self.triples, None)

    def index(self) -> None:
        self.db.executescript(INDEXES)

    def count(self, rdf_type: URIRef) -> int:
        query = "SELECT count(DISTINCT s) FROM types WHERE type = ?"
        return int(self.db.execute(query, (str(rdf_type),)).fetchone()[0])

    def subjects(self, rdf_type: URIRef, page: int) -> Iterator[list[URIRef | BNode]]:
        """Every node of `rdf_type`, in pages of `page`, in the order the file gives them: a
        node's triples usually follow each other there, so a page reads the table in sequence
        rather than all over it. (A node typed twice in the file comes twice; writing is
        idempotent, so that costs time, not correctness.)"""
        after = 0
        query = "SELECT rowid, s FROM types WHERE type = ? AND rowid > ? ORDER BY rowid LIMIT ?"
        while True:
            rows = self.db.execute(query, (str(rdf_type), after, page)).fetchall()
            if not rows:
                return
            yield [decode_node(s) for _, s in rows]
            after = rows[-1][0]

    def nodes(self, subjects: Iterable[Node], without: URIRef | None = None) -> dict[Node, Props]:
        """The properties of each of `subjects` (a node the file says nothing about is absent),
        leaving out the property `without` (an article's many mentions, when not needed)."""
        out: dict[Node, Props] = {}
        keys = sorted({encode_node(s) for s in subjects})
        for chunk in batched(keys, IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            query = ("SELECT s, p, kind, o, datatype, lang FROM triples"
                     f" WHERE s IN ({marks}) AND p IS NOT ?")
            seen: set[tuple[str, ...]] = set()
            for row in self.db.execute(query, [*chunk, str(without) if without else None]):
                if row in seen:  # RDF is a set: a triple repeated in the file counts once
                    continue
                seen.add(row)
                s, p, kind, o, datatype, lang = row
                props = out.get(node := decode_node(s))
                if props is None:
                    props = out[node] = defaultdict(list)
                props[_predicate(p)].append(decode_object(kind, o, datatype, lang))
        return out

"""Triples out of an RDF file: N-Triples streamed line by line, Turtle and JSON-LD whole.

N-Triples is parsed with rdflib's own streaming parser (`W3CNTriplesParser`) in chunks of lines;
a line it rejects (or that is not UTF-8) is reported with its number and skipped, and the rest of
the file still lands. rdflib has no streaming Turtle or JSON-LD parser, so those are parsed whole
into memory: for large graphs, export and import N-Triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node

from graph.errors import InvalidInput
from graph.rdf.formats import RdfFormat, format_of
from graph.rdf.terms import Triple, parse_rdf

CHUNK_LINES = 20_000
MAX_REPORTED = 100


@dataclass
class Problems:
    """What could not be read or written, by file line or node; the first MAX_REPORTED kept."""

    count: int = 0
    messages: list[str] = field(default_factory=list)

    def report(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_REPORTED:
            self.messages.append(message)


class _Collect:
    """The parser's sink: keeps the triples of the chunk being parsed."""

    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def triple(self, s: Node, p: Node, o: Node) -> None:
        self.triples.append((s, p, o))


def read_triples(path: Path, fmt: RdfFormat | None, problems: Problems) -> Iterator[Triple]:
    """The triples of the file at `path`; bad N-Triples lines go to `problems`."""
    fmt = fmt or format_of(path)
    if fmt is RdfFormat.NT:
        yield from _ntriples(path, problems)
        return
    try:
        graph = parse_rdf(path, fmt)
    except (SyntaxError, ValueError) as exc:  # rdflib's parse errors derive from these
        raise InvalidInput(f"{path.name} is not valid RDF ({fmt.value}): {exc}", field="file") from exc
    except RecursionError as exc:  # JSON-LD or Turtle nested past what the parser can recurse
        raise InvalidInput(
            f"{path.name} is not valid RDF ({fmt.value}): nested too deeply to parse", field="file"
        ) from exc
    yield from graph


def _ntriples(path: Path, problems: Problems) -> Iterator[Triple]:
    sink = _Collect()
    parser = W3CNTriplesParser(sink)  # type: ignore[arg-type]
    chunk: list[tuple[int, bytes]] = []
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            chunk.append((number, raw))
            if len(chunk) >= CHUNK_LINES:
                yield from _parse_chunk(parser, sink, chunk, path, problems)
                chunk = []
    yield from _parse_chunk(parser, sink, chunk, path, problems)


def _parse_chunk(
    parser: W3CNTriplesParser,
    sink: _Collect,
    chunk: list[tuple[int, bytes]],
    path: Path,
    problems: Problems,
) -> list[Triple]:
    """The chunk's triples; if any line fails, each line again on its own to find which."""
    try:
        _parse_text(parser, b"".join(raw for _, raw in chunk).decode("utf-8"))
        return _take(sink)
    except (ParserError, UnicodeDecodeError):
        sink.triples.clear()
    for number, raw in chunk:
        try:
            _parse_text(parser, raw.decode("utf-8"))
        except UnicodeDecodeError:
            problems.report(f"{path.name}:{number}: not UTF-8")
        except ParserError:
            problems.report(f"{path.name}:{number}: not an N-Triples line: {raw[:120]!r}")
    return _take(sink)


def _parse_text(parser: W3CNTriplesParser, text: str) -> None:
    parser.parse(StringIO(text))  # blank node ids stay shared across chunks (the parser's own)


def _take(sink: _Collect) -> list[Triple]:
    triples, sink.triples = sink.triples, []
    return triples

"""Document sources: files, directories, URLs and standard input in every format analysts have.

`read_sources` walks what it is given and yields, in order, a `Document`, a `Listed` record (a
structured list row with its extraction) or a `Problem` (file, line or entry, reason) for each
thing it finds. The format is detected from the extension and the content, or forced.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import httpx

from loaders.sources.base import MAX_FILE_BYTES, Item, Listed, Problem, read_text
from loaders.sources.feed import parse_feed
from loaders.sources.files import MAX_READ_BYTES, inspect, read_file, walk
from loaders.sources.html import parse_html
from loaders.sources.screening import (
    MAX_LIST_BYTES,
    CatalogResolver,
    is_screening_header,
    looks_like_screening_json,
    parse_screening_csv,
    parse_screening_json,
)
from loaders.sources.tabular import COLUMNS, parse_csv, parse_jsonl
from loaders.sources.text import parse_text
from loaders.untrusted import not_text

__all__ = [
    "CatalogResolver",
    "Format",
    "Item",
    "Listed",
    "Problem",
    "detect_format",
    "parse",
    "read_sources",
]

FETCH_TIMEOUT_S = 30.0


class Format(StrEnum):
    JSONL = "jsonl"
    TEXT = "txt"
    MARKDOWN = "md"
    HTML = "html"
    FEED = "feed"
    CSV = "csv"
    SCREENING_CSV = "csl-csv"
    SCREENING_JSON = "csl-json"


_BY_EXTENSION = {
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".jsonlines": Format.JSONL,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
}
# Extensions whose content decides between two formats.
_SNIFFED = {".json", ".csv", ".xml"}
DEFAULT_INCLUDE = tuple(f"*{ext}" for ext in [*_BY_EXTENSION, *_SNIFFED])


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")


def _sniff(head: bytes) -> Format:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = stripped[:4096].lower()
    text = stripped[:65536].decode("utf-8", "replace")
    if stripped.startswith((b"{", b"[")):
        return Format.SCREENING_JSON if looks_like_screening_json(text) else Format.JSONL
    if stripped.startswith(b"<"):
        if any(tag in lowered for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return Format.FEED
        if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<body", b"<head")):
            return Format.HTML
        return Format.FEED if lowered.startswith(b"<?xml") else Format.HTML
    header = [cell.strip().lower() for cell in _first_line(stripped).split(",")]
    if len(header) > 1 and is_screening_header(header):
        return Format.SCREENING_CSV
    known = {name for names in (COLUMNS["text"], COLUMNS["title"]) for name in names}
    if len(header) > 1 and known & set(header):
        return Format.CSV
    return Format.TEXT


def detect_format(name: str, head: bytes) -> Format:
    """The extension decides when it is unambiguous; otherwise the first bytes do."""
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    sniffed = _sniff(head)
    if suffix == ".csv":
        return sniffed if sniffed is Format.SCREENING_CSV else Format.CSV
    if suffix == ".json":
        return sniffed if sniffed is Format.SCREENING_JSON else Format.JSONL
    if suffix == ".xml":
        return sniffed if sniffed is Format.HTML else Format.FEED
    return sniffed


def parse(
    data: bytes,
    name: str,
    fmt: Format | None = None,
    relative: str | None = None,
    url: str | None = None,
    resolver: CatalogResolver | None = None,
) -> Iterator[Item]:
    """Every item one input holds; never raises on bad input."""
    binary = not_text(data)
    if binary:
        yield Problem(name, "", binary)
        return
    fmt = fmt or detect_format(name, data[:65536])
    if fmt is Format.JSONL:  # read line by line: a bad line is one Problem, not the file's
        yield from parse_jsonl(data, name)
        return
    if fmt is Format.FEED:  # feedparser reads the bytes and their declared encoding
        yield from parse_feed(data, name)
        return
    screening = fmt in (Format.SCREENING_CSV, Format.SCREENING_JSON)
    text = read_text(data, name, limit=MAX_LIST_BYTES if screening else MAX_FILE_BYTES)
    if isinstance(text, Problem):  # empty, too large or not UTF-8
        yield text
    elif fmt in (Format.TEXT, Format.MARKDOWN):
        yield from parse_text(text, name, markdown=fmt is Format.MARKDOWN, relative=relative)
    elif fmt is Format.HTML:
        yield from parse_html(text, name, relative=relative, url=url)
    elif fmt is Format.CSV:
        yield from parse_csv(text, name)
    elif fmt is Format.SCREENING_CSV:
        yield from parse_screening_csv(text, name, resolver)
    else:
        yield from parse_screening_json(text, name, resolver)


def fetch(url: str, timeout: float = FETCH_TIMEOUT_S) -> bytes | Problem:
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                return Problem(url, "", f"HTTP {response.status_code}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    return Problem(url, "", f"response over the {MAX_FILE_BYTES:,} byte limit")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        return Problem(url, "", f"cannot fetch: {type(exc).__name__}: {exc}")


def read_sources(
    specs: Iterable[str],
    fmt: Format | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    stdin: BinaryIO | None = None,
    resolver: CatalogResolver | None = None,
) -> Iterator[Item]:
    """Files, directories (recursively), http(s) URLs and '-' for standard input."""
    include, exclude = list(include) or list(DEFAULT_INCLUDE), list(exclude)
    for spec in specs:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read(MAX_READ_BYTES + 1)
            yield from parse(data, "<stdin>", fmt, resolver=resolver)
        elif spec.startswith(("http://", "https://")):
            fetched = fetch(spec)
            if isinstance(fetched, Problem):
                yield fetched
            else:
                yield from parse(fetched, spec, fmt, url=spec, resolver=resolver)
        else:
            yield from _read_path(Path(spec), spec, fmt, include, exclude, resolver)


def _read_path(
    path: Path,
    spec: str,
    fmt: Format | None,
    include: list[str],
    exclude: list[str],
    resolver: CatalogResolver | None,
) -> Iterator[Item]:
    found = inspect(path, spec)
    if isinstance(found, Problem):
        yield found
    elif found == "directory":
        for file in walk(path, include, exclude):
            if isinstance(file, Problem):
                yield file
                continue
            relative = f"{path.resolve().name}/{file.relative_to(path).as_posix()}"
            yield from _parse_file(file, str(file), fmt, relative, resolver, follow_links=False)
    else:
        relative = f"{path.resolve().parent.name}/{path.name}"
        yield from _parse_file(path, spec, fmt, relative, resolver, follow_links=True)


def _parse_file(
    path: Path,
    name: str,
    fmt: Format | None,
    relative: str,
    resolver: CatalogResolver | None,
    follow_links: bool,
) -> Iterator[Item]:
    data = read_file(path, name, follow_links)
    if isinstance(data, Problem):
        yield data
    else:
        yield from parse(data, name, fmt, relative=relative, resolver=resolver)

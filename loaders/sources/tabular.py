"""CSV with named columns and JSON Lines (the spec's document format, through loaders.read)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from graph.model import Document
from loaders.read import ReadError, numbered_lines, read_object, to_document
from loaders.sources.base import (
    Item,
    Problem,
    clean_text,
    csv_rows,
    date_or_warning,
    document_id,
    parse_date,
)

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Column names accepted for each field, first match wins (compared case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "document_id"),
    "title": ("title", "headline", "subject"),
    "text": ("text", "body", "content", "article", "summary", "description"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date"),
    "url": ("url", "link", "href"),
    "source": ("source", "publisher", "outlet", "site"),
}


def parse_jsonl(data: bytes, path: str) -> Iterator[Item]:
    """Each line a document; a line without an id gets one from its URL or content."""
    if not data.strip():
        yield Problem(path, "", "empty file")
        return
    for number, raw in numbered_lines(data.split(b"\n")):
        fields = read_object(raw, path, number)
        result = fields if isinstance(fields, ReadError) else to_document(
            _with_id(fields), path, number
        )
        if isinstance(result, ReadError):
            reason = f"({result.doc_id}) {result.reason}" if result.doc_id else result.reason
            yield Problem(path, f"line {result.line}", reason)
        else:
            result.title, result.text = clean_text(result.title), clean_text(result.text)
            yield result


def _with_id(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("id") not in (None, ""):
        return fields
    title, text, url = fields.get("title"), fields.get("text"), fields.get("url")
    if not all(isinstance(v, str | None) for v in (title, text, url)):
        return fields  # validation names the field of the wrong type
    return {**fields, "id": document_id(title or "", text or "", url=url)}


def _pick(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    found = {}
    for field, names in COLUMNS.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    return found


def parse_csv(decoded: str, path: str) -> Iterator[Item]:
    """A header row names the columns; each row is a document (`text` or `title` required)."""
    reader = csv.reader(io.StringIO(decoded, newline=""))
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        yield Problem(path, "line 1", f"no CSV header: {exc}")
        return
    columns = _pick(header)
    if "text" not in columns and "title" not in columns:
        yield Problem(
            path,
            "line 1",
            "CSV has no 'text' or 'title' column "
            f"(columns: {', '.join(h[:40] for h in header[:20])})",
        )
        return
    for item in csv_rows(reader, path):
        if isinstance(item, Problem):
            yield item
            return
        line, row = item
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem(
                path, f"line {line}", f"{len(row)} fields where the header has {len(header)}"
            )
            continue
        yield from _row_document(row, columns, path, line)


def _row_document(row: list[str], columns: dict[str, int], path: str, line: int) -> Iterator[Item]:
    cell = {field: clean_text(row[index]) for field, index in columns.items()}
    title, text = cell.get("title", ""), cell.get("text", "")
    if not title and not text:
        yield Problem(path, f"line {line}", "row has no title and no text")
        return
    published = yield from date_or_warning(parse_date, cell.get("published"), path, f"line {line}")
    url = cell.get("url") or None
    try:
        yield Document(
            id=document_id(title, text, url=url, given=cell.get("id")),
            title=title,
            text=text,
            published=published,
            url=url,
            source=cell.get("source") or None,
        )
    except ValidationError as exc:
        yield Problem(path, f"line {line}", f"bad row: {exc.errors()[0]['msg']}")

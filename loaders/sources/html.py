"""HTML pages saved to disk: main text, title, date and canonical URL through trafilatura."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import trafilatura

from graph.model import Document
from loaders.sources.base import (
    Item,
    Problem,
    clean_text,
    document_id,
    parse_date,
    read_text,
)

# trafilatura logs every page it finds no text in; the Problem we yield says it once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def parse_html(
    data: bytes, path: str, relative: str | None = None, url: str | None = None
) -> Iterator[Item]:
    decoded = read_text(data, path)
    if isinstance(decoded, Problem):
        yield decoded
        return
    try:
        found = trafilatura.bare_extraction(
            decoded, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # a parser bug on odd markup must not stop the batch
        yield Problem(path, "", f"HTML not parseable: {type(exc).__name__}: {exc}")
        return
    if found is None or isinstance(found, dict) or not (found.text or "").strip():
        yield Problem(path, "", "HTML has no main text (empty or missing body)")
        return
    text = clean_text(found.text or "")
    title = clean_text(found.title or "")
    if title and text.startswith(title):
        text = text[len(title) :].strip()
    published = None
    try:
        published = parse_date(found.date)
    except ValueError as exc:
        yield Problem(path, "", f"{exc}; kept without a date", fatal=False)
    canonical = found.url or url
    yield Document(
        id=document_id(title, text, url=canonical, path=relative),
        title=title[:1000],
        text=text,
        published=published,
        url=canonical,
        source=found.sitename or found.hostname or None,
    )

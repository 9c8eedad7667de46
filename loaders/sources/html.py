"""HTML pages saved to disk: main text, title, date and canonical URL through trafilatura."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import trafilatura

from loaders.sources.base import (
    Item,
    Problem,
    clean_text,
    date_or_warning,
    parse_date,
    titled_document,
)

# trafilatura logs every page it finds no text in; the Problem we yield says it once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def parse_html(
    decoded: str, path: str, relative: str | None = None, url: str | None = None
) -> Iterator[Item]:
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
    published = yield from date_or_warning(parse_date, found.date, path, "")
    source = found.sitename or found.hostname or None
    yield titled_document(title, text, published, found.url or url, source, path=relative)

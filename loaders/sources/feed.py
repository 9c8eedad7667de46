"""RSS and Atom feeds (feedparser): each entry is a document with its link and date."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from loaders.sources.base import (
    Item,
    Problem,
    check_size,
    clean_text,
    date_or_warning,
    parse_date,
    titled_document,
)

_TAG = re.compile(r"<[^>]*>")


def strip_tags(markup: str) -> str:
    text = html.unescape(_TAG.sub(" ", markup))
    return re.sub(r"[ \t]+", " ", re.sub(r" +([.,;:!?])", r"\1", text))


def _get(entry: Any, key: str) -> Any:
    """Plain dict access: FeedParserDict's own lookup maps missing keys with a warning."""
    return dict.get(entry, key) if isinstance(entry, dict) else None


def _entry_text(entry: Any) -> str:
    contents = _get(entry, "content") or []
    for content in contents:
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    summary = _get(entry, "summary")
    return summary if isinstance(summary, str) else ""


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = _get(entry, key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    raw = _get(entry, "published") or _get(entry, "updated")
    return parse_date(raw) if raw else None


def parse_feed(data: bytes, path: str) -> Iterator[Item]:
    problem = check_size(data, path)
    if problem:
        yield problem
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient, but a crash must not stop the batch
        yield Problem(path, "", f"feed not parseable: {type(exc).__name__}: {exc}")
        return
    entries = _get(parsed, "entries") or []
    if not entries:
        reason = _get(parsed, "bozo_exception")
        yield Problem(path, "", f"no feed entries{f' ({reason})' if reason else ''}")
        return
    source = _get(_get(parsed, "feed") or {}, "title") or None
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        try:
            title = clean_text(strip_tags(str(_get(entry, "title") or "")))
            text = clean_text(strip_tags(_entry_text(entry)))
            link = _get(entry, "link")
            link = (
                link if isinstance(link, str) and link.startswith(("http://", "https://")) else None
            )
            if not title and not text:
                yield Problem(path, where, "entry has no title and no text")
                continue
            published = yield from date_or_warning(_entry_date, entry, path, where)
            given = _get(entry, "id") if not link else None
            given = given if isinstance(given, str) else None
            publisher = clean_text(str(source))[:200] if source else None
            yield titled_document(title, text, published, link, publisher, given=given)
        except Exception as exc:  # one broken entry must not stop the others
            yield Problem(path, where, f"broken entry: {type(exc).__name__}: {exc}")

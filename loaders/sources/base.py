"""What every source reader yields: a Document, a Listed record (a document whose extraction
is already known, from a structured list), or a Problem naming file, line or entry, and reason.

Readers are pure functions of bytes and a name, so they can be fuzzed and never raise on input.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from graph.model import Document, Extraction

MAX_FILE_BYTES = 50_000_000
MAX_ID_CHARS = 512
MAX_TITLE_CHARS = 1000


@dataclass(frozen=True)
class Problem:
    """Bad input, reported and skipped. `fatal=False` is a warning: the document still lands."""

    path: str
    where: str  # "line 3", "row 7", "entry 2", or "" for the whole file
    reason: str
    fatal: bool = True

    @property
    def location(self) -> str:
        return f"{self.path}:{self.where}" if self.where else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True)
class Listed:
    """A record from a structured list: its document and the extraction it states outright."""

    document: Document
    extraction: Extraction


Item = Document | Listed | Problem


def url_id(url: str) -> str:
    """A stable id from a URL (its scheme, the case of its host, a trailing slash ignored)."""
    norm = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")
    host, _, rest = norm.partition("/")
    key = host.lower() + ("/" + rest if rest else "")
    return "url-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def content_id(title: str, text: str) -> str:
    raw = f"{title}\x00{text}".encode("utf-8", "surrogatepass")
    return "sha-" + hashlib.sha256(raw).hexdigest()[:24]


def path_id(relative: str) -> str:
    return "file-" + hashlib.sha256(relative.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def document_id(
    title: str, text: str, url: str | None = None, path: str | None = None, given: str | None = None
) -> str:
    """The id a document keeps across runs: its own, else its URL's, its file's, its content's."""
    if given and given.strip() and len(given) <= MAX_ID_CHARS:
        return given.strip()
    if url and url.strip():
        return url_id(url)
    if path:
        return path_id(path)
    return content_id(title, text)


def titled_document(
    title: str,
    text: str,
    published: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    path: str | None = None,
    given: str | None = None,
) -> Document:
    """A Document with the id it keeps across runs (`document_id`) and its title cut to
    MAX_TITLE_CHARS (a page or feed whose "title" is a whole article)."""
    return Document(
        id=document_id(title, text, url=url, path=path, given=given),
        title=title[:MAX_TITLE_CHARS],
        text=text,
        published=published,
        url=url,
        source=source,
    )


def date_or_warning(
    parse: Callable[[Any], dt.date | None], raw: Any, path: str, where: str, field: str = ""
) -> Generator[Problem, None, dt.date | None]:
    """`parse(raw)`; a date it cannot read is a warning (`published = yield from
    date_or_warning(…)`), and the document is kept without one."""
    try:
        return parse(raw)
    except ValueError as exc:
        yield Problem(path, where, f"{field}{exc}; kept without a date", fatal=False)
        return None


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: object) -> dt.date | None:
    """ISO dates (with or without a time) and RFC 2822 dates; raise ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)  # raises ValueError for 2024-13-40
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        raise ValueError(f"unparseable date {text[:40]!r}") from exc


def decode(data: bytes, path: str) -> str | Problem:
    """UTF-8 (a BOM is dropped); invalid bytes are a Problem naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(path, f"line {line}", f"invalid UTF-8 at byte {exc.start}")


def check_size(data: bytes, path: str, limit: int = MAX_FILE_BYTES) -> Problem | None:
    if not data.strip():
        return Problem(path, "", "empty file")
    if len(data) > limit:
        return Problem(path, "", f"file is {len(data):,} bytes, over the {limit:,} limit")
    return None


def read_text(data: bytes, path: str, limit: int = MAX_FILE_BYTES) -> str | Problem:
    """The file's text, or the one Problem that stops it: empty, too big, or not UTF-8."""
    return check_size(data, path, limit) or decode(data, path)


def csv_rows(reader: Any, path: str) -> Iterator[tuple[int, Any] | Problem]:
    """A csv reader's rows with the line each starts on; a malformed row ends the file with a
    Problem (the csv module cannot resynchronise after one)."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(path, f"line {line}", f"malformed CSV: {exc}")
            return
        yield line, row


def clean_text(text: str) -> str:
    """Lone surrogates and NULs cannot be stored or parsed; collapse runs of blank lines."""
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()

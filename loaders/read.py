"""Read documents from JSON Lines: every line becomes a Document or a ReadError naming
file, line and field, so one bad line never stops the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.model import Document
from loaders.untrusted import UTF8_BOM, JSONInputError, load_json

MAX_LINE_BYTES = 2_000_000


@dataclass(frozen=True)
class ReadError:
    path: str
    line: int
    reason: str
    doc_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return (
            f"{where} ({self.doc_id}): {self.reason}" if self.doc_id else f"{where}: {self.reason}"
        )


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "document"
        parts.append(f"field '{field}': {err['msg']}")
    return "; ".join(parts)


def numbered_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines, stripped, with their numbers; a UTF-8 byte order mark is dropped from
    the first (editors on Windows write one)."""
    for number, raw in enumerate(lines, 1):
        stripped = (raw.removeprefix(UTF8_BOM) if number == 1 else raw).strip()
        if stripped:
            yield number, stripped


def read_object(raw: bytes, path: str, number: int) -> dict[str, Any] | ReadError:
    """One line as a JSON object, or why it is not one."""
    if len(raw) > MAX_LINE_BYTES:
        return ReadError(
            path, number, f"line is {len(raw):,} bytes, over the {MAX_LINE_BYTES:,} limit"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadError(path, number, f"invalid UTF-8 at byte {exc.start}")
    try:
        data = load_json(text)
    except JSONInputError as exc:
        return ReadError(path, number, f"not JSON: {exc}")
    if not isinstance(data, dict):
        return ReadError(path, number, "not a JSON object")
    return data


def to_document(data: dict[str, Any], path: str, number: int) -> Document | ReadError:
    doc_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        return ReadError(path, number, _describe(exc), doc_id)


def parse_line(raw: bytes, path: str, number: int) -> Document | ReadError:
    data = read_object(raw, path, number)
    return data if isinstance(data, ReadError) else to_document(data, path, number)


def read_jsonl(path: Path) -> Iterator[Document | ReadError]:
    with path.open("rb") as handle:
        for number, raw in numbered_lines(handle):
            yield parse_line(raw, str(path), number)

"""Read documents from JSON Lines: every line becomes a Document or a ReadError naming
file, line and field, so one bad line never stops the rest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from graph.model import Document

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


def parse_line(raw: bytes, path: str, number: int) -> Document | ReadError:
    if len(raw) > MAX_LINE_BYTES:
        return ReadError(
            path, number, f"line is {len(raw):,} bytes, over the {MAX_LINE_BYTES:,} limit"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadError(path, number, f"invalid UTF-8 at byte {exc.start}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadError(path, number, f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return ReadError(path, number, "not a JSON object")
    doc_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        return ReadError(path, number, _describe(exc), doc_id)


def read_jsonl(path: Path) -> Iterator[Document | ReadError]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                yield parse_line(raw.strip(), str(path), number)

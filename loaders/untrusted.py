"""Bytes from outside, checked before anything trusts them: JSON that may nest too deep for the
parser, and content that is not text at all.

Every reader of user input (JSON Lines, screening-list JSON, an LLM's answer) parses JSON through
`load_json`, so a crafted document fails alone with a reason instead of stopping a batch.
"""

from __future__ import annotations

import json
from typing import Any

UTF8_BOM = b"\xef\xbb\xbf"
# Bytes a text file never holds: C0 controls other than tab, line feed, vertical tab, form feed
# and carriage return, and DEL. NUL is counted apart: one is enough to call a file binary.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
# Share of control bytes above which content is binary. Scraped text can carry a stray one
# (an old DOS end-of-file mark, an escape from a terminal log); a binary file has many.
MAX_CONTROL_SHARE = 0.1
_CHUNK = 1 << 20  # counted a megabyte at a time: a copy of a 500 MB file would double its memory
_UTF16_32_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class JSONInputError(ValueError):
    """JSON that cannot be read: a syntax error (with its column) or nesting too deep."""


def load_json(text: str) -> Any:
    """`json.loads`, with nesting too deep for the parser (which raises RecursionError, an error
    no reader expects) reported as a JSONInputError like any other unreadable JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        raise JSONInputError(f"{exc.msg} at {where}") from exc
    except RecursionError as exc:
        raise JSONInputError("nested too deeply for the JSON parser") from exc


def not_text(data: bytes) -> str | None:
    """Why `data` is not UTF-8 text (UTF-16 or UTF-32, a NUL byte, mostly control bytes), or
    None when it may be text."""
    for bom, encoding in _UTF16_32_BOMS.items():
        if data.startswith(bom):
            return f"{encoding} text (byte order mark); only UTF-8 is read, save it as UTF-8"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary content, not text (a NUL byte at byte {nul})"
    controls = sum(
        len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))
        for chunk in (data[at : at + _CHUNK] for at in range(0, len(data), _CHUNK))
    )
    if data and controls / len(data) > MAX_CONTROL_SHARE:
        return (
            f"binary content, not text ({controls:,} of {len(data):,} bytes are control bytes)"
        )
    return None

"""Cursor paging shared by the readers: an opaque cursor that encodes an offset."""

from __future__ import annotations

import base64
from typing import Any

from graph.errors import InvalidInput


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        offset = int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not one this API issued", field="cursor") from exc
    if kind != "o" or offset < 0:
        raise InvalidInput("cursor is not one this API issued", field="cursor")
    return offset


def page_of(rows: list[Any], limit: int, offset: int) -> tuple[list[Any], str | None]:
    """Callers fetch limit + 1 rows; the extra one says whether a next page exists."""
    more = len(rows) > limit
    return rows[:limit], encode_cursor(offset + limit) if more else None

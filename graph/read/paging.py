"""Cursor paging shared by the readers: an opaque cursor that encodes an offset, and the read of
one page of a query that ends `SKIP $offset LIMIT $limit`."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any, LiteralString

from graph.errors import InvalidCursor
from graph.store.db import Graph

# Neo4j adds SKIP and LIMIT in 64-bit integers ("long overflow" near 2**63); no page of this graph
# lies anywhere near 2**62, so anything past it is a cursor this API never issued.
MAX_OFFSET = 2**62


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor of `encode_cursor` holds; anything else is InvalidCursor (400)."""
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        offset = int(value)
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursor("cursor is not one this API issued", field="cursor") from exc
    # Only the exact text encode_cursor writes: int() alone would take "+1", " 1", "1_0", "١".
    if kind != "o" or not 0 <= offset <= MAX_OFFSET or encode_cursor(offset) != cursor:
        raise InvalidCursor("cursor is not one this API issued", field="cursor")
    return offset


def page_of(rows: list[Any], limit: int, offset: int) -> tuple[list[Any], str | None]:
    """Callers fetch limit + 1 rows; the extra one says whether a next page exists."""
    more = len(rows) > limit
    return rows[:limit], encode_cursor(offset + limit) if more else None


def read_page(
    graph: Graph,
    query: LiteralString,
    params: Mapping[str, Any],
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """The rows of the page `cursor` points at (the first without one), and the next page's
    cursor (None on the last page)."""
    offset = decode_cursor(cursor)
    rows = graph.read(query, {**params, "offset": offset, "limit": limit + 1})
    return page_of(rows, limit, offset)

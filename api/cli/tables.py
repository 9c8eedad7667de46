"""The tables CLI commands print. Titles and cells are plain text: an entity named `[sic] Corp`,
a sentence quoting `[sic]` or a file name with brackets shows as it is, never read as markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Column, Table
from rich.text import Text


def text_table(title: str | None, columns: Iterable[str | Column],
               rows: Iterable[Iterable[str]], **options: Any) -> Table:
    table = Table(*columns, title=Text(title) if title else None, **options)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def count_table(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    """The summary long commands end with: one row per thing counted."""
    return text_table(title, ["what", Column("count", justify="right")], rows,
                      min_width=len(title) + 4)

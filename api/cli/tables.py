"""The summary table long CLI commands end with: one row per thing counted."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table


def count_table(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    table = Table(title=title, min_width=len(title) + 4)
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, count in rows:
        table.add_row(what, count)
    return table

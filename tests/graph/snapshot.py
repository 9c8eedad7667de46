"""The whole graph as comparable Python values: two graphs are equal when their snapshots are."""

from __future__ import annotations

from typing import Any

from graph.store.db import Graph

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN coalesce(a.id, '') AS start, type(r) AS type, coalesce(b.id, '') AS end,
       properties(r) AS props
"""


def _freeze(value: Any, sort_lists: bool) -> Any:
    if isinstance(value, list):
        items = [_freeze(v, sort_lists) for v in value]
        return tuple(sorted(items, key=repr)) if sort_lists else tuple(items)
    return value


def snapshot(graph: Graph) -> dict[str, Any]:
    """Nodes with list properties as sets (alias order follows batch boundaries); relationships
    exactly, evidence lists in order."""
    nodes = sorted(
        (tuple(sorted(row["labels"])),
         tuple(sorted((k, _freeze(v, True)) for k, v in row["props"].items())))
        for row in graph.read(NODES))
    rels = sorted(
        (row["start"], row["type"], row["end"],
         tuple(sorted((k, _freeze(v, False)) for k, v in row["props"].items())))
        for row in graph.read(RELATIONSHIPS))
    return {"nodes": nodes, "relationships": rels}

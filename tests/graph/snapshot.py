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
# The lists a relationship keeps one item per piece of evidence in, in the order it arrived.
EVIDENCE_LISTS = frozenset(
    {"evidence_keys", "evidence", "articles", "dates", "confidences", "sentence_hashes",
     "evidence_sources"}
)


def _freeze(value: Any, sort_lists: bool) -> Any:
    if isinstance(value, list):
        items = [_freeze(v, sort_lists) for v in value]
        return tuple(sorted(items, key=repr)) if sort_lists else tuple(items)
    return value


def _evidence(props: dict[str, Any], in_arrival_order: bool) -> tuple[Any, ...]:
    if in_arrival_order:
        return tuple(sorted((k, _freeze(v, False)) for k, v in props.items()))
    lists = sorted(k for k in props if k in EVIDENCE_LISTS)
    # One tuple per piece of evidence, so that the lists still pair up once sorted.
    pieces = tuple(sorted(zip(*(props[k] for k in lists), strict=True), key=repr))
    rest = tuple(sorted((k, _freeze(v, False)) for k, v in props.items() if k not in lists))
    return (tuple(lists), pieces, *rest)


def snapshot(graph: Graph, evidence_in_arrival_order: bool = True) -> dict[str, Any]:
    """Nodes with list properties as sets (alias order follows batch boundaries); relationships
    exactly, evidence lists in order unless `evidence_in_arrival_order` is False (documents that
    came in another order: the evidence is the same set, and everything else must be equal)."""
    nodes = sorted(
        (tuple(sorted(row["labels"])),
         tuple(sorted((k, _freeze(v, True)) for k, v in row["props"].items())))
        for row in graph.read(NODES))
    rels = sorted(
        (row["start"], row["type"], row["end"],
         _evidence(row["props"], evidence_in_arrival_order))
        for row in graph.read(RELATIONSHIPS))
    return {"nodes": nodes, "relationships": rels}

"""Analytics results cached per (measure, parameters) and keyed by the graph's version: the
bookmark of a read transaction, which Neo4j advances with every committed write, so any ingest
invalidates them."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

import neo4j
from pydantic import BaseModel

from graph.store.db import Graph, wrap_errors

R = TypeVar("R", bound=BaseModel)


def graph_version(graph: Graph) -> str:
    """Changes with every committed write: the bookmark a fresh read transaction ends with."""
    with (
        wrap_errors(),
        graph.driver.session(
            database=graph.database, default_access_mode=neo4j.READ_ACCESS
        ) as session,
    ):
        session.execute_read(lambda tx: tx.run("RETURN 1").consume())
        return ",".join(sorted(session.last_bookmarks().raw_values))


class ResultCache:
    """A small LRU of results, keyed by measure, parameters and graph version."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self.hits = 0
        self._items: OrderedDict[tuple[str, ...], BaseModel] = OrderedDict()
        self._lock = Lock()

    def get_or_compute(
        self, graph: Graph, measure: str, params: dict[str, Any], compute: Callable[[], R]
    ) -> R:
        key = (
            graph.database,
            measure,
            json.dumps(params, sort_keys=True, default=str),
            graph_version(graph),
        )
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = ResultCache()

"""Another client's transactions, to catch a writer mid-transaction: hold a lock it needs, see
it wait, then terminate it or kill its process."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from graph.store.db import Graph

# Only a writer of ours can be waiting here: the test holds the one lock it waits for.
BLOCKED = """
SHOW TRANSACTIONS YIELD transactionId, metaData, status
WHERE status STARTS WITH 'Blocked'
RETURN transactionId AS id, metaData AS meta
"""
INGESTS = """
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData.job = 'ingest'
RETURN transactionId AS id
"""


@contextmanager
def holding_lock(graph: Graph, entity_id: str) -> Iterator[None]:
    """An open transaction holding the write lock of one entity, rolled back on leaving."""
    with graph.driver.session(database=graph.database) as session:
        tx = session.begin_transaction()
        try:
            tx.run("MATCH (e:Entity {id: $id}) SET e.held = true", id=entity_id).consume()
            yield
        finally:
            tx.rollback()


def wait_for_blocked(
    graph: Graph, still_going: Callable[[], bool], seconds: float = 180
) -> dict[str, Any]:
    """The first transaction waiting for a lock, once there is one."""
    deadline = time.monotonic() + seconds
    while not (rows := graph.read(BLOCKED)):
        assert still_going() and time.monotonic() < deadline, "no writer waited for the lock"
        time.sleep(0.05)
    return rows[0]


def wait_until_no_ingest(graph: Graph, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while graph.read(INGESTS):
        assert time.monotonic() < deadline, "an ingest transaction is still open"
        time.sleep(0.05)

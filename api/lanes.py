"""Lanes: each kind of slow work runs on threads of its own, a bounded number at once, so that
one kind (45 slow console queries) cannot take the threads another (/health) needs.

FastAPI runs plain `def` routes on one shared pool of 40 threads. A route on a lane is `async`:
it waits for the lane in the event loop, holding no thread, and then runs its blocking work on a
thread counted against the lane alone. A lane may also bound how many requests one client
address has running or waiting; past that it answers 429 at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Request

from graph.errors import TooManyRequests

T = TypeVar("T")


class Lane:
    def __init__(self, name: str, total: int, per_client: int | None = None) -> None:
        self.name = name
        self.per_client = per_client
        self._limiter = CapacityLimiter(total)
        self._clients: Counter[str] = Counter()

    async def run(self, client: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        # One event loop: nothing else runs between this check and the increment.
        if self.per_client is not None and self._clients[client] >= self.per_client:
            raise TooManyRequests(
                f"{self.name}: this client already has {self.per_client} requests running; "
                "wait for one to finish",
                limit=self.per_client,
            )
        self._clients[client] += 1
        try:
            return await anyio.to_thread.run_sync(
                partial(work, *args, **kwargs), limiter=self._limiter
            )
        finally:
            self._clients[client] -= 1
            if not self._clients[client]:
                del self._clients[client]


def lane(request: Request, name: str, total: int, per_client: int | None = None) -> Lane:
    """The app's lane called `name`, made on first use with these bounds."""
    lanes: dict[str, Lane] | None = getattr(request.app.state, "lanes", None)
    if lanes is None:
        lanes = request.app.state.lanes = {}
    if name not in lanes:
        lanes[name] = Lane(name, total, per_client)
    return lanes[name]


def client_address(request: Request) -> str:
    """Who asks: the peer address (behind a proxy, every request is the proxy's)."""
    return request.client.host if request.client else "unknown"

"""Dependencies: the graph comes from the app's state, built in the lifespan (tests override)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.settings import ApiSettings
from graph.store.db import Graph


def get_graph(request: Request) -> Graph:
    graph: Graph = request.app.state.graph
    return graph


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.api_settings
    return settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]

"""The FastAPI application: routes are thin, the graph is built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import analytics as analytics_routes
from api.routes import articles, cypher, documents, entities, page, queries, relations, system
from api.routes import ontology as ontology_routes
from api.routes import rdf as rdf_routes
from graph.settings import ApiSettings
from graph.store.db import Graph, connect


def create_app(graph: Graph | None = None, settings: ApiSettings | None = None) -> FastAPI:
    """Build the app. Without `graph`, the lifespan connects with the environment's settings."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = graph is None
        app.state.graph = graph or connect(retry_s=2.0)
        app.state.api_settings = settings or ApiSettings()
        try:
            yield
        finally:
            if owned:
                app.state.graph.close()

    app = FastAPI(
        title="techkg",
        version="0.1.0",
        summary="A knowledge graph of the US-China technology competition",
        description="Entities and typed, sourced relations extracted from news and official "
                    "releases, stored in Neo4j.",
        lifespan=lifespan,
        # /docs is served by api.routes.page from the package's own files (no CDN); ReDoc,
        # a second view of the same schema, is left out rather than vendored too.
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    app.include_router(system.router)
    app.include_router(ontology_routes.router)
    app.include_router(entities.router)
    app.include_router(relations.router)
    app.include_router(articles.router)
    app.include_router(cypher.router)
    app.include_router(documents.router)
    app.include_router(queries.router)
    app.include_router(rdf_routes.router)
    app.include_router(analytics_routes.router)
    app.include_router(page.router)  # the explorer page at / and its files
    return app

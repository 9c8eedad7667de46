"""Articles: what each document said."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import GraphDep
from api.errors import PAGED_ERRORS, errors_for
from graph.read.entities import get_article, list_articles
from graph.read.relations import article_graph
from graph.read.views import ArticleOut, Page, Subgraph

router = APIRouter(tags=["articles"])
ERRORS = errors_for(404, 422, 503)
ArticleId = Annotated[str, Path(max_length=512, examples=["seed-waic-ai-org"])]


@router.get(
    "/articles",
    response_model=Page[ArticleOut],
    responses=PAGED_ERRORS,
    summary="Documents, newest first",
)
def get_articles(
    graph: GraphDep,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    min_relevance: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[ArticleOut]:
    return list_articles(graph, since, until, min_relevance, limit, cursor)


@router.get(
    "/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, summary="One document"
)
def get_one_article(graph: GraphDep, article_id: ArticleId) -> ArticleOut:
    return get_article(graph, article_id)


@router.get(
    "/articles/{article_id}/graph",
    response_model=Subgraph,
    responses=ERRORS,
    summary="The entities a document mentions and the relations it evidences",
)
def get_article_graph(graph: GraphDep, article_id: ArticleId) -> Subgraph:
    get_article(graph, article_id)  # 404 for an unknown id
    return article_graph(graph, article_id)

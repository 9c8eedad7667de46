"""The ontology the graph is typed by: what the explorer builds its filters and legend from."""

from __future__ import annotations

from fastapi import APIRouter

from graph.ontology import OntologyView, ontology_view

router = APIRouter(tags=["system"])


@router.get(
    "/ontology",
    response_model=OntologyView,
    summary="Entity types, relation types (with their category) and sides: meanings and colours",
)
def get_ontology() -> OntologyView:
    return ontology_view()

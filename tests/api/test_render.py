"""api/render.py draws with the colours of graph/ontology.py (what the explorer gets from /ontology)."""

from __future__ import annotations

from pathlib import Path

from api.render import render
from graph.ontology import (
    Alignment,
    EntityType,
    RelationType,
    entity_color,
    relation_color,
    side_info,
)
from graph.read.views import CytoscapeElements, CytoscapeGraph


def node(ident: str, etype: EntityType, side: Alignment) -> dict[str, object]:
    return {"data": {"id": ident, "label": ident, "type": etype.value, "alignment": side.value}}


def test_svg_uses_the_ontology_colours(tmp_path: Path) -> None:
    drawing = CytoscapeGraph(
        center="us",
        truncated=False,
        elements=CytoscapeElements(
            nodes=[node("us", EntityType.COUNTRY, Alignment.US_ALLIES),
                   node("acme", EntityType.COMPANY, Alignment.CHINA)],
            edges=[{"data": {"id": "e1", "source": "us", "target": "acme",
                             "type": RelationType.RESTRICTS.value, "count": 2}}],
        ),
    )
    svg = render(drawing, tmp_path / "picture.svg").read_text()
    for color in (entity_color(EntityType.COUNTRY), entity_color(EntityType.COMPANY),
                  relation_color(RelationType.RESTRICTS), side_info(Alignment.CHINA).color):
        assert color in svg, color
    assert relation_color(RelationType.EXPORTS_TO) not in svg  # not in the picture, not drawn

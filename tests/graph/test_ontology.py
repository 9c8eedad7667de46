"""graph/ontology.py: one entry per type, colours that draw, and the views derived from it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph import ontology
from graph.ontology import (
    CATEGORY_INFO,
    ENTITY_TYPE_INFO,
    OTHER_ENTITY_COLOR,
    OTHER_RELATION_COLOR,
    RELATION_TYPE_INFO,
    SIDE_INFO,
    STRUCTURAL_RELATIONS,
    SYMMETRIC_RELATIONS,
    Alignment,
    EntityType,
    RelationCategory,
    RelationType,
    RelationTypeInfo,
    entity_color,
    ontology_view,
    relation_color,
    side_info,
)


def test_every_type_has_its_entry_in_enum_order() -> None:
    assert list(ENTITY_TYPE_INFO) == list(EntityType)
    assert list(RELATION_TYPE_INFO) == list(RelationType)
    assert list(CATEGORY_INFO) == list(RelationCategory)
    assert list(SIDE_INFO) == list(Alignment)
    assert all(info.name is t for t, info in RELATION_TYPE_INFO.items())


def test_a_missing_or_doubled_entry_stops_the_module() -> None:
    names = [RelationType.RESTRICTS, RelationType.RESTRICTS]
    with pytest.raises(ValueError, match=r"missing: \['EXPORTS_TO'.*doubled: \['RESTRICTS'\]"):
        ontology._complete("_RELATION_TYPES", RelationType, names)
    ontology._complete("_RELATION_TYPES", RelationType, list(RelationType))  # complete: silent


def test_a_malformed_colour_is_refused() -> None:
    with pytest.raises(ValidationError, match="color"):
        RelationTypeInfo(name=RelationType.USES, category=RelationCategory.BUSINESS,
                         description="x", color="red")


def test_derived_sets_follow_the_entries() -> None:
    assert {t for t, i in RELATION_TYPE_INFO.items() if i.symmetric} == SYMMETRIC_RELATIONS
    assert {RelationType.PARTNERS_WITH, RelationType.COMPETES_WITH} <= SYMMETRIC_RELATIONS
    assert set(STRUCTURAL_RELATIONS) == {
        t for t, i in RELATION_TYPE_INFO.items() if i.category is RelationCategory.STRUCTURE
    }
    assert RelationType.LOCATED_IN in STRUCTURAL_RELATIONS
    assert RelationType.RESTRICTS not in STRUCTURAL_RELATIONS


def test_colours_by_name_fall_back_for_unknown_names() -> None:
    restricts = RELATION_TYPE_INFO[RelationType.RESTRICTS]
    assert relation_color("RESTRICTS") == restricts.color != OTHER_RELATION_COLOR
    assert relation_color("MENTIONS") == relation_color(None) == OTHER_RELATION_COLOR
    assert entity_color("Country") == ENTITY_TYPE_INFO[EntityType.COUNTRY].color
    assert entity_color("Spaceship") == OTHER_ENTITY_COLOR
    assert side_info("china") == SIDE_INFO[Alignment.CHINA]
    assert side_info(None) == side_info("mars") == SIDE_INFO[Alignment.OTHER]


def test_the_view_lists_everything_once() -> None:
    view = ontology_view()
    assert [t.name for t in view.relation_types] == list(RelationType)
    assert [t.name for t in view.entity_types] == list(EntityType)
    assert {t.category for t in view.relation_types} <= {c.name for c in view.categories}
    assert [s.name for s in view.sides] == list(Alignment)
    assert len({t.color for t in view.entity_types}) == len(EntityType)  # nodes tell types apart

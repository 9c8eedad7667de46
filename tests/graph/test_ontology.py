"""graph/ontology.py and .yaml: one entry per type, colours that draw, and the views derived from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from graph import ontology
from graph.ontology import (
    CATEGORY_INFO,
    ENTITY_TYPE_INFO,
    ONTOLOGY_FILE,
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
    load_tables,
    ontology_view,
    relation_color,
    side_info,
)
from graph.strict_yaml import DataFileError


def test_every_type_has_its_entry_in_enum_order() -> None:
    assert list(ENTITY_TYPE_INFO) == list(EntityType)
    assert list(RELATION_TYPE_INFO) == list(RelationType)
    assert list(CATEGORY_INFO) == list(RelationCategory)
    assert list(SIDE_INFO) == list(Alignment)
    assert all(info.name is t for t, info in RELATION_TYPE_INFO.items())


def test_a_missing_or_unknown_entry_stops_the_module() -> None:
    names = ["RESTRICTS", "SELLS_TO"]
    with pytest.raises(DataFileError, match=r"missing: \['EXPORTS_TO'.*unknown: \['SELLS_TO'\]"):
        ontology._complete("relation_types", RelationType, names)
    ontology._complete("relation_types", RelationType, [t.value for t in RelationType])  # silent


def file_with(tmp_path: Path, old: str, new: str) -> Path:
    text = ONTOLOGY_FILE.read_text()
    assert text.count(old) == 1, f"graph/ontology.yaml no longer has {old!r} once"
    path = tmp_path / "ontology.yaml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  RESTRICTS:\n", "  RESTRICT:\n", r"relation_types needs .*missing: \['RESTRICTS'\], unknown: \['RESTRICT'\]"),
    ("  USES:\n", "  EXPORTS_TO:\n", r"line \d+, column \d+: 'EXPORTS_TO' given twice"),
    ('color: "#4e79a7"', 'color: "blue"', r"entity_types\.Country: color: String should match"),
    ("  stance: ", "  stances: ", r"categories needs .*unknown: \['stances'\]"),
    ("    category: business\n    color: \"#2471a3\"", "    category: trade\n    color: \"#2471a3\"",
     r"relation_types\.EXPORTS_TO: category: Input should be"),
])
def test_a_wrong_file_is_refused_naming_the_file_and_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=r"^ontology\.yaml: " ) as caught:
        load_tables(file_with(tmp_path, old, new))
    assert re.search(message, str(caught.value)), caught.value


def test_the_file_as_shipped_loads_to_the_module_tables() -> None:
    tables = load_tables()
    assert tables.relation_types == RELATION_TYPE_INFO and tables.entity_types == ENTITY_TYPE_INFO


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

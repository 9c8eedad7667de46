"""The extraction pipeline against real spaCy: resolution, relations, attributes, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Document, Extraction
from graph.ontology import Modality, RelationType
from loaders.catalog import CatalogError, load_catalog
from loaders.pipeline import ExtractionPipeline


def extract(pipeline: ExtractionPipeline, text: str, title: str = "") -> Extraction:
    return pipeline.extract_one(Document(id="t", title=title, text=text, published="2025-01-02"))


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation.value, r.object) for r in extraction.relations}


def names(extraction: Extraction) -> dict[str, list[str]]:
    return {e.name: e.aliases for e in extraction.entities}


def test_corporate_suffix_and_case_resolve_to_one_entity(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "NVIDIA Corp. said on Monday that Nvidia would keep selling chips.")
    assert "Nvidia" in names(out)
    assert sum(1 for e in out.entities if e.name.casefold().startswith("nvidia")) == 1


def test_document_defined_acronym_is_an_alias(pipeline: ExtractionPipeline) -> None:
    out = extract(
        pipeline,
        "The Office of Frontier Compute Oversight (OFCO) was created in May. "
        "OFCO will review chip exports.",
    )
    found = [e for e in out.entities if "OFCO" in e.aliases or e.name == "OFCO"]
    assert len(found) == 1
    assert "Office of Frontier Compute Oversight" in (found[0].name, *found[0].aliases)


def test_seat_of_government_resolves_to_country(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "Washington has imposed export controls on advanced chips.")
    assert "United States" in names(out)
    assert ("United States", "RESTRICTS", "advanced chips") in triples(out)


def test_short_form_of_a_person_seen_earlier(pipeline: ExtractionPipeline) -> None:
    out = extract(
        pipeline,
        "Commerce Secretary Gina Raimondo spoke on Monday. Raimondo said the rules are final.",
    )
    assert "Raimondo" in names(out)["Gina Raimondo"]
    assert "Raimondo" not in names(out)


def test_demonym_gives_located_in(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "Major Chinese firms like Huawei and Alibaba led the exhibitions.")
    assert ("Huawei", "LOCATED_IN", "China") in triples(out)
    assert ("Alibaba", "LOCATED_IN", "China") in triples(out)


def test_passive_voice_with_agent(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "Huawei was sanctioned by the Commerce Department in 2019.")
    assert ("Department of Commerce", "RESTRICTS", "Huawei") in triples(out)


def test_coordination_fans_out(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "China invited Russia, South Africa and Germany to the summit.")
    found = {o for s, r, o in triples(out) if s == "China" and r == "INVITES"}
    assert found == {"Russia", "South Africa", "Germany"}


def test_title_apposition_gives_affiliation_with_role(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "High-profile speakers included former Google CEO Eric Schmidt.")
    rel = next(r for r in out.relations if r.relation == RelationType.AFFILIATED_WITH)
    assert (rel.subject, rel.object, rel.role) == ("Eric Schmidt", "Google", "CEO")


def test_negation_is_marked(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "The Commerce Department did not ban Huawei.")
    rel = next(r for r in out.relations if r.relation == RelationType.RESTRICTS)
    assert rel.negated is True


def test_planned_modality_and_sentence_date(pipeline: ExtractionPipeline) -> None:
    out = extract(pipeline, "On March 3, 2024, the Commerce Department will ban Huawei.")
    rel = next(r for r in out.relations if r.relation == RelationType.RESTRICTS)
    assert rel.modality == Modality.PLANNED
    assert str(rel.date) == "2024-03-03"


def test_evidence_offsets_point_into_content(pipeline: ExtractionPipeline) -> None:
    doc = Document(id="o", title="Headline", text="China invited Russia to the summit.")
    out = pipeline.extract_one(doc)
    rel = out.relations[0]
    assert rel.start is not None and rel.end is not None
    assert doc.content[rel.start : rel.end].strip() == rel.evidence


def test_bad_input_yields_error_and_batch_goes_on(pipeline: ExtractionPipeline) -> None:
    docs = [
        Document(id="empty"),
        Document(id="huge", text="chips " * 40_000),
        Document(id="ok", text="China invited Russia to the summit."),
    ]
    out = list(pipeline.run(docs))
    assert [x.id for x in out] == ["empty", "huge", "ok"]
    assert out[0].error and "no title" in out[0].error
    assert out[1].error and "too large" in out[1].error
    assert out[2].error is None and out[2].relations


def test_relevance_separates_on_and_off_topic(pipeline: ExtractionPipeline) -> None:
    on = extract(pipeline, "The U.S. imposed export controls on Chinese AI chips from Huawei.")
    off = extract(pipeline, "Microsoft signed a soil carbon credit deal with a farm group.")
    assert on.relevance >= 0.5 > off.relevance


def test_catalog_error_names_file_and_entry(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- {name: Foo, type: Spaceship, aliases: []}\n")
    with pytest.raises(CatalogError, match=r"bad\.yaml: entry 0 \('Foo'\)"):
        load_catalog(tmp_path)


def test_catalog_conflicting_duplicates_fail(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- {name: Foo, type: Company}\n")
    (tmp_path / "b.yaml").write_text("- {name: Foo, type: Country}\n")
    with pytest.raises(CatalogError, match=r"a\.yaml and b\.yaml"):
        load_catalog(tmp_path)


def test_catalog_duplicates_merge_aliases(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- {name: Foo, type: Company, aliases: [F1]}\n")
    (tmp_path / "b.yaml").write_text("- {name: Foo, type: Company, aliases: [F2]}\n")
    entry = load_catalog(tmp_path).entries["Foo"]
    assert entry.aliases == ["F1", "F2"]

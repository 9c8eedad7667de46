"""Recall mechanisms against real spaCy: unstated actors, list additions, group anaphors,
speaker pronouns, catalog roles and home countries, title phrases with prepositions."""

from __future__ import annotations

from graph.model import Document, Extraction
from loaders.pipeline import ExtractionPipeline


def extract(pipeline: ExtractionPipeline, text: str) -> Extraction:
    return pipeline.extract_one(Document(id="t", title="", text=text, published="2024-03-01"))


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation.value, r.object) for r in extraction.relations}


def test_misparsed_relative_reads_subject_from_governing_clause(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(
        pipeline,
        "The Treasury Department announced a set of new financial sanctions last week "
        "that banned the sale of some memory chips to Russia.",
    )
    subjects = {s for s, r, o in triples(out) if r == "RESTRICTS" and o == "Russia"}
    assert subjects & {"Department of the Treasury", "United States"}


def test_unnamed_measure_is_attributed_to_the_nearest_owner(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(
        pipeline,
        "Japan's export controls took effect in July. "
        "The new controls also restrict the export of lithography tools to Russia and Iran.",
    )
    found = triples(out)
    assert ("Japan", "RESTRICTS", "Russia") in found
    assert ("Japan", "RESTRICTS", "Iran") in found


def test_companies_put_on_a_list_are_restricted_by_the_lister(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(
        pipeline,
        "The Commerce Department added Biren Technology and Moore Threads to the Entity List.",
    )
    found = {(r, o) for s, r, o in triples(out) if s in {"Department of Commerce", "United States"}}
    assert ("RESTRICTS", "Biren Technology") in found
    assert ("RESTRICTS", "Moore Threads") in found


def test_group_anaphor_fans_out_to_the_companies_named_before(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(
        pipeline,
        "Regulators looked at China Mobile, China Telecom and China Unicom. "
        "The Federal Communications Commission later barred all three companies from "
        "operating in the country.",
    )
    restricted = {o for s, r, o in triples(out) if r == "RESTRICTS"}
    assert {"China Mobile", "China Telecom", "China Unicom"} <= restricted


def test_it_after_a_spokesperson_says_is_the_spokespersons_body(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(
        pipeline,
        "A spokesperson for the Chinese Embassy said it firmly opposes the Netherlands.",
    )
    opposers = {s for s, r, o in triples(out) if r == "OPPOSES" and o == "Netherlands"}
    assert opposers & {"Chinese Embassy", "China"}


def test_catalog_role_links_a_person_to_an_organization_named_in_the_text(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(pipeline, "Huawei expects more sales. Ren Zhengfei told reporters he was calm.")
    assert ("Ren Zhengfei", "AFFILIATED_WITH", "Huawei") in triples(out)


def test_home_country_needs_a_modifier_in_the_same_sentence(
    pipeline: ExtractionPipeline,
) -> None:
    near = extract(pipeline, "Three Chinese carriers, China Mobile and China Unicom, objected.")
    assert ("China Mobile", "LOCATED_IN", "China") in triples(near)
    far = extract(pipeline, "China Mobile objected. Exports to China fell.")
    assert ("China Mobile", "LOCATED_IN", "China") not in triples(far)


def test_public_office_with_of_phrase_links_to_the_country(
    pipeline: ExtractionPipeline,
) -> None:
    out = extract(pipeline, "U.S. Secretary of State Antony Blinken met the delegation.")
    objects = {o for s, r, o in triples(out) if s == "Antony Blinken" and r == "AFFILIATED_WITH"}
    assert objects & {"United States", "Department of State"}

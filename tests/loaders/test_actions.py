"""How actions are expressed: measures as subjects, agent-less charges, capacity revocation,
delisting, passive agents in relative clauses, one reading per trigger word (real spaCy)."""

from __future__ import annotations

from graph.model import Document
from loaders.pipeline import ExtractionPipeline
from tests.loaders.util import relations_of as _rels


def test_revoking_a_capacity_restricts_its_holder(pipeline: ExtractionPipeline) -> None:
    text = "The Federal Communications Commission revoked ZTE's license to sell equipment."
    rels = _rels(pipeline, text)
    assert ("Federal Communications Commission", "RESTRICTS", "ZTE") in rels


def test_order_ending_an_ability_restricts(pipeline: ExtractionPipeline) -> None:
    text = "The Federal Communications Commission adopted an order ending Huawei's ability to operate."
    rels = _rels(pipeline, text)
    assert ("Federal Communications Commission", "RESTRICTS", "Huawei") in rels


def test_charges_without_agent_go_to_who_announced_them(pipeline: ExtractionPipeline) -> None:
    text = (
        "An indictment was unsealed on Monday charging ZTE with fraud. "
        "The Department of Justice announced the charges in Washington."
    )
    rels = _rels(pipeline, text)
    assert ("Department of Justice", "OPPOSES", "ZTE") in rels


def test_marked_group_lists_the_objects(pipeline: ExtractionPipeline) -> None:
    text = (
        "The Department of Justice announced the charges on Tuesday. "
        "The indicted companies include ZTE and Hikvision."
    )
    rels = _rels(pipeline, text)
    assert ("Department of Justice", "OPPOSES", "ZTE") in rels
    assert ("Department of Justice", "OPPOSES", "Hikvision") in rels


def test_measure_as_subject_restricts_for_its_issuer(pipeline: ExtractionPipeline) -> None:
    text = (
        "The Commerce Department imposed new export controls on Monday. "
        "The rules also hit Hikvision and Dahua."
    )
    rels = _rels(pipeline, text)
    assert ("Department of Commerce", "RESTRICTS", "Hikvision") in rels
    assert ("Department of Commerce", "RESTRICTS", "Dahua Technology") in rels


def test_measure_verb_needs_a_measure_subject(pipeline: ExtractionPipeline) -> None:
    text = "The Commerce Department imposed new export controls. Analysts said Nvidia hit Intel."
    rels = _rels(pipeline, text)
    assert not any(r == "RESTRICTS" and o == "Intel" for _, r, o in rels)


def test_one_reading_per_trigger(pipeline: ExtractionPipeline) -> None:
    rels = _rels(pipeline, "Japan unveiled new export controls on Monday.")
    types = {r for s, r, o in rels if s == "Japan"}
    assert "ENACTS" in types
    assert "PROPOSES" not in types


def test_coordinated_passive_agents(pipeline: ExtractionPipeline) -> None:
    text = "Huawei makes the Kirin 9000, which is used by Xiaomi in phones and by Lenovo in tablets."
    rels = _rels(pipeline, text)
    users = {s for s, r, o in rels if r == "USES"}
    assert {"Xiaomi", "Lenovo"} <= users


def test_removal_from_a_list_is_approval(pipeline: ExtractionPipeline) -> None:
    text = (
        "The Commerce Department added Hikvision to the Entity List on Monday. "
        "The department also removed Xiaomi from the Entity List."
    )
    rels = _rels(pipeline, text)
    assert ("Department of Commerce", "APPROVES", "Xiaomi") in rels


def test_removing_obstacles_is_no_approval(pipeline: ExtractionPipeline) -> None:
    text = "Germany removed obstacles for Xiaomi to expand in Europe."
    rels = _rels(pipeline, text)
    assert not any(r == "APPROVES" for _, r, _o in rels)


def test_modality_comes_from_the_triggers_own_clause(pipeline: ExtractionPipeline) -> None:
    text = "Beijing says a new set of U.S. sanctions on Huawei will hurt global trade."
    out = pipeline.extract_one(Document(id="t", title="", text=text))
    found = [r for r in out.relations if r.relation.value == "RESTRICTS" and r.object == "Huawei"]
    assert found
    assert all(r.modality.value != "planned" for r in found)

"""Entities, roles and structure: head-noun typing, Title Case fragments, subsidiaries named
after a known company, roles in appositions and bracketed titles, demonym lists, possessive
parents, unnamed-policy number variants and model-series products (real spaCy)."""

from __future__ import annotations

from graph.model import Document, Extraction
from graph.ontology import EntityType
from loaders.entities import guess_type, type_by_head
from loaders.pipeline import ExtractionPipeline


def _run(pipeline: ExtractionPipeline, text: str, title: str = "") -> Extraction:
    return pipeline.extract_one(Document(id="t", title=title, text=text))


def _rels(out: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation.value, r.object) for r in out.relations if not r.negated}


def _types(out: Extraction) -> dict[str, EntityType]:
    return {e.name: e.type for e in out.entities}


# ------------------------------------------------------------------ typing by head noun


def test_head_noun_types_before_the_ner_label() -> None:
    assert guess_type("Kansai Nuclear Research Center", "PERSON") == EntityType.ORGANIZATION
    assert guess_type("Tax Enforcement Division", "ORG") == EntityType.GOVERNMENT_BODY
    assert guess_type("Bureau of Maritime Affairs", "ORG") == EntityType.GOVERNMENT_BODY
    assert guess_type("Lumen Microelectronics", "ORG") == EntityType.COMPANY
    assert guess_type("Order on Spectrum Licences", "ORG") == EntityType.POLICY
    assert type_by_head("Maria Lopez") is None
    assert guess_type("Maria Lopez", "PERSON") == EntityType.PERSON


def test_headline_gerunds_and_plural_nouns_are_not_companies(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "The Commerce Department added the firms on Tuesday.",
        title="Commerce Lists Firms for Supporting Military Programs, Aiding Drone Makers",
    )
    names = set(_types(out))
    assert not {"Military Programs", "Aiding Drone Makers", "Supporting Military Programs"} & names


def test_generic_heads_in_body_text_are_not_names(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "The rule covers Advanced Sensor Items and shipments to Naval End Users in Ruritania.",
    )
    names = set(_types(out))
    assert "Advanced Sensor Items" not in names
    assert "Naval End Users" not in names


def test_acronym_of_a_common_noun_is_not_an_entity(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "Regulators said unmanned surface vessels (USVs) worry them. The USV trade grew fast.",
    )
    assert not {"USV", "USVs"} & set(_types(out))


# ------------------------------------------------------------------ subsidiaries


def test_subsidiary_named_after_known_company_is_part_of_it(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "Tencent denied wrongdoing. Prosecutors charged Tencent Music Entertainment Co. Ltd. "
        "with fraud.",
    )
    types = _types(out)
    sub = next(n for n in types if n.startswith("Tencent Music"))
    assert types[sub] == EntityType.COMPANY
    assert (sub, "PART_OF", "Tencent") in _rels(out)


def test_listed_subsidiaries_are_part_of_the_owner(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "The defendants include Alibaba and two subsidiaries — Alibaba Group USA Inc. "
        "(Alibaba USA) and Lazada Holdings Ltd. (Lazada) — as well as two managers.",
    )
    rels = _rels(out)
    usa = next(e for e in out.entities if "Alibaba USA" in [e.name, *e.aliases])
    assert (usa.name, "PART_OF", "Alibaba") in rels
    assert any(s.startswith("Lazada") and r == "PART_OF" and o == "Alibaba" for s, r, o in rels)


# ------------------------------------------------------------------ roles


def test_bracketed_acronym_inside_a_possessive_title(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "The indictment also names Tencent's Chief Operating Officer (COO) Dana Whitfield.",
    )
    key = ("Dana Whitfield", "AFFILIATED_WITH", "Tencent")
    roles = [r.role or "" for r in out.relations if (r.subject, r.relation.value, r.object) == key]
    assert roles and "Chief Operating Officer" in roles[0] and "(" not in roles[0]
    assert "COO" not in _types(out)


def test_body_in_apposition_to_a_title(pipeline: ExtractionPipeline) -> None:
    out = _run(pipeline, "Jane R. Doe, Director, FBI, announced the arrests on Monday.")
    assert ("Jane R. Doe", "AFFILIATED_WITH", "Federal Bureau of Investigation") in _rels(out)


def test_lower_case_portfolio_title_affiliates_with_the_department(
    pipeline: ExtractionPipeline,
) -> None:
    out = _run(
        pipeline,
        '"We act," said Under Secretary of Commerce for trade and security policy Maria Lopez.',
    )
    assert ("Maria Lopez", "AFFILIATED_WITH", "Department of Commerce") in _rels(out)


def test_unit_of_a_body_in_a_possessive_title(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "Mark B. Stone, Assistant Attorney General of the Justice Department's Civil Division, "
        "spoke.",
    )
    rels = _rels(out)
    assert ("Mark B. Stone", "AFFILIATED_WITH", "Civil Division") in rels
    assert ("Civil Division", "PART_OF", "Department of Justice") in rels
    assert _types(out)["Civil Division"] == EntityType.GOVERNMENT_BODY


# ------------------------------------------------------------------ places and parents


def test_demonym_group_list_locates_every_item(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "The removal of Brazilian entities Brazilian Rare Minerals, Rio Nuclear Research "
        "Center (RNRC), and Sao Atomic Institute will help trade.",
    )
    rels = _rels(out)
    for item in ("Brazilian Rare Minerals", "Rio Nuclear Research Center", "Sao Atomic Institute"):
        assert (item, "LOCATED_IN", "Brazil") in rels
    assert _types(out)["Rio Nuclear Research Center"] == EntityType.ORGANIZATION


def test_full_department_name_as_possessive_parent(pipeline: ExtractionPipeline) -> None:
    out = _run(
        pipeline,
        "Today, the U.S. Department of Commerce’s Bureau of Industry and Security (BIS) "
        "added four firms.",
    )
    assert ("Bureau of Industry and Security", "PART_OF", "Department of Commerce") in _rels(out)


# ------------------------------------------------------------------ unnamed things


def test_series_product_pattern(pipeline: ExtractionPipeline) -> None:
    out = _run(pipeline, "The parts are used to build Falcon-series drones for the army.")
    assert _types(out).get("Falcon-series drones") == EntityType.PRODUCT


def test_singular_and_plural_unnamed_policies_are_one_entity(pipeline: ExtractionPipeline) -> None:
    from loaders.entities import Registry

    registry = Registry(pipeline.catalog)
    one = registry.new("temporary licensing rule", EntityType.POLICY, "x", proper=False)
    two = registry.new("temporary licensing rules", EntityType.POLICY, "y", proper=False)
    assert one is two
    named = registry.new("Harbor Rules", EntityType.POLICY, "Harbor Rules")
    assert named is not one

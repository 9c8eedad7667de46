"""Precision and recall mechanisms (real spaCy): halted trade is no export, appeals do not
support their addressee, stances on a deal are not stances on the company, home country only
through a business noun, exhibitors and named participants of the event in focus, a person
acting during a named event, outermost entity spans."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from loaders.mentions import _outermost
from loaders.pipeline import ExtractionPipeline
from tests.loaders.util import relations_of as _rels


def test_state_halting_sales_restricts_and_does_not_export(pipeline: ExtractionPipeline) -> None:
    rels = _rels(pipeline, "Japan has blocked equipment sales to ZTE since last year.")
    assert ("Japan", "EXPORTS_TO", "ZTE") not in rels
    assert ("Japan", "RESTRICTS", "ZTE") in rels


def test_company_sales_still_export(pipeline: ExtractionPipeline) -> None:
    rels = _rels(pipeline, "Nvidia expanded its sales to Malaysia last year.")
    assert ("Nvidia", "EXPORTS_TO", "Malaysia") in rels


def test_urged_addressee_is_not_supported(pipeline: ExtractionPipeline) -> None:
    rels = _rels(pipeline, "The State Department urged the European Commission to adopt new rules.")
    assert not any(r[1] == "SUPPORTS" and r[2] == "European Commission" for r in rels)


def test_plain_support_of_a_body_is_kept(pipeline: ExtractionPipeline) -> None:
    rels = _rels(pipeline, "Germany strongly supported the European Commission on Monday.")
    assert ("Germany", "SUPPORTS", "European Commission") in rels


_DIVESTMENT = "Beijing firmly opposes any forced divestment of Nexperia."


def test_rules_do_not_read_opposing_a_sale_as_opposing_the_company(
    rule_pipeline: ExtractionPipeline,
) -> None:
    rels = _rels(rule_pipeline, _DIVESTMENT)
    assert not any(r[1] == "OPPOSES" and r[2] == "Nexperia" for r in rels)


@pytest.mark.xfail(
    strict=True,
    reason="the learned decision emits OPPOSES Nexperia here (the rules do not propose it)",
)
def test_opposing_a_sale_of_a_company_is_not_opposing_the_company(
    pipeline: ExtractionPipeline,
) -> None:
    rels = _rels(pipeline, _DIVESTMENT)
    assert not any(r[1] == "OPPOSES" and r[2] == "Nexperia" for r in rels)


def test_home_country_needs_a_business_noun(pipeline: ExtractionPipeline) -> None:
    kept = _rels(pipeline, "Regulators fined two Chinese developers of drones, DJI and Autel.")
    assert ("DJI", "LOCATED_IN", "China") in kept
    dropped = _rels(pipeline, "U.S. senators questioned the Apple and Google app stores.")
    assert ("Apple", "LOCATED_IN", "United States") not in dropped


# The event rules propose PARTICIPATES_IN below the rule floor the learned decision trusts,
# and the model has not learned the type: these test what the rules propose.
def test_exhibitors_and_named_participants_join_the_event(
    rule_pipeline: ExtractionPipeline,
) -> None:
    text = (
        "The Mobile World Congress opened in Barcelona on Monday.\n"
        "Big Chinese firms like Xiaomi and ZTE dominated the exhibitions, with foreign "
        "participants such as Samsung and Nokia."
    )
    rels = _rels(rule_pipeline, text)
    for company in ("Xiaomi", "ZTE", "Samsung", "Nokia"):
        assert (company, "PARTICIPATES_IN", "Mobile World Congress") in rels, company


def test_person_acting_during_event_participates(rule_pipeline: ExtractionPipeline) -> None:
    text = "Secretary Antony Blinken announced the plan during the Munich Security Conference."
    rels = _rels(rule_pipeline, text)
    assert ("Antony Blinken", "PARTICIPATES_IN", "Munich Security Conference") in rels


def test_company_at_event_is_not_made_a_participant_by_presence_rule(
    pipeline: ExtractionPipeline,
) -> None:
    rels = _rels(pipeline, "Huawei unveiled a phone at the Mobile World Congress.")
    # the presence rule is for people; companies need an attendance verb or noun
    assert all(not (r[0] == "Huawei" and r[1] == "PARTICIPATES_IN") for r in rels)


def test_outermost_keeps_longest_and_equal_spans(pipeline: ExtractionPipeline) -> None:
    doc = pipeline.nlp.make_doc("the Bank of China in Beijing said")
    outer = Span(doc, 1, 4, label="ORG")
    inner = Span(doc, 3, 4, label="GPE")
    twin = Span(doc, 1, 4, label="ORG")
    other = Span(doc, 5, 6, label="GPE")
    kept = _outermost([inner, outer, twin, other])
    assert inner not in kept
    assert kept == [outer, twin, other]

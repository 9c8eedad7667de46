"""Recall mechanisms: quoted stance, appeals against measures, coordinated titles, list
appositions, measure scopes, possessive makers, line breaks as sentence ends (real spaCy)."""

from __future__ import annotations

from graph.model import Document
from loaders.pipeline import ExtractionPipeline
from tests.loaders.util import relations_of as _rels


def test_quote_speaker_opposes_who_the_quote_attacks(pipeline: ExtractionPipeline) -> None:
    text = (
        'Senator Marco Rubio said, "Huawei and ZTE threaten our networks. '
        'We cannot let them do it."'
    )
    rels = _rels(pipeline, text)
    assert ("Marco Rubio", "OPPOSES", "Huawei") in rels
    assert ("Marco Rubio", "OPPOSES", "ZTE") in rels


def test_quote_runs_on_until_closed(pipeline: ExtractionPipeline) -> None:
    text = (
        'Senator Marco Rubio stated, "This is a serious matter for the country. '
        "China's theft of our technology must stop.\" "
        "Nvidia threatens nothing, analysts said."
    )
    rels = _rels(pipeline, text)
    assert ("Marco Rubio", "OPPOSES", "China") in rels
    assert ("Marco Rubio", "OPPOSES", "Nvidia") not in rels


def test_not_just_is_not_a_negation(pipeline: ExtractionPipeline) -> None:
    text = 'Senator Marco Rubio added, "Huawei doesn\'t just threaten our security."'
    out = pipeline.extract_one(Document(id="t", title="", text=text))
    found = [r for r in out.relations if r.relation.value == "OPPOSES" and r.object == "Huawei"]
    assert found and not found[0].negated


# A rule mechanism the learned decision does not yet reproduce: tested on the rules directly.
def test_appeal_for_a_halt_opposes_the_measure(rule_pipeline: ExtractionPipeline) -> None:
    text = (
        "Executives of Micron and AMD met with officials last week to urge a halt to new "
        "controls on memory exports to China."
    )
    rels = _rels(rule_pipeline, text)
    opposed = {(s, o) for s, r, o in rels if r == "OPPOSES"}
    assert ("Micron Technology", "new controls on memory exports") in opposed
    assert ("AMD", "new controls on memory exports") in opposed


def test_coordinated_titles_share_the_body(pipeline: ExtractionPipeline) -> None:
    text = (
        "The statement thanked Chairman Jim Risch, Ranking Member Bob Menendez and other "
        "members of the Senate Foreign Relations Committee for their work."
    )
    rels = _rels(pipeline, text)
    bodies = {o for s, r, o in rels if r == "AFFILIATED_WITH" and s == "Bob Menendez"}
    assert bodies and all("Foreign Relations" in b for b in bodies)
    assert any(s == "Jim Risch" and r == "AFFILIATED_WITH" for s, r, _ in rels)


def test_list_with_apposition_misparse_fans_out(pipeline: ExtractionPipeline) -> None:
    text = (
        "The Federal Communications Commission banned China Mobile, China Telecom, and "
        "China Unicom from American networks."
    )
    objects = {o for s, r, o in _rels(pipeline, text) if r == "RESTRICTS"}
    assert {"China Mobile", "China Telecom", "China Unicom"} <= objects


# A rule mechanism the learned decision does not yet reproduce: tested on the rules directly.
def test_possessive_company_develops_its_product(rule_pipeline: ExtractionPipeline) -> None:
    rels = _rels(rule_pipeline, "Analysts praised Nvidia's H20 for its performance in China.")
    assert ("Nvidia", "DEVELOPS", "H20") in rels


def test_line_break_ends_the_headline(pipeline: ExtractionPipeline) -> None:
    doc = pipeline.nlp("Chip Curbs Widen\nThe Commerce Department restricted Huawei.")
    starts = [s.start for s in doc.sents]
    assert len(starts) == 2 and doc[starts[1]].text == "The"

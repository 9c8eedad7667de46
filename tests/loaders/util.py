"""Helpers for extraction tests."""

from __future__ import annotations

from graph.model import Document
from loaders.pipeline import ExtractionPipeline


def relations_of(pipeline: ExtractionPipeline, text: str,
                 title: str = "") -> set[tuple[str, str, str]]:
    """The asserted (not negated) relations of one text, as (subject, type, object)."""
    out = pipeline.extract_one(Document(id="t", title=title, text=text))
    return {(r.subject, r.relation.value, r.object) for r in out.relations if not r.negated}

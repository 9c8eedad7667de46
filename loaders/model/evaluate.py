"""Evaluating the extractor on a user's own documents and gold (`techkg evaluate`).

Scores with the corpus's scorer (`loaders.model.scoring`); the error listing gives every
missed gold relation with the sentence that names both its ends (when one does) and every
false positive with its evidence sentence, plus missed and extra entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from loaders.model.corpus import Example, load_pairs
from loaders.model.scoring import Report, as_list, entity_forms, score_all
from loaders.pipeline import ExtractionPipeline

Json = dict[str, Any]
# A sentence ends at . ! ? before a capital ("The U.S. restricted" goes on) or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def extract_all(pipeline: ExtractionPipeline, examples: list[Example]) -> dict[str, Json]:
    out: dict[str, Json] = {}
    for extraction in pipeline.run([e.doc for e in examples]):
        out[extraction.id] = extraction.model_dump(mode="json")
    return out


def evaluate_files(
    docs: Path, gold: Path, pipeline: ExtractionPipeline | None = None
) -> tuple[Report, list[Example], dict[str, Json]]:
    examples = load_pairs(docs, gold)
    preds = extract_all(pipeline or ExtractionPipeline(), examples)
    return score_all([e.gold for e in examples], preds), examples, preds


def _surface(gold: Json, names: Any) -> list[str]:
    by_name = {e["name"]: e for e in gold.get("entities", [])}
    out: list[str] = []
    for name in as_list(names):
        entity = by_name.get(name, {"name": name})
        out += [entity["name"], *(entity.get("aliases") or [])]
    return [s for s in out if s]


def sentence_naming(text: str, subjects: list[str], objects: list[str]) -> str | None:
    """The first sentence of `text` in which some subject form and some object form occur."""
    for sentence in _SENTENCE_END.split(text):
        low = sentence.casefold()
        if any(s.casefold() in low for s in subjects) and any(o.casefold() in low for o in objects):
            return sentence.strip()
    return None


def _arrow(r: Json) -> str:
    neg = "(neg)" if r.get("negated") else ""
    return f"{r['subject']} -{r['relation']}{neg}-> {r['object']}"


def _entity_errors(gold: Json, pred: Json | None) -> tuple[list[str], list[str]]:
    gforms = {e["name"]: entity_forms(e) for e in gold.get("entities", [])}
    pents = [e for e in (pred or {}).get("entities", []) or [] if e.get("name")]
    pforms = [entity_forms(e) for e in pents]
    missed = [
        f"{e['name']} ({e.get('type')})"
        for e in gold.get("entities", [])
        if not e.get("optional") and not any(f & gforms[e["name"]] for f in pforms)
    ]
    extra = [
        f"{e['name']} ({e.get('type')})"
        for e, f in zip(pents, pforms, strict=True)
        if not any(f & g for g in gforms.values())
    ]
    return missed, extra


def error_lines(report: Report, examples: Iterable[Example], preds: dict[str, Json]) -> list[str]:
    by_id = {e.doc.id: e for e in examples}
    lines: list[str] = []
    for doc_id, example in by_id.items():
        misses = [m for d, m in report.misses if d == doc_id]
        wrong = [w for d, w in report.false_positives if d == doc_id]
        missed_entities, extra_entities = _entity_errors(example.gold, preds.get(doc_id))
        if not (misses or wrong or missed_entities or extra_entities):
            continue
        lines.append(f"## {doc_id}")
        content = example.doc.content
        for m in misses:
            found = sentence_naming(
                content, _surface(example.gold, m["subject"]), _surface(example.gold, m["object"])
            )
            lines.append(f"  missed  {_arrow(m)}")
            lines.append(f"          | {found or '(no one sentence names both ends)'}")
        for w in wrong:
            lines.append(f"  extra   {_arrow(w)}")
            lines.append(f"          | {w.get('evidence') or '(no evidence)'}")
        for name in missed_entities:
            lines.append(f"  missed entity  {name}")
        for name in extra_entities:
            lines.append(f"  extra entity   {name}")
    return lines


def failed_documents(preds: dict[str, Json]) -> list[str]:
    return [f"{i}: {p['error']}" for i, p in preds.items() if p.get("error")]


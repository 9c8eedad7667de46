"""Variants of the relation decision measured by the same 5-fold cross-validation by document.

    python -m loaders.model.variants [--with-dev DIR] [--class-weight balanced]

For each fold the model is fitted on the other folds; each held-out document is analysed
once and scored three ways: the rules alone, the model alone, and the hybrid (the model's
decisions plus the rules' verdicts at or above a confidence floor, for each floor given).
A floor is chosen by this cross-validation, never by the dev set.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import ExtractedRelation
from loaders.arguments import ArgumentReader
from loaders.entities import Registry
from loaders.model.corpus import Example, fold_of, load_pairs, training_examples
from loaders.model.decide import RelationDecider, merge_relations
from loaders.model.scoring import Report, format_report, score_all
from loaders.model.train import THRESHOLD, C, Labelled, fit, labelled_documents, parse_all
from loaders.pipeline import ExtractionPipeline

FLOORS = (0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class Analysed:
    example: Example
    registry: Registry
    learned: list[ExtractedRelation]
    rules: list[ExtractedRelation]


def _analyse(
    pipeline: ExtractionPipeline, decider: RelationDecider, example: Example, parsed: Any
) -> Analysed:
    registry = Registry(pipeline.catalog)
    mentions = pipeline.finder.find(parsed, registry)
    args = ArgumentReader(registry, mentions)
    candidates = pipeline.rule_candidates(parsed, args, mentions)
    learned = decider.relations(example.doc, parsed, args, candidates)
    rules = pipeline._relations(example.doc, candidates, registry)
    return Analysed(example, registry, learned, rules)


def held_out(
    pipeline: ExtractionPipeline,
    examples: list[Example],
    parsed: list[Any],
    labelled: list[Labelled],
    class_weight: str | None,
) -> list[Analysed]:
    folds = fold_of([e.doc.id for e in examples])
    out: list[Analysed] = []
    for k in sorted(set(folds.values())):
        train = [d for d in labelled if folds[d.doc_id] != k]
        decider = RelationDecider(fit(train, C, THRESHOLD, class_weight), pipeline.lexicon)
        for example, doc in zip(examples, parsed, strict=True):
            if folds[example.doc.id] == k:
                out.append(_analyse(pipeline, decider, example, doc))
    return out


def score_variant(
    pipeline: ExtractionPipeline, analysed: list[Analysed], floor: float | None, learned: bool
) -> Report:
    preds: dict[str, dict[str, Any]] = {}
    for a in analysed:
        rules = [r for r in a.rules if floor is not None and r.confidence >= floor]
        relations = merge_relations(a.learned if learned else [], rules)
        extraction = pipeline.assemble(a.example.doc, a.registry, relations)
        preds[a.example.doc.id] = extraction.model_dump(mode="json")
    return score_all([a.example.gold for a in analysed], preds)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--with-dev", type=Path, help="a directory with docs.jsonl and gold.jsonl")
    ap.add_argument("--class-weight", default=None)
    a = ap.parse_args(argv)
    examples = training_examples()
    if a.with_dev is not None:
        examples += load_pairs(a.with_dev / "docs.jsonl", a.with_dev / "gold.jsonl")
    pipeline = ExtractionPipeline(relation_model=None)
    parsed = parse_all(pipeline, [e.doc for e in examples])
    labelled = labelled_documents(pipeline, examples, parsed)
    analysed = held_out(pipeline, examples, parsed, labelled, a.class_weight)
    print(format_report(score_variant(pipeline, analysed, 0.5, False), "rules alone"))
    print(format_report(score_variant(pipeline, analysed, None, True), "model alone"))
    for floor in FLOORS:
        report = score_variant(pipeline, analysed, floor, True)
        print(format_report(report, f"hybrid, rule floor {floor}"))


if __name__ == "__main__":
    main()

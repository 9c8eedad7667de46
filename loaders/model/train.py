"""Fitting the relation decision on the training corpus, and cross-validating it by document.

    python -m loaders.model.train            # cross-validate, then fit on everything and save
    python -m loaders.model.train --cv-only  # just the cross-validated scores

Labels come from the gold the way `score.py` matches: a candidate pair is labelled with a
required gold relation when its subject's surface forms meet the gold subject's and its
object's the gold object's (either way round for symmetric types); a pair hitting only an
optional gold relation is left out of training; every other pair is NONE. Everything is
deterministic: sorted vocabulary, fixed folds, a deterministic solver.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.model import Document, Extraction
from graph.ontology import SYMMETRIC_RELATIONS
from loaders.arguments import ArgumentReader
from loaders.entities import DocumentEntity, Registry
from loaders.model.candidates import Pair, document_pairs, path_length
from loaders.model.corpus import Example, fold_of, training_examples
from loaders.model.decide import NONE, RELATION_MODEL_DIR, LinearModel, RelationDecider
from loaders.model.features import pair_features
from loaders.model.scoring import Report, as_list, entity_forms, format_report, norm, score_all
from loaders.model.truecase import TRUECASE_FILE, load_table, lower_words, save_table
from loaders.pipeline import ExtractionPipeline

SEED = 13
MIN_COUNT = 2  # a feature seen once is noise
C = 2.0
THRESHOLD = 0.4
# Rule verdicts at or above this confidence are emitted beside the model's decisions (chosen by
# cross-validation: see loaders/model/README.md); None leaves the model alone.
RULE_FLOOR: float | None = 0.7
CLASS_WEIGHT: str | None = None
EXCLUDED = "EXCLUDED"  # neither a positive nor a negative
# A pair hitting only an optional gold relation is left out of training (as a positive it
# cost precision in cross-validation: 0.361 against 0.377 F1).
OPTIONAL_POSITIVE = False
MAX_PATH = 4  # tree distance within which a sentence is taken to state a gold relation


@dataclass
class Labelled:
    """One document's candidates with their features and gold labels."""

    doc_id: str
    pairs: list[Pair]
    features: list[list[str]]
    labels: list[str]


@dataclass
class CrossValidation:
    report: Report
    folds: list[Report] = field(default_factory=list)


def _forms(entity: DocumentEntity) -> set[str]:
    out = {norm(entity.name)} | {norm(a) for a in entity.aliases}
    out.discard("")
    return out


def _gold_ends(gold: dict[str, Any]) -> list[tuple[set[str], set[str], dict[str, Any]]]:
    forms = {e["name"]: entity_forms(e) for e in gold.get("entities", [])}

    def end(names: Any) -> set[str]:
        out: set[str] = set()
        for name in as_list(names):
            out |= forms.get(name, {norm(name)})
        return out

    return [(end(r["subject"]), end(r["object"]), r) for r in gold.get("relations", [])]


def label_pairs(
    pairs: list[Pair], gold: dict[str, Any], optional_positive: bool = OPTIONAL_POSITIVE
) -> list[str]:
    ends = _gold_ends(gold)
    labels: list[str] = []
    for pair in pairs:
        s, o = _forms(pair.subject), _forms(pair.object)
        required, optional = None, None
        for gs, go, relation in ends:
            forward = bool(s & gs and o & go)
            backward = relation["relation"] in SYMMETRIC_RELATIONS and bool(s & go and o & gs)
            if not (forward or backward):
                continue
            if relation.get("optional"):
                optional = optional or relation["relation"]
            elif required is None:
                required = relation["relation"]
        if required is None and optional is not None:
            required = optional if optional_positive else EXCLUDED
        labels.append(required or NONE)
    return labels


def _pair_distance(pair: Pair) -> int:
    if pair.s_anchor is None or pair.o_anchor is None:
        return 50
    return path_length(pair.s_anchor.token, pair.o_anchor.token)


def keep_stating_instances(pairs: list[Pair], labels: list[str]) -> list[str]:
    """Gold is per document, so every sentence naming both ends would be labelled positive.
    Keep as positives the sentences likely to state it (close in the tree, or proposed by a
    rule; else the closest one) and leave the others out of training rather than teach the
    model that a co-occurrence states the relation."""
    groups: dict[tuple[int, int, str], list[int]] = {}
    for k, (pair, label) in enumerate(zip(pairs, labels, strict=True)):
        if label not in (NONE, EXCLUDED):
            groups.setdefault((id(pair.subject), id(pair.object), label), []).append(k)
    out = list(labels)
    for members in groups.values():
        good = [k for k in members if _pair_distance(pairs[k]) <= MAX_PATH or pairs[k].rules]
        if not good:
            good = [min(members, key=lambda k: _pair_distance(pairs[k]))]
        for k in members:
            if k not in good:
                out[k] = EXCLUDED
    return out


def _analyse(pipeline: ExtractionPipeline, parsed: Any) -> tuple[ArgumentReader, list[Any]]:
    registry = Registry(pipeline.catalog)
    mentions = pipeline.finder.find(parsed, registry)
    args = ArgumentReader(registry, mentions)
    return args, pipeline.rule_candidates(parsed, args, mentions)


def parse_all(pipeline: ExtractionPipeline, docs: list[Document]) -> list[Any]:
    from loaders.pipeline import _spacy_text

    return list(pipeline.nlp.pipe((_spacy_text(d) for d in docs), batch_size=16))


def labelled_documents(
    pipeline: ExtractionPipeline, examples: list[Example], parsed: list[Any]
) -> list[Labelled]:
    out: list[Labelled] = []
    for example, doc in zip(examples, parsed, strict=True):
        args, candidates = _analyse(pipeline, doc)
        pairs = document_pairs(doc, args, candidates)
        features = [pair_features(p, pipeline.lexicon) for p in pairs]
        labels = keep_stating_instances(pairs, label_pairs(pairs, example.gold, OPTIONAL_POSITIVE))
        out.append(Labelled(example.doc.id, pairs, features, labels))
    return out


def fit(
    documents: Iterable[Labelled],
    c: float = C,
    threshold: float = THRESHOLD,
    class_weight: str | None = CLASS_WEIGHT,
    rule_floor: float | None = RULE_FLOOR,
) -> LinearModel:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows: list[list[str]] = []
    labels: list[str] = []
    for d in documents:
        for features, label in zip(d.features, d.labels, strict=True):
            if label != EXCLUDED:
                rows.append(features)
                labels.append(label)
    counts = Counter(f for row in rows for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    vocabulary = {f: k for k, f in enumerate(names)}
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocabulary[f] for f in row if f in vocabulary})
        indices += cols
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(names)))
    classes = sorted(set(labels) | {NONE})
    y = np.asarray([classes.index(label) for label in labels])
    solver = LogisticRegression(
        C=c, max_iter=2000, random_state=SEED, class_weight=class_weight
    )
    solver.fit(matrix, y)
    seen = [classes[k] for k in solver.classes_]
    weights = np.zeros((len(names), len(seen)), dtype=np.float32)
    bias = np.zeros(len(seen), dtype=np.float32)
    coef = solver.coef_
    if len(seen) == 2:  # a binary fit keeps one row: class 1 against class 0
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        solver.intercept_ = np.asarray([-solver.intercept_[0] / 2, solver.intercept_[0] / 2])
    weights[:, :] = coef.T
    bias[:] = solver.intercept_
    info: dict[str, object] = {"pairs": len(rows), "features": len(names), "c": c, "seed": SEED}
    if class_weight is not None:
        info["class_weight"] = class_weight
    return LinearModel(seen, vocabulary, weights, bias, threshold, info, rule_floor)


def predict_documents(
    pipeline: ExtractionPipeline, model: LinearModel, examples: list[Example], parsed: list[Any]
) -> dict[str, dict[str, Any]]:
    """Extractions (as score.py reads them) of the given documents with this model."""
    pipeline._decider = RelationDecider(model, pipeline.lexicon)
    out: dict[str, dict[str, Any]] = {}
    for example, doc in zip(examples, parsed, strict=True):
        extraction: Extraction = pipeline._safely(example.doc, doc)
        out[example.doc.id] = extraction.model_dump(mode="json")
    return out


def cross_validate(
    pipeline: ExtractionPipeline,
    examples: list[Example],
    parsed: list[Any],
    labelled: list[Labelled],
    c: float = C,
    threshold: float = THRESHOLD,
) -> CrossValidation:
    folds = fold_of([e.doc.id for e in examples])
    result = CrossValidation(Report())
    for k in sorted(set(folds.values())):
        train = [d for d in labelled if folds[d.doc_id] != k]
        test = [i for i, e in enumerate(examples) if folds[e.doc.id] == k]
        model = fit(train, c, threshold)
        preds = predict_documents(
            pipeline, model, [examples[i] for i in test], [parsed[i] for i in test]
        )
        fold = score_all([examples[i].gold for i in test], preds)
        result.folds.append(fold)
        result.report.add(fold)
    return result


@dataclass
class TrainResult:
    cross_validation: CrossValidation | None
    model: LinearModel
    seconds: float


def train_model(
    out: Path | None = RELATION_MODEL_DIR,
    examples: list[Example] | None = None,
    with_cv: bool = True,
    c: float = C,
    threshold: float = THRESHOLD,
) -> TrainResult:
    """Cross-validate (optionally), then fit on all the examples and save to `out`."""
    started = time.perf_counter()
    examples = training_examples() if examples is None else examples
    if out is not None:  # the truecaser first: headlines are parsed through it
        save_table(lower_words(e.doc.text for e in examples), out / TRUECASE_FILE.name)
        load_table.cache_clear()
    pipeline = ExtractionPipeline(relation_model=None)
    parsed = parse_all(pipeline, [e.doc for e in examples])
    labelled = labelled_documents(pipeline, examples, parsed)
    cv = cross_validate(pipeline, examples, parsed, labelled, c, threshold) if with_cv else None
    model = fit(labelled, c, threshold)
    model.info["documents"] = len(examples)
    if cv is not None:
        model.info["cv_relation_f1"] = round(cv.report.relations.f1, 4)
        model.info["cv_entity_f1"] = round(cv.report.entities.f1, 4)
    if out is not None:
        model.save(out)
    return TrainResult(cv, model, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--out", type=Path, default=RELATION_MODEL_DIR)
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    a = ap.parse_args(argv)
    result = train_model(a.out, with_cv=not a.no_cv, c=a.c, threshold=a.threshold)
    if result.cross_validation is not None:
        cv = result.cross_validation
        print(format_report(cv.report, "5-fold cross-validation by document"))
        print("fold relation F1:", " ".join(f"{f.relations.f1:.3f}" for f in cv.folds))
    print(f"saved {a.out} ({result.seconds:.0f} s)")


if __name__ == "__main__":
    main()

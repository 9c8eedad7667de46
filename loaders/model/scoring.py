"""Scoring extractions against gold with the corpus's own scorer, per type as well.

The matching logic is `loaders/training/score.py`, a verbatim copy of the evaluation's
`score.py` (tests check the copy is unchanged); this module only sums its per-document
counts, overall and restricted to one entity or relation type at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from loaders.training import score as scorer

Json = dict[str, Any]


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return float(scorer.prf(self.tp, self.pred, self.gold)[0])

    @property
    def recall(self) -> float:
        return float(scorer.prf(self.tp, self.pred, self.gold)[1])

    @property
    def f1(self) -> float:
        return float(scorer.prf(self.tp, self.pred, self.gold)[2])

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def line(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
            f"  (tp {self.tp}, pred {self.pred}, gold {self.gold})"
        )


@dataclass
class Report:
    """Entity, typed-entity and relation counts, overall and per type, plus the errors."""

    entities: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    entity_types: dict[str, Counts] = field(default_factory=dict)
    relation_types: dict[str, Counts] = field(default_factory=dict)
    misses: list[tuple[str, Json]] = field(default_factory=list)
    false_positives: list[tuple[str, Json]] = field(default_factory=list)
    documents: int = 0

    def add(self, other: Report) -> None:
        self.entities.add(other.entities)
        self.typed.add(other.typed)
        self.relations.add(other.relations)
        for mine, theirs in ((self.entity_types, other.entity_types),
                             (self.relation_types, other.relation_types)):
            for key, counts in theirs.items():
                mine.setdefault(key, Counts()).add(counts)
        self.misses += other.misses
        self.false_positives += other.false_positives
        self.documents += other.documents


def _relation_counts(gold: Json, pred: Json | None) -> tuple[Counts, list[Json], list[Json]]:
    _, rel, _, misses, wrong = scorer.score_doc(gold, pred)
    counts = Counts(tp=rel["tp"], pred=rel["tp"] + rel["fp"], gold=rel["tp"] + rel["fn"])
    return counts, misses, wrong


def _entity_counts(gold: Json, pred: Json | None) -> tuple[Counts, Counts]:
    ent, _, _, _, _ = scorer.score_doc(gold, pred)
    return (
        Counts(tp=ent["tp"], pred=ent["pred"], gold=ent["gold"]),
        Counts(tp=ent["tp_typed"], pred=ent["pred"], gold=ent["gold"]),
    )


def _only_relation(doc: Json | None, relation: str) -> Json | None:
    if doc is None:
        return None
    kept = [r for r in doc.get("relations", []) or [] if r.get("relation") == relation]
    return {**doc, "relations": kept}


def _only_entity_type(gold: Json, pred: Json | None, etype: str) -> tuple[Json, Json | None]:
    """Gold entities of one type against predicted ones of that type (typed matching)."""
    g = {**gold, "entities": [e for e in gold.get("entities", []) if e.get("type") == etype]}
    if pred is None:
        return g, None
    kept = [e for e in pred.get("entities", []) or [] if e.get("type") == etype]
    return g, {**pred, "entities": kept}


def score_document(gold: Json, pred: Json | None) -> Report:
    report = Report(documents=1)
    report.entities, report.typed = _entity_counts(gold, pred)
    report.relations, misses, wrong = _relation_counts(gold, pred)
    doc_id = str(gold.get("id"))
    report.misses = [(doc_id, m) for m in misses]
    report.false_positives = [(doc_id, w) for w in wrong]
    types = {r["relation"] for r in gold.get("relations", [])}
    types |= {r.get("relation") for r in (pred or {}).get("relations", []) or []}
    for relation in sorted(t for t in types if isinstance(t, str)):
        counts, _, _ = _relation_counts(
            _only_relation(gold, relation) or gold, _only_relation(pred, relation)
        )
        report.relation_types[relation] = counts
    etypes = {e.get("type") for e in gold.get("entities", [])}
    etypes |= {e.get("type") for e in (pred or {}).get("entities", []) or []}
    for etype in sorted(t for t in etypes if isinstance(t, str)):
        g, p = _only_entity_type(gold, pred, etype)
        _, typed = _entity_counts(g, p)
        report.entity_types[etype] = typed
    return report


def score_all(golds: Iterable[Json], preds: Mapping[str, Json]) -> Report:
    total = Report()
    for gold in golds:
        total.add(score_document(gold, preds.get(str(gold["id"]))))
    return total


def format_report(report: Report, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"documents: {report.documents}")
    lines.append(f"entities:       {report.entities.line()}")
    lines.append(f"typed entities: {report.typed.line()}")
    lines.append(f"relations:      {report.relations.line()}")
    lines.append("relations by type:")
    for key, counts in sorted(report.relation_types.items()):
        if counts.gold or counts.pred:
            lines.append(f"  {key:<18} {counts.line()}")
    lines.append("typed entities by type:")
    for key, counts in sorted(report.entity_types.items()):
        if counts.gold or counts.pred:
            lines.append(f"  {key:<26} {counts.line()}")
    return "\n".join(lines)


def norm(surface: str) -> str:
    """The scorer's normal form of a surface string."""
    return str(scorer.norm(surface))


def entity_forms(entity: Json) -> set[str]:
    """The scorer's normalized forms of a gold or predicted entity (name and aliases)."""
    return set(scorer.forms(entity))


def as_list(names: Any) -> list[Any]:
    return list(scorer.as_list(names))

"""The trained relation decision, as the pipeline runs it.

A linear model (multinomial logistic regression fitted by `loaders.model.train`) scores every
candidate pair of a document; the best relation type above the model's threshold is emitted,
with negation, modality and date read from the sentence, the sentence as evidence. The weights
ship in `loaders/model/relation/` (a NumPy array and a JSON vocabulary) and load offline; no
scikit-learn at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span

from graph.model import Document, ExtractedRelation
from graph.ontology import SYMMETRIC_RELATIONS, RelationType
from loaders.arguments import ArgumentReader
from loaders.attributes import is_negated, modality
from loaders.lexicon import Lexicon
from loaders.model.candidates import Pair, document_pairs
from loaders.model.dates import fact_date
from loaders.model.features import pair_features, path_key
from loaders.relations import Candidate

RELATION_MODEL_DIR = Path(__file__).resolve().parent / "relation"
NONE = "NONE"
WEIGHTS_FILE = "weights.npy"
META_FILE = "model.json"


class ModelFilesError(RuntimeError):
    pass


@dataclass
class LinearModel:
    classes: list[str]
    vocabulary: dict[str, int]
    weights: npt.NDArray[np.float32]  # (features, classes)
    bias: npt.NDArray[np.float32]  # (classes,)
    threshold: float
    info: dict[str, object]
    # Rule verdicts at or above this confidence are emitted too (None: the model alone).
    rule_threshold: float | None = None

    def probabilities(self, features: list[str]) -> npt.NDArray[np.float64]:
        rows = [self.vocabulary[f] for f in set(features) if f in self.vocabulary]
        scores = self.bias.astype(np.float64) + self.weights[rows].sum(axis=0, dtype=np.float64)
        scores -= scores.max()
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        features = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.save(directory / WEIGHTS_FILE, self.weights.astype(np.float16), allow_pickle=False)
        meta = {
            "classes": self.classes,
            "bias": [float(b) for b in self.bias],
            "threshold": self.threshold,
            "rule_threshold": self.rule_threshold,
            "features": features,
            "info": self.info,
        }
        text = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (directory / META_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LinearModel:
        try:
            meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
            weights = np.load(directory / WEIGHTS_FILE, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise ModelFilesError(
                f"{directory}: cannot load the relation model ({exc}); run `techkg train`"
            ) from exc
        features = meta["features"]
        if weights.shape != (len(features), len(meta["classes"])):
            raise ModelFilesError(f"{directory / WEIGHTS_FILE}: shape does not match {META_FILE}")
        return cls(
            classes=list(meta["classes"]),
            vocabulary={f: k for k, f in enumerate(features)},
            weights=weights.astype(np.float32),
            bias=np.asarray(meta["bias"], dtype=np.float32),
            threshold=float(meta["threshold"]),
            info=dict(meta.get("info", {})),
            rule_threshold=meta.get("rule_threshold"),
        )


@dataclass
class Decision:
    pair: Pair
    relation: RelationType
    probability: float


class RelationDecider:
    def __init__(self, model: LinearModel, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        self._none = model.classes.index(NONE)

    @classmethod
    def load(cls, directory: Path, lexicon: Lexicon) -> RelationDecider:
        return cls(LinearModel.load(directory), lexicon)

    def trusted_rules(
        self, rule_candidates: list[tuple[Candidate, Span]]
    ) -> list[tuple[Candidate, Span]]:
        """The rule proposals confident enough to be emitted beside the model's decisions:
        the rules hold types the corpus has too few examples of (USES, DEVELOPS)."""
        floor = self.model.rule_threshold
        if floor is None:
            return []
        return [(c, sent) for c, sent in rule_candidates if c.confidence >= floor]

    def decide(self, pairs: list[Pair]) -> list[Decision]:
        out: list[Decision] = []
        for pair in pairs:
            probs = self.model.probabilities(pair_features(pair, self.lexicon))
            probs[self._none] = -1.0
            best = int(probs.argmax())
            if probs[best] >= self.model.threshold:
                relation = RelationType(self.model.classes[best])
                out.append(Decision(pair, relation, float(probs[best])))
        return out

    def relations(
        self,
        document: Document,
        parsed: Doc,
        args: ArgumentReader,
        rule_candidates: list[tuple[Candidate, Span]],
    ) -> list[ExtractedRelation]:
        pairs = document_pairs(parsed, args, rule_candidates)
        return merge_relations([_as_relation(document, d) for d in self.decide(pairs)])


def merge_relations(*groups: list[ExtractedRelation]) -> list[ExtractedRelation]:
    """One relation per (subject, type, object, negation): the most confident one."""
    best: dict[tuple[str, str, str, bool], ExtractedRelation] = {}
    for relation in (r for group in groups for r in group):
        key = (relation.subject, relation.relation.value, relation.object, relation.negated)
        previous = best.get(key)
        if previous is None or previous.confidence < relation.confidence:
            best[key] = relation
    return list(best.values())


def _as_relation(document: Document, decision: Decision) -> ExtractedRelation:
    pair = decision.pair
    subject, obj = pair.subject.name, pair.object.name
    if decision.relation in SYMMETRIC_RELATIONS and obj < subject:
        subject, obj = obj, subject
    sent = pair.sent
    head = path_key(pair)
    role = next((c.role for c in pair.rules if c.role and c.relation == decision.relation), None)
    return ExtractedRelation(
        subject=subject,
        relation=decision.relation,
        object=obj,
        confidence=round(min(max(decision.probability, 0.0), 1.0), 3),
        negated=is_negated(head) if head is not None else False,
        modality=modality(head, sent) if head is not None else modality(sent.root, sent),
        evidence=document.content[sent.start_char : sent.end_char].strip(),
        start=sent.start_char,
        end=sent.end_char,
        date=fact_date(sent, head) or document.published,
        role=role,
    )


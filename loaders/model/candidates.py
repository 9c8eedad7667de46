"""Relation candidates: ordered pairs of entities that one sentence mentions together.

An entity is anchored in a sentence by a mention (catalog, NER, acronym, demonym, seat, short
form) or by a token the argument reader resolves to it (pronouns, "the company", "the U.S.
government", "exports of chips", unnamed technology and policy phrases), so coreference,
lists and appositions the pipeline resolves all yield anchors. Today's rules add the pairs
they propose, also those whose subject lies outside the sentence (a prosecutor named earlier,
the state that imposed "the new controls"); their verdicts become features, not decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.ontology import EntityType
from loaders.arguments import ArgumentReader
from loaders.entities import DocumentEntity
from loaders.relations import Candidate

# Unnamed phrases an argument token may stand for ("advanced chips", "the new rule").
_GENERIC_WANTS = frozenset({EntityType.TECHNOLOGY, EntityType.POLICY})
_ARGUMENT_POS = frozenset({"NOUN", "PROPN", "PRON"})
# Sentences with more anchors than this are lists (entity-list annexes, sanctions lists):
# there only pairs close in the tree (coordination counts no distance) are candidates.
LIST_ANCHORS = 16
LIST_PATH = 3


@dataclass(slots=True)
class Anchor:
    entity: DocumentEntity
    token: Token  # the head token through which the sentence refers to the entity
    start: int
    end: int
    via: str


@dataclass(slots=True)
class Pair:
    """Subject and object (canonical entities) in one sentence, with the rules' say on them."""

    subject: DocumentEntity
    object: DocumentEntity
    sent: Span
    s_anchor: Anchor | None
    o_anchor: Anchor | None
    rules: list[Candidate] = field(default_factory=list)  # rules proposing subject -> object
    reverse_rules: list[Candidate] = field(default_factory=list)  # ... object -> subject


def sentence_anchors(sent: Span, args: ArgumentReader) -> list[Anchor]:
    registry, mentions = args.registry, args.mentions
    doc = sent.doc
    out: list[Anchor] = []
    seen: set[tuple[int, int]] = set()
    for mention in mentions.items:
        if not sent.start <= mention.start < sent.end:
            continue
        entity = registry.canonical(mention.name)
        root = doc[mention.start : mention.end].root
        if (id(entity), root.i) in seen:
            continue
        seen.add((id(entity), root.i))
        out.append(Anchor(entity, root, mention.start, mention.end, mention.via))
    for tok in sent:
        if tok.pos_ not in _ARGUMENT_POS or mentions.covered(tok.i):
            continue
        for entity in args.entities(tok, _GENERIC_WANTS):
            entity = registry.canonical(entity.name)
            if (id(entity), tok.i) not in seen:
                seen.add((id(entity), tok.i))
                via = "generic" if not entity.proper else "argument"
                out.append(Anchor(entity, tok, tok.i, tok.i + 1, via))
    return out


def ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head is not chain[-1] and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def _steps(chain: list[Token]) -> list[int]:
    """Distance from the chain's first token to each token on it; conj links cost nothing."""
    out, total = [0], 0
    for tok in chain[:-1]:
        total += tok.dep_ != "conj"
        out.append(total)
    return out


def path_length(a: Token, b: Token) -> int:
    up = ancestors(a)
    up_steps = _steps(up)
    index = {t.i: k for k, t in enumerate(up)}
    down = ancestors(b)
    down_steps = _steps(down)
    for k, tok in enumerate(down):
        if tok.i in index:
            return up_steps[index[tok.i]] + down_steps[k]
    return 99


def _best_anchors(anchors: list[Anchor]) -> dict[tuple[int, int], tuple[Anchor, Anchor]]:
    """Per ordered entity pair, the two anchors closest in the dependency tree."""
    limit = LIST_PATH if len(anchors) > LIST_ANCHORS else 99
    best: dict[tuple[int, int], tuple[Anchor, Anchor, int]] = {}
    for a in anchors:
        for b in anchors:
            if a.entity is b.entity or (a.token.i == b.token.i and a.start == b.start):
                continue
            if a.entity.name == "" or b.entity.name == "":
                continue
            key = (id(a.entity), id(b.entity))
            length = path_length(a.token, b.token) if a.token.i != b.token.i else 0
            if length <= limit and (key not in best or length < best[key][2]):
                best[key] = (a, b, length)
    return {key: (a, b) for key, (a, b, _) in best.items()}


def document_pairs(
    doc: Doc, args: ArgumentReader, rule_candidates: list[tuple[Candidate, Span]]
) -> list[Pair]:
    registry = args.registry
    by_sentence: dict[int, list[tuple[Candidate, Span]]] = {}
    for candidate, sent in rule_candidates:
        if candidate.subject.name and candidate.object.name:
            by_sentence.setdefault(sent.start, []).append((candidate, sent))
    out: list[Pair] = []
    for sent in doc.sents:
        anchors = sentence_anchors(sent, args)
        first: dict[int, Anchor] = {}
        for anchor in anchors:
            first.setdefault(id(anchor.entity), anchor)
        pairs: dict[tuple[int, int], Pair] = {}
        for key, (a, b) in _best_anchors(anchors).items():
            pairs[key] = Pair(a.entity, b.entity, sent, a, b)
        for candidate, _ in by_sentence.get(sent.start, []):
            subject = registry.canonical(candidate.subject.name)
            obj = registry.canonical(candidate.object.name)
            if subject is obj:
                continue
            key = (id(subject), id(obj))
            if key not in pairs:
                pairs[key] = Pair(subject, obj, sent, first.get(id(subject)), first.get(id(obj)))
            pairs[key].rules.append(candidate)
            reverse = (id(obj), id(subject))
            if reverse not in pairs:
                pairs[reverse] = Pair(obj, subject, sent, first.get(id(obj)), first.get(id(subject)))
            pairs[reverse].reverse_rules.append(candidate)
        out.extend(pairs.values())
    return out

"""The extraction pipeline: Documents in, one Extraction per document out, in input order.

Stages, wired here and nowhere else:
  spaCy (sentences, parse, NER behind catalog entity rulers)   loaders.nlp
  mentions and in-document resolution                          loaders.mentions / entities
  trigger relations over the dependency parse                  loaders.relations / arguments
  structural relations (titles, origins, parts, pairs)         loaders.patterns
  negation, modality, dates                                    loaders.attributes
  relevance                                                    loaders.relevance
A document that cannot be processed yields an Extraction with `error` and the batch goes on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from graph.model import Document, ExtractedRelation, Extraction
from graph.ontology import SYMMETRIC_RELATIONS, EntityType, RelationType
from loaders.arguments import ArgumentReader
from loaders.attributes import is_negated, modality, sentence_date
from loaders.catalog import CATALOG_DIR, Catalog, load_catalog
from loaders.discourse import QuotedStance, appeals_against
from loaders.entities import DocumentEntity, Registry
from loaders.lexicon import LEXICON_DIR, Lexicon, default_words, load_lexicon
from loaders.mentions import Mention, MentionFinder, Mentions
from loaders.model.decide import RELATION_MODEL_DIR, RelationDecider, merge_relations
from loaders.model.truecase import truecase
from loaders.nlp import build_nlp
from loaders.patterns import StructuralRelations
from loaders.relations import Candidate, TriggerRelations
from loaders.relevance import relevance

log = logging.getLogger(__name__)

MAX_CHARS = 200_000


class ExtractionPipeline:
    """Settings in the constructor; spaCy and the data files load once, on first use."""

    def __init__(
        self,
        catalog_dir: Path = CATALOG_DIR,
        lexicon_dir: Path = LEXICON_DIR,
        model: str | None = None,
        max_chars: int = MAX_CHARS,
        min_confidence: float = 0.5,
        relation_model: Path | None = RELATION_MODEL_DIR,
    ) -> None:
        self.catalog_dir = catalog_dir
        self.lexicon_dir = lexicon_dir
        self.model = model
        self.max_chars = max_chars
        self.min_confidence = min_confidence
        self._nlp: Language | None = None
        self._catalog: Catalog | None = None
        self._lexicon: Lexicon | None = None
        self._finder: MentionFinder | None = None
        self._measures: frozenset[str] | None = None
        # None: the hand rules decide (the trained model's own training runs this way).
        self.relation_model = relation_model
        self._decider: RelationDecider | None = None

    # ---------------------------------------------------------------- lazy resources

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog(self.catalog_dir)
        return self._catalog

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(self.lexicon_dir)
        return self._lexicon

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = build_nlp(self.catalog, self.model)
        return self._nlp

    @property
    def finder(self) -> MentionFinder:
        if self._finder is None:
            self._finder = MentionFinder(
                self.lexicon, self.catalog.demonyms(), self.catalog.seats()
            )
        return self._finder

    @property
    def decider(self) -> RelationDecider | None:
        if self._decider is None and self.relation_model is not None:
            self._decider = RelationDecider.load(self.relation_model, self.lexicon)
        return self._decider

    def _measure_lemmas(self) -> frozenset[str]:
        """Nouns naming a measure someone imposes: restrictive trigger nouns and 'rule' words."""
        if self._measures is None:
            restrictive = {
                lemma
                for lemma, triggers in self.lexicon.nouns.items()
                if any(t.relation in _ACTOR_RELATIONS for t in triggers)
            }
            self._measures = frozenset(restrictive | _MEASURE_NOUNS)
        return self._measures

    # ---------------------------------------------------------------- public API

    def extract_one(self, doc: Document) -> Extraction:
        return next(self.run([doc]))

    def run(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        pending: deque[tuple[Document, str | None]] = deque()

        def feed() -> Iterator[tuple[str, int]]:
            for doc in docs:
                problem = self.check(doc)
                pending.append((doc, problem))
                if problem is None:
                    yield _spacy_text(doc), len(pending)

        stream = self.nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size)
        for parsed, _ in stream:
            while pending and pending[0][1] is not None:
                failed, problem = pending.popleft()
                yield _failure(failed, problem or "")
            document, _ = pending.popleft()
            yield self._safely(document, parsed)
        while pending:
            failed, problem = pending.popleft()
            yield _failure(failed, problem or "unprocessed")

    def check(self, doc: Document) -> str | None:
        """Why a document cannot be processed, or None."""
        content = doc.content
        if not content.strip():
            return "document has no title and no text"
        if len(content) > self.max_chars:
            return f"document too large: {len(content)} characters (limit {self.max_chars})"
        try:
            content.encode("utf-8")
        except UnicodeEncodeError:
            return "document text is not valid UTF-8 (lone surrogates)"
        return None

    # ---------------------------------------------------------------- one document

    def _safely(self, document: Document, parsed: Doc) -> Extraction:
        try:
            return self._extract(document, parsed)
        except Exception as exc:  # one bad document must not stop the batch
            log.exception("extraction failed for %s", document.id)
            return _failure(document, f"extraction failed: {type(exc).__name__}: {exc}")

    def _extract(self, document: Document, parsed: Doc) -> Extraction:
        registry = Registry(self.catalog)
        mentions = self.finder.find(parsed, registry)
        args = ArgumentReader(registry, mentions)
        candidates = self.rule_candidates(parsed, args, mentions)
        if self.decider is None:
            relations = self._relations(document, candidates, registry)
        else:  # the trained decision: rules propose, inform, and add their confident verdicts
            relations = self.decider.relations(document, parsed, args, candidates)
            trusted = self.decider.trusted_rules(candidates)
            if trusted:
                relations = merge_relations(relations, self._relations(document, trusted, registry))
        return self.assemble(document, registry, relations)

    def assemble(
        self, document: Document, registry: Registry, relations: list[ExtractedRelation]
    ) -> Extraction:
        """The extraction: these relations and the entities worth showing."""
        used = {r.subject for r in relations} | {r.object for r in relations}
        entities = [
            e.to_model()
            for e in _ordered(registry)
            if e.name in used or (e.proper and e.type not in _SHOWN_ONLY_WHEN_RELATED)
        ]
        return Extraction(
            id=document.id,
            relevance=relevance(document.content),
            entities=entities,
            relations=relations,
        )

    def rule_candidates(
        self, parsed: Doc, args: ArgumentReader, mentions: Mentions
    ) -> list[tuple[Candidate, Span]]:
        """Today's rules' relation candidates, unnamed policies attributed to their actors."""
        candidates = self._candidates(parsed, args, mentions)
        return _attribute_policies(candidates, self._actor_points(candidates, args))

    def _candidates(
        self, parsed: Doc, args: ArgumentReader, mentions: Mentions
    ) -> list[tuple[Candidate, Span]]:
        triggers = TriggerRelations(self.lexicon)
        structure = StructuralRelations(self.lexicon)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions.items:
            by_sentence.setdefault(parsed[mention.start].sent.start, []).append(mention)
        out: list[tuple[Candidate, Span]] = []
        recent_event: DocumentEntity | None = None
        quotes = QuotedStance()
        for sent in parsed.sents:
            for candidate in quotes.run(sent, args):
                out.append((candidate, sent))
            for candidate in appeals_against(sent, args, triggers):
                out.append((candidate, sent))
            sent_mentions = by_sentence.get(sent.start, [])
            for candidate in triggers.run(list(sent), args):
                out.append((candidate, sent))
            for candidate in structure.run(sent, args, sent_mentions, recent_event):
                out.append((candidate, sent))
            for mention in sent_mentions:
                entity = args.registry.canonical(mention.name)
                if entity.type == EntityType.EVENT:
                    recent_event = entity
        return out

    def _actor_points(
        self, candidates: list[tuple[Candidate, Span]], args: ArgumentReader
    ) -> list[tuple[int, DocumentEntity]]:
        """Where the document names who imposes measures: actors of ENACTS/RESTRICTS and the
        state or body owning a measure ("US sanctions", "Washington's Entity List",
        "the U.S. expansion of export controls"), by token position."""
        points = [
            (c.trigger.i, c.subject)
            for c, _ in candidates
            if c.relation in _ACTOR_RELATIONS and c.subject.type in _ACTORS
        ]
        if not candidates:
            return points
        doc = candidates[0][1].doc
        measures = self._measure_lemmas()
        for tok in doc:
            if tok.lemma_.lower() not in measures or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            owners = [tok]
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
                owners.append(tok.head.head)  # "the U.S. expansion of export controls"
            for owner in owners:
                for child in owner.lefts:
                    if child.dep_ in {"compound", "poss", "amod", "nmod"}:
                        for entity in args.at(child):
                            if entity.type in _ACTORS:
                                points.append((tok.i, entity))
        points.sort(key=lambda pair: pair[0])
        return points

    def _relations(
        self,
        document: Document,
        candidates: list[tuple[Candidate, Span]],
        registry: Registry,
    ) -> list[ExtractedRelation]:
        content = document.content
        best: dict[tuple[str, str, str, bool], ExtractedRelation] = {}
        for candidate, sent in candidates:
            if candidate.confidence < self.min_confidence:
                continue
            subject = registry.canonical(candidate.subject.name).name
            obj = registry.canonical(candidate.object.name).name
            if subject == obj:
                continue
            if candidate.relation in SYMMETRIC_RELATIONS and obj < subject:
                subject, obj = obj, subject
            negated = is_negated(candidate.trigger)
            key = (subject, candidate.relation.value, obj, negated)
            previous = best.get(key)
            if previous is not None and previous.confidence >= candidate.confidence:
                continue
            best[key] = ExtractedRelation(
                subject=subject,
                relation=candidate.relation,
                object=obj,
                confidence=round(candidate.confidence, 3),
                negated=negated,
                modality=modality(candidate.trigger, sent),
                evidence=content[sent.start_char : sent.end_char].strip(),
                start=sent.start_char,
                end=sent.end_char,
                date=sentence_date(sent.text) or document.published,
                role=candidate.role,
                predicate=candidate.predicate,
            )
        return list(best.values())


# Unnamed phrases ("advanced chips") and bare technology words are shown only when a relation
# needs them: on their own they are noise in a graph of actors.
_SHOWN_ONLY_WHEN_RELATED = frozenset({EntityType.TECHNOLOGY})


_ACTORS = frozenset({EntityType.COUNTRY, EntityType.GOVERNMENT_BODY})


_ACTOR_RELATIONS = frozenset({RelationType.ENACTS, RelationType.RESTRICTS})
_MEASURE_NOUNS = default_words().relations.imposed_measures


def _attribute_policies(
    candidates: list[tuple[Candidate, Span]], actors: list[tuple[int, DocumentEntity]]
) -> list[tuple[Candidate, Span]]:
    """'The new controls restrict exports to Russia': an unnamed policy (or an unstated actor)
    restricts on behalf of whoever the document says issued or imposed such measures, the
    nearest such actor before it (else the first after); with no such actor, drop it."""
    out = []
    for candidate, sent in candidates:
        subject = candidate.subject
        if subject.type == EntityType.POLICY and not subject.proper:
            before = [a for i, a in actors if i <= candidate.trigger.i]
            actor = before[-1] if before else (actors[0][1] if actors else None)
            if actor is None:
                continue
            candidate = replace(candidate, subject=actor, confidence=candidate.confidence - 0.1)
        out.append((candidate, sent))
    return out


def _ordered(registry: Registry) -> list[DocumentEntity]:
    return sorted(registry.entities.values(), key=lambda e: e.first_token)


def _spacy_text(doc: Document) -> str:
    """The content as spaCy should see it: an all-capitals headline is title-cased (same
    length, so offsets still point into Document.content) because the model reads capitals
    as one long proper name."""
    title = doc.title
    if title and title.isupper() and len(title.title()) == len(title):
        title = title.title()
    title = truecase(title)  # "Zhipu AI Launches ... Model" parses as a sentence
    if doc.title and doc.text:
        return f"{title}\n{doc.text}"
    return title or doc.text


def _failure(doc: Document, reason: str) -> Extraction:
    return Extraction(id=doc.id, error=reason, entities=[], relations=[])

"""Typed relations from trigger words over the dependency parse.

Verbs: subject from nsubj (or the by-agent in the passive, or the governing clause when the
verb has none: conj, xcomp, "plans to establish"); objects from dobj (nsubjpass in the passive)
and from the prepositions the lexicon allows. Nouns: "Trump approval of ...", "U.S. restrictions
on Huawei", "imposed export controls on advanced chips" (a light verb lends its subject).
Coordinated arguments fan out. Entity types at both ends must fit the lexicon's signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from graph.ontology import EntityType, RelationType
from loaders.arguments import ArgumentReader
from loaders.entities import DocumentEntity
from loaders.lexicon import Lexicon, Trigger, default_words

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl", "relcl", "ccomp"})
_RELATIVE = frozenset({"which", "that", "who", "whom"})
# Nominal forms that read "of X" as their object ("approval of", "investigation of").
_NO_OF = frozenset({RelationType.EXPORTS_TO, RelationType.PARTNERS_WITH})
_WEAK_SUBJECT_TYPES = frozenset({EntityType.TECHNOLOGY, EntityType.PRODUCT, EntityType.POLICY})
# Relations whose actor may go unstated in the clause ("the new controls also restrict ...",
# "the companies were blocked"): the pipeline attributes them to the document's acting state.
_ATTRIBUTED = frozenset({RelationType.RESTRICTS})
_WORDS = default_words().relations  # loaders/lexicon/relations.yaml: what each list is for
_HALTING = _WORDS.halting
_STATE_ACTORS = frozenset({EntityType.COUNTRY, EntityType.GOVERNMENT_BODY})
_APPEAL_VERBS = default_words().discourse.appeal
_DEAL_NOUNS = _WORDS.deal_nouns
_STANCES = frozenset({RelationType.OPPOSES, RelationType.SUPPORTS})
_REVOKING = _WORDS.revoking
_PRIVILEGES = _WORDS.privileges
_MEASURE_VERBS = _WORDS.measure_verbs
_MEASURE_HEADS = _WORDS.measure_heads
_DELISTING = _WORDS.delisting
_ANAPHORIC = frozenset(["they", "it", "these", "this", "those"])
_LEGAL = _WORDS.legal_verbs
_LEGAL_NOUNS = _WORDS.legal_nouns
_BRINGING = _WORDS.bringing
_PLAN_WORDS = _WORDS.plan_words


def unstated() -> DocumentEntity:
    """A stand-in subject: an unnamed measure, resolved later to whoever imposed it."""
    return DocumentEntity("", EntityType.POLICY, proper=False)


@dataclass(slots=True)
class Candidate:
    subject: DocumentEntity
    relation: RelationType
    object: DocumentEntity
    trigger: Token
    confidence: float
    role: str | None = None
    predicate: str | None = None


def _pobjs(tok: Token, preps: frozenset[str]) -> list[Token]:
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    return out


def _agents(verb: Token) -> list[Token]:
    """The by-phrases of a passive, with coordinated ones ("used by Iran ... and by Russia")."""
    agents = [c for c in verb.children if c.dep_ == "agent"]
    if agents:
        agents += [
            t for t in verb.subtree if t.dep_ == "conj" and t.lower_ == "by" and t not in agents
        ]
    return agents


def _is_measure(tok: Token) -> bool:
    """A measure noun, or a pronoun whose previous sentence has a measure as its subject."""
    if tok.lemma_.lower() in _MEASURE_HEADS:
        return True
    if tok.lower_ not in _ANAPHORIC or tok.sent.start == 0:
        return False
    previous = tok.doc[tok.sent.start - 1].sent
    root = previous.root
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in _MEASURE_HEADS for c in root.children)


def _listed_context(tok: Token) -> bool:
    """Whether this sentence or the one before speaks of a list or its entries."""
    sent = tok.sent
    start = tok.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    return any(
        t.lemma_.lower() in {"list", "entry", "blacklist"} for t in tok.doc[start : sent.end]
    )


def _off_list(tok: Token, trigger: Trigger) -> bool | None:
    """None when the word is no delisting word for this trigger; else whether it delists."""
    if trigger.relation != RelationType.APPROVES or tok.lemma_.lower() not in _DELISTING:
        return None
    return _listed_context(tok)


def _one_reading(found: list[Candidate]) -> Iterator[Candidate]:
    """One word, one reading of a pair: 'unveils fresh export curbs' is ENACTS, not also
    PROPOSES; 'unveils a plan' is PROPOSES."""
    pairs = {
        (id(c.subject), id(c.object))
        for c in found
        if c.relation == RelationType.PROPOSES
    } & {(id(c.subject), id(c.object)) for c in found if c.relation == RelationType.ENACTS}
    for c in found:
        if (id(c.subject), id(c.object)) in pairs:
            words = c.object.name.casefold().split()
            plan = bool(words) and words[-1] in _PLAN_WORDS
            if c.relation == (RelationType.ENACTS if plan else RelationType.PROPOSES):
                continue
        yield c


def _halted(verb: Token) -> bool:
    return verb.lemma_.lower() in _HALTING


def _addressee(verb: Token, obj: Token) -> bool:
    """'urged the Senate to advance a bill': the Senate is asked, not supported."""
    if verb.lemma_.lower() not in _APPEAL_VERBS or obj.dep_ != "dobj":
        return False
    return any(c.dep_ in {"xcomp", "ccomp"} for c in verb.rights)


def _deal(obj: Token) -> bool:
    """'opposed any forced sale of TikTok': the object is a deal over an entity."""
    return obj.lemma_.lower() in _DEAL_NOUNS and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in obj.rights
    )


def _has_particle(tok: Token, particle: str | None) -> bool:
    if particle is None:
        return True
    first = particle.split()[0]
    # Particles and prepositions sit right of the verb: no need to walk its left children.
    return any(c.lower_ == first for c in tok.rights)


class TriggerRelations:
    """Relation candidates from the trigger lexicon for one parsed document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._prosecutor_doc: int | None = None
        self._prosecutor: list[DocumentEntity] = []

    def run(self, sent_tokens: list[Token], args: ArgumentReader) -> Iterator[Candidate]:
        for tok in sent_tokens:
            found: list[Candidate] = []
            if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
                triggers = self.lexicon.verbs.get(tok.lemma_.lower(), ())
                if triggers:
                    found.extend(self._verb(tok, triggers, args))
                found.extend(self._revocation(tok, args))
                found.extend(self._measure_subject(tok, args))
                found.extend(self._marked_group(tok, args))
            elif tok.pos_ in {"NOUN", "PROPN"}:
                triggers = self.lexicon.nouns.get(tok.lemma_.lower(), ())
                if triggers:
                    found.extend(self._noun(tok, triggers, args))
            yield from _one_reading(found)

    # ---------------------------------------------------------------- verbs

    def subjects(
        self, verb: Token, args: ArgumentReader, wants: frozenset[EntityType]
    ) -> tuple[list[DocumentEntity], float]:
        """The verb's subject entities and how direct the path to them is."""
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        heads = (
            [g for c in _agents(verb) for g in c.children if g.dep_ == "pobj"]
            if passive
            else [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        )
        if heads and all(h.lower_ in _RELATIVE for h in heads):
            # "the rules that ban ...": the relative's antecedent; a misparsed relative
            # (ccomp "that banned") reads its subject from the governing clause instead.
            heads = [verb.head] if verb.dep_ == "relcl" else []
        else:
            heads = [h for h in heads if h.lower_ not in _RELATIVE]
        if heads:
            found = [e for h in heads for e in args.entities(h, wants)]
            return found, 0.8
        current, hops = verb, 0
        while current.dep_ in _INHERIT_DEPS and current.head is not current and hops < 3:
            if passive and current is verb:
                break  # a passive without agent has no actor to inherit
            parent = current.head
            hops += 1
            if parent.pos_ in {"NOUN", "PROPN"}:  # "plans to establish": the plan's owner
                if current.dep_ == "relcl":
                    return [], 0.0
                grand = parent.head
                if parent.dep_ in {"dobj", "attr", "pobj"} and grand.pos_ in {"VERB", "AUX"}:
                    parent = grand if parent.dep_ != "pobj" else grand.head
                else:
                    return [], 0.0
            subjects = [c for c in parent.children if c.dep_ in _SUBJECT_DEPS]
            if subjects:
                found = [e for h in subjects for e in args.entities(h, wants)]
                return found, 0.7 - 0.05 * hops
            current = parent
        return [], 0.0

    def _verb(
        self, verb: Token, triggers: tuple[Trigger, ...], args: ArgumentReader
    ) -> Iterator[Candidate]:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        for trigger in triggers:
            if not _has_particle(verb, trigger.particle):
                continue
            delists = _off_list(verb, trigger)
            if delists is False:
                continue
            spec = trigger.spec
            direct: list[Token] = []
            if not spec.object_preps_only:
                deps = {"nsubjpass"} if passive else {"dobj", "dative"}
                direct = [c for c in verb.children if c.dep_ in deps]
                if verb.dep_ == "relcl" and any(t.lower_ in _RELATIVE for t in direct):
                    direct = [verb.head]  # "UAVs which have been used by Iran"
                if not direct and verb.dep_ == "acl" and verb.tag_ == "VBN":
                    direct = [verb.head]  # "the measure announced by MOFCOM"
                if trigger.particle and not direct:
                    direct = _pobjs(verb, frozenset({trigger.particle.split()[0]}))
            if trigger.relation in _STANCES:
                direct = [t for t in direct if not _addressee(verb, t) and not _deal(t)]
            via_prep = _pobjs(verb, spec.preps)
            objects = [e for t in direct + via_prep for e in args.entities(t, spec.object)]
            if not objects:
                continue
            subjects, score = self.subjects(verb, args, spec.subject)
            if not subjects and verb.lemma_.lower() in _LEGAL:
                subjects, score = self.prosecutors(verb.doc, args), 0.6
            if not subjects and (trigger.relation in _ATTRIBUTED or delists):
                subjects, score = [unstated()], 0.65
            if spec.reverse:
                subjects, objects = objects, subjects
            yield from self._pairs(subjects, objects, trigger, verb, score)

    # ---------------------------------------------------------------- nouns

    def _noun(
        self, noun: Token, triggers: tuple[Trigger, ...], args: ArgumentReader
    ) -> Iterator[Candidate]:
        for trigger in triggers:
            delists = _off_list(noun, trigger)
            if delists is False:
                continue
            spec = trigger.spec
            preps = spec.preps if trigger.relation in _NO_OF else spec.preps | {"of"}
            objects = [e for t in _pobjs(noun, preps) for e in args.entities(t, spec.object)]
            light_verb = noun.head if noun.dep_ in {"dobj", "attr"} else None
            if light_verb is not None and not objects:
                objects = [
                    e
                    for t in _pobjs(light_verb, spec.preps)
                    for e in args.entities(t, spec.object)
                ]
            if not objects:
                continue
            own = args.at(noun)  # "export controls" itself is not its own imposer
            subjects = [
                e
                for left in noun.subtree
                if left.i < noun.i
                for e in args.at(left)
                if e.type in spec.subject and e not in own
            ]
            score = 0.7
            if not subjects and light_verb is not None:
                subjects, score = self.subjects(light_verb, args, spec.subject)
                score -= 0.05
                if trigger.relation == RelationType.EXPORTS_TO and _halted(light_verb):
                    # "the U.S. banned chip sales to Huawei": the state stops others' exports.
                    subjects = [e for e in subjects if e.type not in _STATE_ACTORS]
            if not subjects and (trigger.relation in _ATTRIBUTED or delists):
                subjects, score = [unstated()], 0.62
            yield from self._pairs(subjects, objects, trigger, noun, score)

    # ---------------------------------------------------------------- general action frames

    def prosecutors(self, doc: Doc, args: ArgumentReader) -> list[DocumentEntity]:
        """Who brings the charges a document reports ("X announced the charges"): the first
        government body named in that subject, else its first actor; one entity."""
        key = id(doc)
        if self._prosecutor_doc != key:
            self._prosecutor_doc, self._prosecutor = key, []
            for tok in doc:
                if tok.lemma_.lower() not in _BRINGING or tok.pos_ != "VERB":
                    continue
                if not any(
                    c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _LEGAL_NOUNS
                    for c in tok.children
                ):
                    continue
                subjects = [c for c in tok.children if c.dep_ in {"nsubj", "agent"}]
                for subj in subjects:
                    span = [t for t in subj.subtree]
                    named = [e for t in span for e in args.at(t)]
                    bodies = [e for e in named if e.type in _STATE_ACTORS]
                    actors = bodies or [e for e in named if e.type == EntityType.PERSON]
                    if actors:
                        self._prosecutor = actors[:1]
                        break
                if self._prosecutor:
                    break
        return list(self._prosecutor)

    def _revocation(self, verb: Token, args: ArgumentReader) -> Iterator[Candidate]:
        """'adopted an order ending X's ability to ...', 'revoked X's licence': RESTRICTS X."""
        if verb.lemma_.lower() not in _REVOKING:
            return
        spec = self.lexicon.specs.get(RelationType.RESTRICTS)
        if spec is None:
            return
        obj_types = spec.object
        objects: list[DocumentEntity] = []
        for obj in verb.children:
            if obj.dep_ not in {"dobj", "nsubjpass"} or obj.lemma_.lower() not in _PRIVILEGES:
                continue
            holders = [c for c in obj.children if c.dep_ == "poss"]
            holders += [c for c in obj.lefts if c.dep_ == "compound" and args.at(c)]
            objects += [e for h in holders for e in args.entities(h, obj_types)]
        if not objects:
            return
        subjects, score = self.subjects(verb, args, spec.subject)
        if not subjects:
            subjects, score = [unstated()], 0.65
        trigger = Trigger(RelationType.RESTRICTS, None, spec)
        yield from self._pairs(subjects, objects, trigger, verb, score)

    def _measure_subject(self, verb: Token, args: ArgumentReader) -> Iterator[Candidate]:
        """'The latest rules also hit Huawei', 'They also impact X' (after a sentence about
        rules): a measure as subject restricts the verb's object, for whoever imposed it."""
        lemma = verb.lemma_.lower()
        if lemma not in _MEASURE_VERBS or verb.pos_ != "VERB":
            return
        spec = self.lexicon.specs.get(RelationType.RESTRICTS)
        if spec is None:
            return
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or not _is_measure(subj):
            return
        if any(args.at(t) for t in subj.subtree if t.lemma_.lower() not in _MEASURE_HEADS):
            return  # a named actor or measure: the lexicon path reads it
        obj_types = spec.object - {EntityType.TECHNOLOGY, EntityType.PRODUCT}
        objects = [
            e
            for c in verb.children
            if c.dep_ == "dobj"
            for e in args.entities(c, obj_types)
        ]
        if lemma == "include":
            # "the rules include X" lists what they cover; only named parties, not measures
            objects = [e for e in objects if e.type in {EntityType.COMPANY, EntityType.ORGANIZATION}]
        trigger = Trigger(RelationType.RESTRICTS, None, spec)
        yield from self._pairs([unstated()], objects, trigger, verb, 0.65)

    def _marked_group(self, verb: Token, args: ArgumentReader) -> Iterator[Candidate]:
        """'The indicted defendants include X and Y', 'the sanctioned firms are X and Y': the
        participle on the subject is the action, the listed entities its objects."""
        if verb.lemma_.lower() not in {"include", "be", "comprise"}:
            return
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or args.at(subj):
            return
        marks = [
            c for c in subj.children if c.dep_ == "amod" and c.tag_ == "VBN" and c.i < subj.i
        ]
        for mark in marks:
            for trigger in self.lexicon.verbs.get(mark.lemma_.lower(), ()):
                if trigger.particle or trigger.spec.reverse or trigger.spec.object_preps_only:
                    continue
                obj_types = trigger.spec.object
                objects = [
                    e
                    for c in verb.children
                    if c.dep_ in {"dobj", "attr"}
                    for e in args.entities(c, obj_types)
                ]
                if not objects:
                    continue
                subjects: list[DocumentEntity] = []
                if mark.lemma_.lower() in _LEGAL:
                    subjects = self.prosecutors(verb.doc, args)
                if not subjects and trigger.relation in _ATTRIBUTED:
                    subjects = [unstated()]
                yield from self._pairs(subjects, objects, trigger, mark, 0.6)

    # ---------------------------------------------------------------- pairing

    @staticmethod
    def _pairs(
        subjects: list[DocumentEntity], objects: list[DocumentEntity], trigger: Trigger, tok: Token, score: float
    ) -> Iterator[Candidate]:
        spec = trigger.spec
        for subject in subjects:
            if subject.type not in spec.subject:
                continue
            for obj in objects:
                if obj is subject or obj.type not in spec.object:
                    continue
                confidence = score + (0.1 if subject.in_catalog and obj.in_catalog else 0.0)
                if subject.type in _WEAK_SUBJECT_TYPES and subject.name:
                    confidence -= 0.1  # a named measure as actor; an unstated one is resolved
                yield Candidate(subject, trigger.relation, obj, tok, min(confidence, 0.95))

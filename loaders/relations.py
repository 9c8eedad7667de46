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

from spacy.tokens import Token

from graph.ontology import EntityType, RelationType
from loaders.arguments import ArgumentReader
from loaders.entities import Entity
from loaders.lexicon import Lexicon, Trigger

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl", "relcl", "ccomp"})
_RELATIVE = frozenset({"which", "that", "who", "whom"})
# Nominal forms that read "of X" as their object ("approval of", "investigation of").
_NO_OF = frozenset({RelationType.EXPORTS_TO, RelationType.PARTNERS_WITH})
_WEAK_SUBJECT_TYPES = frozenset({EntityType.TECHNOLOGY, EntityType.PRODUCT, EntityType.POLICY})
# Relations whose actor may go unstated in the clause ("the new controls also restrict ...",
# "the companies were blocked"): the pipeline attributes them to the document's acting state.
_ATTRIBUTED = frozenset({RelationType.RESTRICTS})
# Verbs that stop or forbid a trade: "the U.S. banned chip sales to Huawei" is no export by the
# U.S. (the ban itself is read as RESTRICTS through the transparent noun "sales").
_HALTING = frozenset(
    [
        "ban", "block", "halt", "bar", "restrict", "stop", "prohibit", "forbid", "suspend",
        "curb", "limit", "freeze", "outlaw", "embargo", "end", "cut", "prevent",
    ]
)
_STATE_ACTORS = frozenset({EntityType.COUNTRY, EntityType.GOVERNMENT_BODY})
# Verbs whose direct object is an addressee asked to act ("urged the Senate to advance a bill"):
# the stance bears on what is asked for, not on the addressee.
_APPEAL_VERBS = frozenset(["urge", "ask", "call", "press", "push", "encourage", "implore"])
# A stance on "any forced sale of TikTok" is a stance on the deal, not on the company sold.
_DEAL_NOUNS = frozenset(
    [
        "sale", "divestment", "divestiture", "acquisition", "purchase", "takeover", "merger",
        "spin-off", "spinoff", "breakup", "sell-off", "transfer", "ownership",
    ]
)
_STANCES = frozenset({RelationType.OPPOSES, RelationType.SUPPORTS})


def unstated() -> Entity:
    """A stand-in subject: an unnamed measure, resolved later to whoever imposed it."""
    return Entity("", EntityType.POLICY, proper=False)


@dataclass(slots=True)
class Candidate:
    subject: Entity
    relation: RelationType
    object: Entity
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

    def run(self, sent_tokens: list[Token], args: ArgumentReader) -> Iterator[Candidate]:
        for tok in sent_tokens:
            if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
                triggers = self.lexicon.verbs.get(tok.lemma_.lower(), ())
                if triggers:
                    yield from self._verb(tok, triggers, args)
            elif tok.pos_ in {"NOUN", "PROPN"}:
                triggers = self.lexicon.nouns.get(tok.lemma_.lower(), ())
                if triggers:
                    yield from self._noun(tok, triggers, args)

    # ---------------------------------------------------------------- verbs

    def subjects(
        self, verb: Token, args: ArgumentReader, wants: frozenset[EntityType]
    ) -> tuple[list[Entity], float]:
        """The verb's subject entities and how direct the path to them is."""
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        heads = (
            [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
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
            spec = trigger.spec
            subj_types = frozenset(spec.subject)
            obj_types = frozenset(spec.object)
            direct: list[Token] = []
            if not spec.object_preps_only:
                deps = {"nsubjpass"} if passive else {"dobj", "dative"}
                direct = [c for c in verb.children if c.dep_ in deps]
                if not direct and verb.dep_ == "acl" and verb.tag_ == "VBN":
                    direct = [verb.head]  # "the measure announced by MOFCOM"
                if trigger.particle and not direct:
                    direct = _pobjs(verb, frozenset({trigger.particle.split()[0]}))
            if trigger.relation in _STANCES:
                direct = [t for t in direct if not _addressee(verb, t) and not _deal(t)]
            via_prep = _pobjs(verb, frozenset(spec.preps))
            objects = [e for t in direct + via_prep for e in args.entities(t, obj_types)]
            if not objects:
                continue
            subjects, score = self.subjects(verb, args, subj_types)
            if not subjects and trigger.relation in _ATTRIBUTED:
                subjects, score = [unstated()], 0.65
            if spec.reverse:
                subjects, objects = objects, subjects
            yield from self._pairs(subjects, objects, trigger, verb, score)

    # ---------------------------------------------------------------- nouns

    def _noun(
        self, noun: Token, triggers: tuple[Trigger, ...], args: ArgumentReader
    ) -> Iterator[Candidate]:
        for trigger in triggers:
            spec = trigger.spec
            obj_types = frozenset(spec.object)
            subj_types = frozenset(spec.subject)
            preps = set(spec.preps)
            if trigger.relation not in _NO_OF:
                preps.add("of")
            objects = [
                e for t in _pobjs(noun, frozenset(preps)) for e in args.entities(t, obj_types)
            ]
            light_verb = noun.head if noun.dep_ in {"dobj", "attr"} else None
            if light_verb is not None and not objects:
                objects = [
                    e
                    for t in _pobjs(light_verb, frozenset(spec.preps))
                    for e in args.entities(t, obj_types)
                ]
            if not objects:
                continue
            own = args.at(noun)  # "export controls" itself is not its own imposer
            subjects = [
                e
                for left in noun.subtree
                if left.i < noun.i
                for e in args.at(left)
                if e.type in subj_types and e not in own
            ]
            score = 0.7
            if not subjects and light_verb is not None:
                subjects, score = self.subjects(light_verb, args, subj_types)
                score -= 0.05
                if trigger.relation == RelationType.EXPORTS_TO and _halted(light_verb):
                    # "the U.S. banned chip sales to Huawei": the state stops others' exports.
                    subjects = [e for e in subjects if e.type not in _STATE_ACTORS]
            if not subjects and trigger.relation in _ATTRIBUTED:
                subjects, score = [unstated()], 0.6
            yield from self._pairs(subjects, objects, trigger, noun, score)

    # ---------------------------------------------------------------- pairing

    @staticmethod
    def _pairs(
        subjects: list[Entity], objects: list[Entity], trigger: Trigger, tok: Token, score: float
    ) -> Iterator[Candidate]:
        spec = trigger.spec
        for subject in subjects:
            if subject.type not in spec.subject:
                continue
            for obj in objects:
                if obj is subject or obj.type not in spec.object:
                    continue
                confidence = score + (0.1 if subject.in_catalog and obj.in_catalog else 0.0)
                if subject.type in _WEAK_SUBJECT_TYPES:
                    confidence -= 0.1
                yield Candidate(subject, trigger.relation, obj, tok, min(confidence, 0.95))

"""Relations that the clause structure alone does not give: stance carried by discourse.

- quoted stance: the speaker of a quote (or of reported speech) opposes whoever the quote
  says threatens, exploits, defies or undermines something ("Ranking Member X added,
  'Company Y threatens our security ...'" -> X OPPOSES Y). A quote opened and not closed in
  one sentence runs on into the next ones, with the same speaker;
- appeals against a measure: "urged a halt to more controls", "called for an end to the ban",
  "pressed for the repeal of the rule" -> the appellant OPPOSES the measure.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graph.ontology import EntityType, RelationType
from loaders.arguments import ArgumentReader
from loaders.entities import Entity
from loaders.lexicon import default_words
from loaders.relations import Candidate, TriggerRelations

T = EntityType
_WORDS = default_words().discourse  # loaders/lexicon/discourse.yaml: what each list is for
_SAY = _WORDS.say
_SPEAKERS = frozenset({T.PERSON, T.GOVERNMENT_BODY, T.COUNTRY, T.ORGANIZATION, T.COMPANY})
_TARGETS = frozenset(
    {
        T.PERSON,
        T.GOVERNMENT_BODY,
        T.COUNTRY,
        T.ORGANIZATION,
        T.COMPANY,
        T.INTERNATIONAL_ORGANIZATION,
    }
)
_HOSTILE_VERBS = _WORDS.hostile_verbs
_HOSTILE_NOUNS = _WORDS.hostile_nouns
_OPEN = frozenset({"“", '"', "‘"})
_CLOSE = frozenset({"”", '"', "’"})
_APPEAL_VERBS = _WORDS.appeal
_STOP_NOUNS = _WORDS.stop_nouns


def _quote_balance(sent: Span) -> int:
    """How many quotes the sentence leaves open (curly marks counted by direction; straight
    double quotes by parity)."""
    opened = sum(t.text in {"“"} for t in sent) - sum(t.text in {"”"} for t in sent)
    straight = sum(t.text == '"' for t in sent) % 2
    return opened + straight


class QuotedStance:
    """Stateful over one document's sentences, in order."""

    def __init__(self) -> None:
        self.speaker: list[Entity] = []
        self.open = False

    def run(self, sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
        speakers, say = self._speakers(sent, args)
        region: list[Token]
        if speakers and say is not None:
            region = [t for t in sent if not _inside(t, say)]
            self.speaker = speakers
            self.open = _quote_balance(sent) > 0
            trigger = say
        elif self.open and self.speaker:
            region = list(sent)
            self.open = _quote_balance(sent) == 0
            trigger = sent.root
        else:
            self.open = False
            return
        del trigger
        for target, hostile in self._adversaries(region, args):
            for speaker in self.speaker:
                if target is not speaker and target.type in _TARGETS:
                    yield Candidate(speaker, RelationType.OPPOSES, target, hostile, 0.6)

    @staticmethod
    def _speakers(sent: Span, args: ArgumentReader) -> tuple[list[Entity], Token | None]:
        if not any(t.text in _OPEN or t.text in _CLOSE for t in sent):
            return [], None
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _SAY:
                continue
            for child in tok.children:
                if child.dep_ == "nsubj":
                    found = [e for e in args.entities(child) if e.type in _SPEAKERS]
                    if found:
                        return found, tok
        return [], None

    @staticmethod
    def _adversaries(region: list[Token], args: ArgumentReader) -> list[tuple[Entity, Token]]:
        out: list[tuple[Entity, Token]] = []
        for tok in region:
            lemma = tok.lemma_.lower()
            heads: list[Token] = []
            if tok.pos_ == "VERB" and lemma in _HOSTILE_VERBS:
                heads = [c for c in tok.children if c.dep_ == "nsubj"]
            elif tok.pos_ == "NOUN" and lemma in _HOSTILE_NOUNS:
                heads = [c for c in tok.children if c.dep_ == "poss"]
            for head in heads:
                for entity in args.entities(head):
                    if all(entity is not e for e, _ in out):
                        out.append((entity, tok))
        return out


def _inside(tok: Token, say: Token) -> bool:
    """Whether a token belongs to the speaker's own phrase ("Chairman X (R-MI) stated")."""
    for child in say.children:
        if child.dep_ == "nsubj" and child.left_edge.i <= tok.i <= child.right_edge.i:
            return True
    return False


def appeals_against(
    sent: Span, args: ArgumentReader, triggers: TriggerRelations
) -> Iterator[Candidate]:
    """'CEOs of Intel and Nvidia met Blinken to urge a halt to more controls' -> each company
    OPPOSES the controls: the appellant asks that a measure stop."""
    wants = frozenset({T.POLICY})
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _STOP_NOUNS:
            continue
        verb = noun.head
        if noun.dep_ == "pobj" and verb.head.pos_ == "VERB":
            verb = verb.head  # "call for an end to"
        elif noun.dep_ not in {"dobj", "nsubjpass"}:
            continue
        if verb.lemma_.lower() not in _APPEAL_VERBS:
            continue
        objects: list[Entity] = []
        for host in (noun, verb):
            for prep in host.children:
                if prep.dep_ == "prep" and prep.lower_ in {"to", "of", "on"}:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and pobj is not noun:
                            objects += args.entities(pobj, wants)
        objects = [o for o in dict.fromkeys(objects) if o.type == T.POLICY]
        if not objects:
            continue
        subjects, score = triggers.subjects(verb, args, _TARGETS)
        for subject in dict.fromkeys(subjects):
            for obj in objects:
                yield Candidate(subject, RelationType.OPPOSES, obj, noun, max(score, 0.55))

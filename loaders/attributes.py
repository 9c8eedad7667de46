"""Negation, modality and date of a relation, read from its trigger's clause and sentence."""

from __future__ import annotations

import re
from datetime import date

from babel import Locale
from spacy.tokens import Span, Token

from graph.ontology import Modality
from loaders.lexicon import default_words

# not a word list: spaCy dependency labels, the parser's scheme
_CLIMB_DEPS = frozenset({"xcomp", "acl", "dobj", "pobj", "prep", "ccomp", "conj", "relcl", "attr"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "without"})
_WORDS = default_words().modality  # loaders/lexicon/modality.yaml: what each list is for
_DENY = _WORDS.deny
_PLANNED_LEMMAS = _WORDS.planned
_CONSIDERED_LEMMAS = _WORDS.considered
_CONSIDERED_AUX = frozenset({"may", "might", "could"})
_PLANNED_AUX = frozenset({"will", "shall", "'ll", "wo"})
_REPORTED = re.compile(
    r"\b(" + "|".join(re.escape(phrase) for phrase in sorted(_WORDS.reported)) + r")\b",
    re.IGNORECASE,
)
# English month names from the CLDR data (Babel), not the process locale: "march" -> 3.
MONTHS = {
    name.casefold(): number for number, name in Locale("en").months["format"]["wide"].items()
}
_MONTH_DAY_YEAR = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}),? (\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([A-Z][a-z]+),? (\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the heads it hangs from up to its clause (at most four steps)."""
    chain = [trigger]
    tok = trigger
    while tok.dep_ in _CLIMB_DEPS and tok.head is not tok and len(chain) < 5:
        tok = tok.head
        chain.append(tok)
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"xcomp", "conj"}:
            break
    return chain


def _not_only(neg: Token) -> bool:
    doc = neg.doc
    return neg.i + 1 < len(doc) and doc[neg.i + 1].lower_ in {"just", "only", "merely", "simply"}


def is_negated(trigger: Token) -> bool:
    for tok in _clause_chain(trigger):
        for child in tok.children:
            if child.dep_ == "neg" and _not_only(child):
                continue  # "they don't just threaten ... they also defy": an intensifier
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        if tok is not trigger and tok.lemma_ in _DENY:
            return True
    return False


def modality(trigger: Token, sentence: Span) -> Modality:
    for tok in _clause_chain(trigger):
        # a modal word counts in its own clause, as a verb ("a new set of rules" plans nothing)
        lemma = tok.lemma_.lower() if tok.pos_ in {"VERB", "AUX"} or tok.lemma_ == "plan" else ""
        auxes = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
        if lemma in _CONSIDERED_LEMMAS or auxes & _CONSIDERED_AUX:
            return Modality.CONSIDERED
        if lemma in _PLANNED_LEMMAS or auxes & _PLANNED_AUX:
            return Modality.PLANNED
    if _REPORTED.search(sentence.text):
        return Modality.REPORTED
    return Modality.ASSERTED


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def sentence_date(text: str) -> date | None:
    """A full calendar date written in the sentence, if any."""
    for m in _MONTH_DAY_YEAR.finditer(text):
        month = MONTHS.get(m.group(1).lower()) or MONTHS.get(month_name(m.group(1)))
        if month and (found := _make(int(m.group(3)), month, int(m.group(2)))):
            return found
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = MONTHS.get(m.group(2).lower())
        if month and (found := _make(int(m.group(3)), month, int(m.group(1)))):
            return found
    for m in _ISO.finditer(text):
        if found := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            return found
    return None


def month_name(word: str) -> str:
    prefix = word.lower()[:3]
    return next((name for name in MONTHS if name.startswith(prefix)), "")

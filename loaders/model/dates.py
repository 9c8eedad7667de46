"""The date a fact holds from, when its sentence writes one.

"On May 13, 2025, BIS issued ..." dates the fact that day; "In December 2024, China banned ..."
dates it that month (stored as its first day: the graph keeps dates, not month precision).
A bare year or a relative date ("last week") gives none, and the caller falls back to the
document's date.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from loaders.attributes import sentence_date

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.?)"
    r",? (\d{4})\b"
)


def month_year(text: str) -> date | None:
    for m in _MONTH_YEAR.finditer(text):
        word = m.group(1).rstrip(".").lower()
        month = next((k for k, name in enumerate(_MONTHS, 1) if name.startswith(word[:3])), 0)
        year = int(m.group(2))
        if month and 1900 <= year <= 2100:
            return date(year, month, 1)
    return None


def fact_date(sent: Span, head: Token | None) -> date | None:
    """A date from the clause of the relation's head when it has one, else the sentence's."""
    if head is not None:
        clause = head.doc[head.left_edge.i : head.right_edge.i + 1].text
        found = sentence_date(clause) or month_year(clause)
        if found is not None:
            return found
    return sentence_date(sent.text) or month_year(sent.text)

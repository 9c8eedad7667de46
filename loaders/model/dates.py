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

from loaders.attributes import MONTHS, month_name, sentence_date

# A month name or its abbreviation ("Dec." or "Sept"), then a year: "December 2024".
_MONTH_YEAR = re.compile(r"\b([A-Z][a-z]{2,8})\.?,? (\d{4})\b")


def month_year(text: str) -> date | None:
    for m in _MONTH_YEAR.finditer(text):
        word = m.group(1).lower()
        # An abbreviation is at most four letters, so "Marine 2024" is no March.
        month = MONTHS.get(word) or (MONTHS.get(month_name(word)) if len(word) <= 4 else None)
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

"""How much a document is about US–China technology competition, in [0, 1].

Three signals, each saturating: both sides present (a US actor and a Chinese one), technology
vocabulary, and competition or restriction vocabulary. A document needs all three to score high;
any two put it near the 0.5 line.
"""

from __future__ import annotations

import re

from loaders.lexicon import default_words

_WORDS = default_words().relevance  # loaders/lexicon/relevance.yaml: what each list is for


def _whole_words(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(patterns) + r")\b", flags)


_US = _whole_words(_WORDS.us)
_CN = _whole_words(_WORDS.china)
_TECH = _whole_words(_WORDS.technology, re.IGNORECASE)
_CONTEST = _whole_words(_WORDS.contest, re.IGNORECASE)


def _saturate(count: int, full: int) -> float:
    return min(1.0, count / full)


def relevance(text: str) -> float:
    us = _saturate(len(_US.findall(text)), 1)
    cn = _saturate(len(_CN.findall(text)), 1)
    tech = _saturate(len(_TECH.findall(text)), 2)
    contest = _saturate(len(_CONTEST.findall(text)), 2)
    sides = (us + cn) / 2 if us and cn else 0.35 * max(us, cn)
    score = 0.4 * sides + 0.3 * tech + 0.3 * contest
    return round(min(1.0, score), 3)

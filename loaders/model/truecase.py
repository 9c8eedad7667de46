"""Truecasing Title Case headlines so they parse like sentences.

"Zhipu AI Launches GLM-Image Model Trained on Huawei Chips" reads to the small English model
as one long name. A word is lowered when running text (the training corpus's bodies, never
their headlines) writes it lower-case more often than capitalized away from a sentence start;
names, acronyms and codes keep their case. Same length, so offsets still hold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

TRUECASE_FILE = Path(__file__).resolve().parent / "relation" / "truecase.json"
_WORD = re.compile(r"[A-Za-z][a-z]+")
_TOKEN = re.compile(r"(^|[.!?:]\s+|\n|\s)([A-Za-z][A-Za-z'’-]*)")
_TITLE_SHARE = 0.6


def lower_words(texts: Iterable[str]) -> list[str]:
    """Words written lower-case more often than capitalized, not counting sentence starts."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in texts:
        for m in _TOKEN.finditer(text):
            start, word = m.group(1), m.group(2)
            if start != " " or not _WORD.fullmatch(word):
                continue  # a sentence start says nothing about the word's case
            if word.islower():
                lower[word] += 1
            elif word[0].isupper() and word[1:].islower():
                capital[word.lower()] += 1
    return sorted(w for w, n in lower.items() if n > capital[w])


def save_table(words: list[str], path: Path = TRUECASE_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(words, ensure_ascii=False, indent=0), encoding="utf-8")


@lru_cache(maxsize=4)
def load_table(path: Path = TRUECASE_FILE) -> frozenset[str]:
    try:
        return frozenset(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return frozenset()


def is_title_case(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= _TITLE_SHARE * len(words)


def truecase(line: str, table: frozenset[str] | None = None) -> str:
    """The line with its common words lowered when it is in Title Case; else unchanged."""
    if not is_title_case(line):
        return line
    words = load_table() if table is None else table

    def lower(m: re.Match[str]) -> str:
        word = m.group(0)
        if m.start() == 0 or line[: m.start()].rstrip().endswith(":"):
            return word  # the headline's (or its subtitle's) first word
        return word.lower() if _common(word.lower(), words) else word

    return re.sub(r"(?<![\w-])[A-Z][a-z]+(?![\w-])", lower, line)


_ENDINGS = ("s", "es", "ed", "d", "ing")


def _common(low: str, words: frozenset[str]) -> bool:
    """In the table itself or by its stem: "launches" from "launch", "trained" from "train"."""
    if low in words:
        return True
    return any(
        low.endswith(end) and len(low) - len(end) >= 3 and low[: -len(end)] in words
        for end in _ENDINGS
    )

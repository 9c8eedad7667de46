"""Surface-form normalization shared by the catalog index and in-document resolution.

Case, curly quotes, possessives, punctuation, a leading "the" and corporate suffixes do not
make a new entity ("NVIDIA Corp." = "Nvidia"), so they are stripped before comparing names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from loaders.lexicon import default_words

_SUFFIX = re.compile(
    r"\s(" + "|".join(map(re.escape, sorted(default_words().names.corporate_suffixes))) + r")$"
)
_NON_WORD = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"'s\b|'$")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    s = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    s = _POSSESSIVE.sub("", s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if unicodedata.category(c) != "Mn")
    s = _NON_WORD.sub(" ", s).strip()
    s = s.removeprefix("the ")
    previous = None
    while previous != s:
        previous = s
        s = _SUFFIX.sub("", s).strip()
    return s


def strip_possessive(text: str) -> str:
    """'China’s' -> 'China'; keeps everything else as written."""
    return re.sub(r"['\u2019]s?$", "", text).strip()

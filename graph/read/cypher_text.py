"""Cypher text split into tokens the way Neo4j's lexer splits it (Cypher5Lexer.g4 in Neo4j's
cypher-language-support): a `//` comment ends at `\\r` or `\\n` only (not at U+2028, U+2029 or
U+0085, which Cypher counts as whitespace or as part of a name), `/* … */` does not nest, strings
take a backslash before any character, and a backtick name doubles its backticks.

This is for reading text we hold (which parameters a saved query uses, which keywords a console
query has); what a statement does is decided on Neo4j's own plan (graph.read.console).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# The lexer's SPACE rule, character for character.
_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TOKEN = re.compile(
    rf"""
    (?P<space>[{_SPACE}]+)
  | (?P<comment>//[^\r\n]*|/\*.*?\*/)
  | (?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<name>`(?:[^`]|``)*`)
  | (?P<param>\$(?:`(?:[^`]|``)*`|\w+))
  | (?P<word>[^\W\d]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<symbol>=~|<>|<=|>=|\.\.|::|\|\||\+=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # word, name (in backticks), param, string, number or symbol
    text: str
    offset: int


def tokens(query: str) -> Iterator[Token]:
    """The tokens of `query`, without whitespace and comments. An unclosed comment or string
    falls apart into symbols and words: reading more as code is the cautious side."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "symbol"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def parameter_names(query: str) -> set[str]:
    """The `$name` parameters the query uses (not those inside strings or comments)."""
    return {t.text[1:].strip("`") for t in tokens(query) if t.kind == "param"}


def keywords(query: str) -> Iterator[Token]:
    """The words that stand as keywords: not a property (`n.show`), a label or type (`:SHOW`),
    or a map key (`{show: 1}`), which Cypher lets keywords also be."""
    items = list(tokens(query))
    for index, token in enumerate(items):
        if token.kind != "word":
            continue
        before = items[index - 1].text if index else ""
        after = items[index + 1].text if index + 1 < len(items) else ""
        if before not in (".", ":") and after != ":":
            yield token

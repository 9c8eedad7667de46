"""Plain text and Markdown: the first non-empty line is the title, the rest the text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.sources.base import Item, Problem, clean_text, titled_document

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def markdown_to_text(text: str) -> str:
    text = _FRONT_MATTER.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def parse_text(
    decoded: str, path: str, markdown: bool = False, relative: str | None = None
) -> Iterator[Item]:
    """One document per file. `relative` (the path under the walked root) makes the id."""
    body = clean_text(markdown_to_text(decoded) if markdown else decoded)
    title, _, text = body.partition("\n")
    title, text = title.strip(), text.strip()
    if not title and not text:
        yield Problem(path, "", "no text")
        return
    yield titled_document(title, text, path=relative)

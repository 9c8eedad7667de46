"""Which extractor runs: the spaCy pipeline (default) or the optional LLM one."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Protocol

from graph.model import Document, Extraction


class Extractor(Protocol):
    def run(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]: ...


def extractor_choice(name: str | None = None) -> str:
    """`name`, else TECHKG_EXTRACTOR, else "spacy"; ValueError when it is neither extractor."""
    choice = (name or os.environ.get("TECHKG_EXTRACTOR") or "spacy").lower()
    if choice not in ("spacy", "llm"):
        raise ValueError(f"unknown extractor '{choice}': use 'spacy' or 'llm'")
    return choice


def build_extractor(name: str | None = None) -> Extractor:
    if extractor_choice(name) == "spacy":
        from loaders.pipeline import ExtractionPipeline

        return ExtractionPipeline()
    from loaders.llm import LLMExtractor

    return LLMExtractor()


class WhenNeeded:
    """An extractor built on the first document it is given: a run with nothing to extract (a
    missing file, every document unchanged) never pays for loading spaCy or the LLM client."""

    def __init__(self, name: str | None = None) -> None:
        self.name = extractor_choice(name)  # a bad name fails now, not at the first document
        self._built: Extractor | None = None

    def run(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        stream = iter(docs)
        first = next(stream, None)
        if first is None:
            return
        if self._built is None:
            self._built = build_extractor(self.name)
        yield from self._built.run(chain([first], stream), n_process, batch_size)

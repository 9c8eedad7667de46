"""Which extractor runs: the spaCy pipeline (default) or the optional LLM one."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Protocol

from graph.model import Document, Extraction


class Extractor(Protocol):
    def run(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]: ...


def build_extractor(name: str | None = None) -> Extractor:
    """`name`, else TECHKG_EXTRACTOR, else "spacy"."""
    choice = (name or os.environ.get("TECHKG_EXTRACTOR") or "spacy").lower()
    if choice == "spacy":
        from loaders.pipeline import ExtractionPipeline

        return ExtractionPipeline()
    if choice == "llm":
        from loaders.llm import LLMExtractor

        return LLMExtractor()
    raise ValueError(f"unknown extractor '{choice}': use 'spacy' or 'llm'")

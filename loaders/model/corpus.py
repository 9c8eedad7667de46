"""The training corpus shipped in `loaders/training/`, and cross-validation folds by document."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Document

TRAINING_DIR = Path(__file__).resolve().parent.parent / "training"
# (documents, gold) file pairs that make up the training data, in this order.
TRAINING_SETS = (
    ("docs.jsonl", "gold.jsonl"),
    ("headlines-docs.jsonl", "headlines-gold.jsonl"),
    ("checkset-docs.jsonl", "checkset-gold.jsonl"),
)
FOLDS = 5
FOLD_SEED = 13


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    """One document with its gold annotation."""

    doc: Document
    gold: dict[str, Any]


def read_json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{n}: not JSON: {exc}") from exc
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise CorpusError(f"{path}:{n}: field 'id': expected an object with a string id")
            yield item


def load_pairs(docs_path: Path, gold_path: Path) -> list[Example]:
    """Documents and gold joined on id; a document without gold (or gold without document)
    is an error naming the file and the id."""
    golds = {g["id"]: g for g in read_json_lines(gold_path)}
    out: list[Example] = []
    seen: set[str] = set()
    for n, item in enumerate(read_json_lines(docs_path), 1):
        gold = golds.get(item["id"])
        if gold is None:
            raise CorpusError(f"{docs_path}:{n}: document {item['id']!r} has no gold line")
        try:
            doc = Document.model_validate(item)
        except ValueError as exc:
            raise CorpusError(f"{docs_path}:{n}: {exc}") from exc
        out.append(Example(doc, gold))
        seen.add(doc.id)
    extra = sorted(set(golds) - seen)
    if extra:
        raise CorpusError(f"{gold_path}: gold for ids not in {docs_path.name}: {extra[:5]}")
    return out


def training_examples(directory: Path = TRAINING_DIR) -> list[Example]:
    out: list[Example] = []
    for docs_name, gold_name in TRAINING_SETS:
        out += load_pairs(directory / docs_name, directory / gold_name)
    return out


def fold_of(ids: list[str], folds: int = FOLDS, seed: int = FOLD_SEED) -> dict[str, int]:
    """Each document id to its fold, from a seeded shuffle of the sorted ids."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    return {doc_id: k % folds for k, doc_id in enumerate(order)}

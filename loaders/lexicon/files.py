"""Reading one lexicon file: YAML that refuses repeated keys, validated by a pydantic model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

LEXICON_DIR = Path(__file__).parent
Model = TypeVar("Model", bound=BaseModel)


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


class _StrictLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a lexicon file must not."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            repeated = key in seen
            seen.add(key)
        except TypeError:  # an unhashable key: construct_mapping reports it
            continue
        if repeated:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"{key!r} given twice",
                key_node.start_mark,
            )
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        context = f" ({exc.context})" if exc.context else ""
        raise LexiconError(f"{path.name}: {where}{exc.problem}{context}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot read: {exc}") from exc


def _message(error: Mapping[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error["input"]
    if error["type"] == "string_type" and (given is None or isinstance(given, bool | int | float)):
        # YAML reads unquoted no, off, null, 5 as a boolean, nothing, a number
        return f"{message}, got {given!r}: quote the word"
    if error["type"] not in {"value_error", "missing"} and isinstance(given, str):
        return f"{message}, got {given!r}"
    return message


def describe(path: Path, exc: ValidationError, within: str | None = None) -> LexiconError:
    """Every problem with the field path that holds it ('EXPORTS_TO.subject.0')."""
    problems = []
    for error in exc.errors():
        loc = [within, *error["loc"]] if within else list(error["loc"])
        where = ".".join(str(part) for part in loc) or "(whole file)"
        problems.append(f"{where}: {_message(error)}")
    return LexiconError(f"{path.name}: " + "; ".join(problems))


def load_model(path: Path, model: type[Model]) -> Model:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise describe(path, exc) from exc

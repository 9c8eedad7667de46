"""Reading one lexicon file: YAML that refuses repeated keys (graph.strict_yaml), validated by a
pydantic model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from graph import strict_yaml
from graph.strict_yaml import DataFileError

LEXICON_DIR = Path(__file__).parent
Model = TypeVar("Model", bound=BaseModel)


class LexiconError(DataFileError):
    """A lexicon file is malformed; the message names the file and the entry."""


def read_yaml(path: Path) -> Any:
    try:
        return strict_yaml.read_yaml(path)
    except DataFileError as exc:
        raise LexiconError(str(exc)) from exc


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

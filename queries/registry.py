"""The one registry of saved Cypher queries: loads `queries/*.cypher`, validates, runs read-only.

Header syntax: a block of `//` comment lines at the top of each file, one tag a line; an indented
comment line continues the tag above it.

    // @name who_restricts                      identifier, same as the file name
    // @description Who restricts an entity ...  what the query answers (tests hold it to that)
    // @param entity: str = "Huawei" -- the restricted entity: an id or an exact name or alias
    // @param since: date = null -- only relations dated on or after this day
    // @param limit: int[1..500] = 50 -- rows at most
    // @columns restrictor_id, restrictor, relation, target_id, target
    // @entities restrictor_id, target_id

`@param NAME: TYPE [= DEFAULT] [-- text]`. TYPE is one of str, int, float, bool, date, list[str],
EntityType, RelationType; int and float may carry an inclusive range `int[1..500]`. DEFAULT is a
JSON literal; `null` makes the parameter optional, no default makes it required. `@columns` lists
what each row holds, in order; `@entities` names the columns that hold entity ids (the page and
`techkg render` draw those entities and the relations among them).

Every query must use exactly the parameters it declares and end with `LIMIT $limit`; before a
query first runs, its plan must pass the console's read-only check (graph.read.console: read
operators and read procedures only, decided on Neo4j's EXPLAIN, not on keywords); the registry
also cuts the rows at its own row limit and runs each query in a read transaction with a timeout.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, LiteralString

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from graph.errors import InvalidInput, NotFound
from graph.ontology import EntityType, RelationType
from graph.read.console import check_read_only
from graph.read.cypher_text import parameter_names, tokens
from graph.read.relations import edges_from_rows, nodes_by_id, to_cytoscape
from graph.read.views import CytoscapeGraph, Subgraph
from graph.store.db import Graph

QUERY_DIR = Path(__file__).resolve().parent
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
PARAM_RE = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*:\s*(?P<type>[A-Za-z_]+(?:\[[^\]]*\])?)"
    r"(?:\s*=\s*(?P<default>.+?))?(?:\s+--\s*(?P<text>.*))?$")
RANGE_RE = re.compile(r"^(?P<base>int|float)\[(?P<lo>-?[\d.]+)?\.\.(?P<hi>-?[\d.]+)?\]$")
TYPES = ("str", "int", "float", "bool", "date", "list[str]", "EntityType", "RelationType")


class QueryFileError(ValueError):
    """A .cypher file whose header or body breaks the rules; raised when the registry loads."""


class ParamSpec(BaseModel):
    name: str
    type: str = Field(description="str, int, float, bool, date, list[str], EntityType, "
                                  "RelationType")
    default: Any = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    def coerce(self, value: Any) -> Any:
        """A value from the command line (text) or JSON, as the type the Cypher expects."""
        if value is None:
            if self.required:
                raise InvalidInput(f"{self.name}: required", field=self.name)
            return None
        try:
            out = _coerce(self.type, value)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"{self.name}: {exc}", field=self.name, expected=self.type) from exc
        if isinstance(out, int | float) and not isinstance(out, bool):
            if self.minimum is not None and out < self.minimum:
                raise InvalidInput(f"{self.name}: must be at least {_num(self.minimum)}",
                                   field=self.name, expected=self.type)
            if self.maximum is not None and out > self.maximum:
                raise InvalidInput(f"{self.name}: must be at most {_num(self.maximum)}",
                                   field=self.name, expected=self.type)
        return out

    @property
    def type_text(self) -> str:
        if self.minimum is None and self.maximum is None:
            return self.type
        lo = "" if self.minimum is None else _num(self.minimum)
        hi = "" if self.maximum is None else _num(self.maximum)
        return f"{self.type}[{lo}..{hi}]"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _coerce(type_name: str, value: Any) -> Any:
    if type_name == "str":
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise TypeError("expected text")
        return str(value)
    if type_name == "int":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise TypeError("expected a whole number")
        if isinstance(value, str) and not re.fullmatch(r"\s*-?\d+\s*", value):
            raise ValueError(f"expected a whole number, got {value!r}")
        return int(value)
    if type_name == "float":
        if isinstance(value, bool):
            raise TypeError("expected a number")
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "yes", "on"}:
            return True
        if text in {"false", "0", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {value!r}")
    if type_name == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    if type_name == "list[str]":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise TypeError("expected a list of text (comma-separated on the command line)")
        return [i.strip() for i in items if i.strip()]
    enum = {"EntityType": EntityType, "RelationType": RelationType}[type_name]
    for member in enum:
        if str(value).lower() == member.value.lower():
            return member.value
    raise ValueError(f"expected one of {', '.join(m.value for m in enum)}; got {value!r}")


class SavedQuery(BaseModel):
    name: str
    description: str
    params: list[ParamSpec]
    columns: list[str]
    entities: list[str] = Field(default_factory=list)
    cypher: str
    path: str

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and coerce `values` against the header; unknown names are refused."""
        known = {p.name for p in self.params}
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise InvalidInput(f"{key}: '{self.name}' takes no parameter '{key}'{hint} "
                                   f"(it takes {', '.join(sorted(known)) or 'none'})",
                                   field=key, allowed=sorted(known))
        return {p.name: p.coerce(values.get(p.name, p.default))
                for p in self.params}


class QueryResult(BaseModel):
    name: str
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(False, description="the row limit cut the result")
    entity_ids: list[str] = Field(default_factory=list,
                                  description="entity ids in the `@entities` columns, in order")


# ------------------------------------------------------------------ parsing


def parse_query_file(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    tags: list[tuple[str, str]] = []
    body_lines: list[str] = []
    in_header = True
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            content = stripped[2:]
            if content.strip().startswith("@"):
                tag, _, rest = content.strip()[1:].partition(" ")
                tags.append((tag, rest.strip()))
            elif content.strip() and tags and content.startswith("  "):
                key, value = tags[-1]
                tags[-1] = (key, f"{value} {content.strip()}")
            elif content.strip():
                raise QueryFileError(f"{path.name}:{number}: a header line must be '// @tag …' "
                                     "or an indented continuation")
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body_lines.append(line)
    return _build(path, tags, "\n".join(body_lines).strip())


def _build(path: Path, tags: list[tuple[str, str]], body: str) -> SavedQuery:
    where = path.name
    single: dict[str, str] = {}
    params: list[ParamSpec] = []
    for tag, value in tags:
        if tag == "param":
            params.append(_parse_param(where, value))
        elif tag in {"name", "description", "columns", "entities"}:
            if tag in single:
                raise QueryFileError(f"{where}: @{tag} given twice")
            single[tag] = value
        else:
            raise QueryFileError(f"{where}: unknown header tag @{tag} "
                                 "(known: name, description, param, columns, entities)")
    for tag in ("name", "description", "columns"):
        if not single.get(tag):
            raise QueryFileError(f"{where}: the header has no @{tag}")
    name = single["name"]
    if not NAME_RE.match(name) or f"{name}.cypher" != path.name:
        raise QueryFileError(f"{where}: @name '{name}' must be a lower_snake identifier equal to "
                             "the file name")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryFileError(f"{where}: a parameter is declared twice")
    columns = _split(single["columns"])
    entities = _split(single.get("entities", ""))
    if unknown := [c for c in entities if c not in columns]:
        raise QueryFileError(f"{where}: @entities names {unknown} that @columns does not list")
    if not body:
        raise QueryFileError(f"{where}: no Cypher after the header")
    used = parameter_names(body)
    if undeclared := used - set(names):
        raise QueryFileError(f"{where}: uses undeclared parameters {sorted(undeclared)}")
    if unused := set(names) - used:
        raise QueryFileError(f"{where}: declares parameters it never uses {sorted(unused)}")
    limit = next((p for p in params if p.name == "limit"), None)
    if limit is None or limit.type != "int" or not _ends_with_limit(body):
        raise QueryFileError(f"{where}: must declare '@param limit: int…' and end with "
                             "LIMIT $limit")
    return SavedQuery(name=name, description=single["description"], params=params,
                      columns=columns, entities=entities, cypher=body, path=str(path))


def _ends_with_limit(body: str) -> bool:
    ending = [t.text.upper() for t in tokens(body)][-3:]
    return ending[-2:] == ["LIMIT", "$LIMIT"] or ending == ["LIMIT", "$LIMIT", ";"]


def _split(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _parse_param(where: str, value: str) -> ParamSpec:
    match = PARAM_RE.match(value)
    if not match:
        raise QueryFileError(f"{where}: cannot read '@param {value}' "
                             "(expected NAME: TYPE [= DEFAULT] [-- text])")
    name, type_text = match["name"], match["type"]
    minimum = maximum = None
    if ranged := RANGE_RE.match(type_text):
        type_text = ranged["base"]
        minimum = float(ranged["lo"]) if ranged["lo"] else None
        maximum = float(ranged["hi"]) if ranged["hi"] else None
    if type_text not in TYPES:
        raise QueryFileError(f"{where}: parameter '{name}' has unknown type '{type_text}' "
                             f"(known: {', '.join(TYPES)})")
    spec = ParamSpec(name=name, type=type_text, minimum=minimum, maximum=maximum,
                     description=(match["text"] or "").strip(), required=match["default"] is None)
    if match["default"] is not None:
        try:
            raw = json.loads(match["default"])
        except json.JSONDecodeError as exc:
            raise QueryFileError(f"{where}: default of '{name}' is not a JSON literal") from exc
        try:
            spec.default = spec.coerce(raw)
        except InvalidInput as exc:
            raise QueryFileError(f"{where}: default of '{name}': {exc.message}") from exc
        if isinstance(spec.default, dt.date):
            spec.default = spec.default.isoformat()
    return spec


# ------------------------------------------------------------------ the registry


@dataclass
class QueryRegistry:
    """Every saved query, loaded and validated once; `run` executes one read-only."""

    directory: Path = QUERY_DIR
    timeout_s: float = 5.0
    row_limit: int = 1000
    queries: dict[str, SavedQuery] = field(default_factory=dict)
    # Queries whose plan passed the read-only check: the files do not change while we run.
    _checked: set[str] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.queries:
            for path in sorted(self.directory.glob("*.cypher")):
                query = parse_query_file(path)
                self.queries[query.name] = query

    def names(self) -> list[str]:
        return sorted(self.queries)

    def all(self) -> list[SavedQuery]:
        return [self.queries[name] for name in self.names()]

    def get(self, name: str) -> SavedQuery:
        if name not in self.queries:
            closest = difflib.get_close_matches(name, self.names(), n=3, cutoff=0.4)
            closest += [n for n in self.names() if name and name in n and n not in closest]
            raise NotFound(f"no saved query '{name}'", field="name", closest=closest[:5])
        return self.queries[name]

    def run(self, graph: Graph, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        query = self.get(name)
        bound = query.bind(params or {})
        if isinstance(bound.get("limit"), int):
            bound["limit"] = min(bound["limit"], self.row_limit + 1)
        # The text comes from a vetted file in this package (parameterized, checked at load; its
        # plan checked read-only before its first run), never from a request: as safe as a
        # literal.
        cypher: LiteralString = query.cypher
        if name not in self._checked:
            check_read_only(graph, cypher, bound, self.timeout_s)
            self._checked.add(name)
        rows = graph.read(cypher, bound, timeout=self.timeout_s)
        truncated = len(rows) > self.row_limit
        # JSON values (dates as ISO text), as the page and `techkg query --json` show them.
        rows = to_jsonable_python(rows[: self.row_limit])
        shown = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in bound.items()}
        return QueryResult(name=name, params=shown, columns=query.columns, rows=rows,
                           truncated=truncated, entity_ids=entity_ids(rows, query.entities))

    def draw(self, graph: Graph, entity_ids: list[str]) -> CytoscapeGraph:
        """The entities and every relation among them, as the page draws them."""
        ids = entity_ids[: self.row_limit]
        if not ids:
            return to_cytoscape(Subgraph(nodes=[], edges=[]))
        among = self.run(graph, "relations_among", {"ids": ids, "limit": self.row_limit})
        # The rows are plain JSON values (dates as text); the edge model parses them back.
        edges = edges_from_rows(graph, among.rows)
        return to_cytoscape(Subgraph(nodes=nodes_by_id(graph, set(ids)), edges=edges,
                                     truncated=among.truncated or len(entity_ids) > len(ids)))


def entity_ids(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for column in columns:
            value = row.get(column)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    seen.setdefault(item, None)
    return list(seen)


@cache
def default_registry() -> QueryRegistry:
    return QueryRegistry()

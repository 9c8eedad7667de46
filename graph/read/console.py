"""Read-only Cypher for exploration, decided on Neo4j's own plan rather than on keywords.

1. `EXPLAIN` plans the statement (nothing runs) under its own timeout, so planning is bounded
   too. Every operator of the plan must be a read operator on the allowlist below, and every
   procedure it calls one of `READ_PROCEDURES`; anything else is refused: writes, `LOAD CSV`,
   `CALL … IN [CONCURRENT] TRANSACTIONS`, every `SHOW` and `TERMINATE` command, procedures that
   leak (db.stats.retrieve, dbms.*) or act (db.stats.clear, db.prepareForReplanning), and any
   operator a later Neo4j adds. Neo4j must also plan it as a read (query type "r").
2. For text from a user, work Neo4j does inside one row without checking the time limit or
   counting memory is refused on the same plan: regular expressions (`=~`, which backtrack),
   `reduce`, `range()` outside `UNWIND`, and list comprehensions or any/all/none/single over
   anything but a path's nodes or relationships or a node's labels or keys. `UNWIND` does the
   same loops row by row, where the timeout holds.
3. A keyword check on the tokens (graph.read.cypher_text, comments ended as Neo4j ends them)
   refuses the out-of-graph commands once more, before Neo4j sees them.
4. The statement runs in a READ transaction with a server-side timeout, no retries, and returns
   at most `row_limit` rows and about `byte_limit` bytes of rows.

The saved queries (queries/registry.py) are vetted files: they pass step 1 only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

from graph.errors import InvalidInput, QueryRejected, QueryTimeout
from graph.read.cypher_text import keywords, tokens
from graph.read.views import CypherGraph, CypherResult
from graph.store.db import EXPLAIN, Graph, Plan

MAX_QUERY_CHARS = 4_000

READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    }
)

_NODE_LEAVES = (
    "AllNodesScan", "NodeByLabelScan", "NodeByIdSeek", "NodeByElementIdSeek", "NodeIndexScan",
    "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange",
    "NodeIndexContainsScan", "NodeIndexEndsWithScan", "MultiNodeIndexSeek",
    "IntersectionNodeByLabelsScan", "UnionNodeByLabelsScan", "SubtractionNodeByLabelsScan",
)  # fmt: skip
_RELATIONSHIP_LEAVES = (
    "AllRelationshipsScan", "RelationshipTypeScan", "UnionRelationshipTypesScan",
    "RelationshipByIdSeek", "RelationshipByElementIdSeek", "RelationshipIndexScan",
    "RelationshipIndexSeek", "RelationshipUniqueIndexSeek", "RelationshipIndexSeekByRange",
    "RelationshipUniqueIndexSeekByRange", "RelationshipIndexContainsScan",
    "RelationshipIndexEndsWithScan",
)  # fmt: skip
_OTHER_READS = (
    "Argument", "ArgumentTracker", "NodeCountFromCountStore", "RelationshipCountFromCountStore",
    # expanding
    "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)",
    "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
    "BFSPruningVarLengthExpand(All)", "BFSPruningVarLengthExpand(Into)", "Repeat(Trail)",
    "BidirectionalRepeat(Trail)", "ShortestPath", "StatefulShortestPath(All)",
    "StatefulShortestPath(Into)", "PathPropagatingBFS", "Repeat(Walk)", "ProjectEndpoints",
    "NullifyMetadata", "TriadicSelection",
    "TriadicBuild", "TriadicFilter",
    # combining
    "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply",
    "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
    "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply", "RollUpApply",
    "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin",
    "NodeRightOuterHashJoin", "Optional", "Anti", "Union", "OrderedUnion",
    # rows
    "Filter", "Projection", "Unwind", "PartitionedUnwind", "Limit", "ExhaustiveLimit", "Skip",
    "Sort", "PartialSort", "Top", "Top1WithTies", "PartialTop", "Distinct", "OrderedDistinct", "EagerAggregation", "OrderedAggregation",
    "Eager", "CacheProperties", "ProduceResults", "EmptyResult",
    # checked by name below
    "ProcedureCall",
)  # fmt: skip
READ_OPERATORS = frozenset(
    {
        *_OTHER_READS,
        *(f"{part}{leaf}" for leaf in _NODE_LEAVES for part in ("", "Partitioned")),
        *(
            f"{part}{direction}{leaf}"
            for leaf in _RELATIONSHIP_LEAVES
            for direction in ("Directed", "Undirected")
            for part in ("", "Partitioned")
        ),
    }
)

# Commands that reach outside the graph; the plan check refuses them already.
_OUT_OF_GRAPH_WORDS = frozenset({"SHOW", "TERMINATE", "TRANSACTIONS"})

# The plan shows expressions with their literals already turned into parameters
# ($autostring_0), so nothing a user writes in a string can look like these.
_BACKTICKED = re.compile(r"`(?:[^`]|``)*`")
_NAME = rf"(?:{_BACKTICKED.pattern}|[^\s`\[\](),|]+)"
_LOOP = re.compile(rf"(?:\[|\b(?:any|all|none|single)\s*\()\s*{_NAME}\s+IN\s+", re.IGNORECASE)
_OF_PATH = re.compile(r"(?:nodes|relationships)\(", re.IGNORECASE)
_OF_ENTITY = re.compile(rf"(?:labels|keys)\(\s*{_NAME}\s*\)", re.IGNORECASE)
_REDUCE = re.compile(r"\breduce\s*\(", re.IGNORECASE)
_RANGE = re.compile(r"\brange\s*\(", re.IGNORECASE)
_UNINTERRUPTIBLE = (
    "Neo4j evaluates it inside one row without checking the time limit; "
    "write the loop with UNWIND, which runs row by row"
)

_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


@dataclass(frozen=True)
class Limits:
    """What one console query may take."""

    timeout_s: float = 5.0
    plan_timeout_s: float = 2.0
    row_limit: int = 1000
    byte_limit: int = 4_000_000


# ------------------------------------------------------------------ the text


def check_text(query: str) -> None:
    if not query.strip():
        raise InvalidInput("the query is empty", field="query")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query is over {MAX_QUERY_CHARS} characters", field="query")
    words = list(keywords(query))
    for index, word in enumerate(words):
        name = word.text.upper()
        following = words[index + 1].text.upper() if index + 1 < len(words) else ""
        if name in _OUT_OF_GRAPH_WORDS or (name, following) == ("LOAD", "CSV"):
            keyword = f"{name} CSV" if name == "LOAD" else name
            raise QueryRejected(
                f"read-only endpoint: '{keyword}' is not allowed", keyword=keyword
            )
    if any(t.kind == "symbol" and t.text == "=~" for t in tokens(query)):
        raise _refused_regex()


INT64 = (-(2**63), 2**63 - 1)


def check_params(value: Any, path: str = "params") -> None:
    """Neo4j takes 64-bit integers, finite floats and nested lists/maps of them and strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise InvalidInput(f"{path}: integer outside the 64-bit range", field=path)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_params(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_params(item, f"{path}[{index}]")
    else:
        raise InvalidInput(
            f"{path}: values of type {type(value).__name__} cannot be sent", field=path
        )


# ------------------------------------------------------------------ the plan


def explain(graph: Graph, query: str, params: Mapping[str, Any], timeout_s: float) -> Plan:
    """Neo4j's plan of the statement, planned under `timeout_s` (nothing runs); Neo4j's
    refusals with the user's own positions."""
    try:
        return graph.plan(query, params, timeout_s)
    except QueryTimeout as exc:
        raise QueryTimeout(f"planning the query ran past its time limit of {timeout_s:g}s") from exc
    except InvalidInput as exc:
        message, position = user_positions(exc.message)
        raise InvalidInput(message, **{**exc.detail, **position}) from exc


def refuse_non_reads(plan: Plan) -> None:
    """Refuse a plan with an operator or procedure call not on the read allowlists."""
    if not plan.steps:
        raise QueryRejected("read-only endpoint: Neo4j gave no plan for the statement")
    for step in plan.steps:
        if step.operator not in READ_OPERATORS:
            raise QueryRejected(
                f"read-only endpoint: the plan's '{step.operator}' is not a read operator "
                "this endpoint allows",
                operator=step.operator,
            )
        if step.operator == "ProcedureCall":
            procedure = step.details.split("(")[0].strip()
            if procedure not in READ_PROCEDURES:
                raise QueryRejected(
                    f"read-only endpoint: procedure '{procedure}' is not allowed (allowed: "
                    f"{', '.join(sorted(READ_PROCEDURES))})",
                    procedure=procedure,
                )
    if plan.query_type != "r":
        raise QueryRejected(
            f"read-only endpoint: the statement is of type '{plan.query_type}', not a read",
            query_type=plan.query_type,
        )


def refuse_unbounded_work(plan: Plan) -> None:
    """Refuse expressions whose work inside one row Neo4j neither interrupts nor counts."""
    for step in plan.steps:
        # Names in backticks (aliases, column names made of the user's text) are not code.
        details = _BACKTICKED.sub("`name`", step.details)
        if "=~" in details:
            raise _refused_regex()
        if _REDUCE.search(details):
            raise QueryRejected(f"read-only endpoint: reduce() is not allowed: {_UNINTERRUPTIBLE}",
                                construct="reduce")
        ranges = len(_RANGE.findall(details))
        unwound = step.operator == "Unwind" and _RANGE.match(details) is not None
        if ranges > (1 if unwound else 0):
            raise QueryRejected(
                "read-only endpoint: range() is allowed only as the list of an UNWIND "
                "(UNWIND range(1, 10) AS i)",
                construct="range",
            )
        for source in _loop_sources(details):
            if not _bounded(source):
                raise QueryRejected(
                    "read-only endpoint: list comprehensions and any/all/none/single may only "
                    f"loop over nodes(p), relationships(p), labels(n) or keys(n), not "
                    f"'{source}': {_UNINTERRUPTIBLE}",
                    construct="list loop",
                )


def _loop_sources(details: str) -> Iterator[str]:
    """The list each comprehension or quantifier in `details` loops over: the text after IN, up
    to its WHERE, its `|` or its closing bracket."""
    for match in _LOOP.finditer(details):
        end = _closing(details, match.end())
        body = details[match.end() : end if end >= 0 else len(details)]
        cut = min((i for i in (_top_level(body, " WHERE "), _top_level(body, " | ")) if i >= 0),
                  default=len(body))
        yield body[:cut].strip()


def _bounded(source: str) -> bool:
    """A list no longer than the graph makes it: a path's nodes or relationships (the plan may
    write the path out, `nodes((a)-[anon_0*]->(b))`), or a node's labels or keys."""
    if _OF_ENTITY.fullmatch(source):
        return True
    start = _OF_PATH.match(source)
    return start is not None and _closing(source, start.end()) == len(source) - 1


def _closing(text: str, position: int) -> int:
    """Where the bracket open before `position` closes (backtick names skipped), or -1."""
    return next((i for i, char, depth in _outside_names(text, position)
                 if depth == 0 and char in ")]}"), -1)


def _top_level(text: str, word: str) -> int:
    """Where `word` first stands outside brackets and backtick names in `text`, or -1."""
    return next((i for i, _, depth in _outside_names(text, 0)
                 if depth == 0 and text.startswith(word, i)), -1)


def _outside_names(text: str, start: int) -> Iterator[tuple[int, str, int]]:
    """Each character from `start` outside backtick names, with the bracket depth before it."""
    depth, quoted = 0, False
    for index in range(start, len(text)):
        char = text[index]
        if char == "`":
            quoted = not quoted
        elif not quoted:
            yield index, char, depth
            depth += (char in "([{") - (char in ")]}")


def _refused_regex() -> QueryRejected:
    return QueryRejected(
        "read-only endpoint: regular expressions (=~) are not allowed: Neo4j cannot stop a "
        "backtracking match; use STARTS WITH, ENDS WITH, CONTAINS or the full-text index "
        "(db.index.fulltext.queryNodes)",
        construct="=~",
    )


def check_read_only(
    graph: Graph, query: LiteralString, params: Mapping[str, Any], timeout_s: float
) -> None:
    """The plan check alone, for statements we wrote ourselves (the saved queries)."""
    refuse_non_reads(graph.plan(query, params, timeout_s))


# ------------------------------------------------------------------ running


def run_read_only(
    graph: Graph, query: str, params: Mapping[str, Any] | None = None, limits: Limits = Limits()
) -> CypherResult:
    check_text(query)
    params = dict(params or {})
    check_params(params)
    plan = explain(graph, query, params, limits.plan_timeout_s)
    refuse_non_reads(plan)
    refuse_unbounded_work(plan)
    # The plan of exactly this text was checked; Neo4j runs the same plan from its cache.
    try:
        read = graph.read_some(query, params, limits.timeout_s, limits.row_limit,
                               limits.byte_limit)
    except InvalidInput as exc:
        message, position = user_positions(exc.message, explained=False)
        raise InvalidInput(message, **{**exc.detail, **position}) from exc
    found = read.found
    return CypherResult(
        columns=read.columns,
        rows=read.rows,
        truncated=read.truncated,
        truncated_by=read.truncated_by,
        graph=CypherGraph(nodes=list(found.nodes.values()),
                          relationships=list(found.relationships.values()))
        if found.nodes or found.relationships else None,
    )


# ------------------------------------------------------------------ errors


def user_positions(message: str, explained: bool = True) -> tuple[str, dict[str, int]]:
    """The positions in Neo4j's message (about `EXPLAIN` + query when `explained`) as lines,
    columns and offsets of the query alone, and as detail fields."""
    found: dict[str, int] = {}
    prefix = EXPLAIN if explained else ""

    def shift(match: re.Match[str]) -> str:
        line, column = int(match[1]) - prefix.count("\n"), int(match[2])
        offset = int(match[3]) - len(prefix)
        found.update(line=line, column=column, offset=offset)
        return f"(line {line}, column {column} (offset: {offset}))"

    return _POSITION.sub(shift, message), found

"""Cypher lives only in queries/, graph/store/ and graph/read/.

import-linter (the contracts in pyproject.toml, run by .ci/run) holds the imports; it cannot see
strings, so this test reads every string constant of the packages (docstrings aside) and looks
for Cypher clauses.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "api", "loaders", "queries")
CYPHER_HOMES = ("queries/", "graph/store/", "graph/read/")
# Strings that look like Cypher but are not run here, with the reason.
NOT_RUN = {
    "api/routes/cypher.py": "the example request of POST /cypher in the API documentation",
}
CLAUSE = re.compile(
    r"\b(?:OPTIONAL\s+)?MATCH\s*\(|\bMERGE\s*\(|\bUNWIND\s+\$|\bDETACH\s+DELETE\b"
    r"|\bCALL\s*[({]|\bRETURN\b[^\n]*\bAS\s+\w"
)


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def cypher_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string constant in the file that holds a Cypher clause."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CLAUSE.search(node.value)
    ]


def python_files() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "node_modules" not in path.parts
    )


def test_cypher_only_in_queries_store_and_read() -> None:
    outside = [
        f"{name}:{line}: {text.strip()[:60]!r}"
        for name in python_files()
        if not name.startswith(CYPHER_HOMES) and name not in NOT_RUN
        for line, text in cypher_strings(ROOT / name)
    ]
    assert outside == [], "Cypher outside queries/, graph/store/ and graph/read/"


def test_the_check_sees_the_cypher_that_is_there() -> None:
    # Without this, a pattern that matched nothing would pass the test above.
    assert cypher_strings(ROOT / "graph/store/writer.py")
    assert cypher_strings(ROOT / "graph/read/relations.py")
    for name, reason in NOT_RUN.items():
        assert cypher_strings(ROOT / name), f"{name} no longer needs its exemption ({reason})"

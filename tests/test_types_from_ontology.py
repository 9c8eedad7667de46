"""No module lists types but graph/ontology.py (the enums; graph/ontology.yaml holds what each
means and looks like): a type written anywhere else can drift from it.

What is checked, over the code of graph/, api/, loaders/ and queries/ and the explorer's own files:
- Python: no string literal names a relation type (as a whole word, so Cypher such as
  "-[:RESTRICTS]->" counts), is exactly an entity type name, or labels a Cypher node with one
  ("(o:Company"). Code names a type through the enums (`RelationType.RESTRICTS`), whose value
  is the same string, so renaming or removing a type fails the type check, not the user.
- api/static (app.js, index.html, app.css): no type name at all; the page reads them from
  GET /ontology.

What is allowed, and why:
- graph/ontology.py: the one list; graph/ontology.yaml, keyed by its members and refused by it
  while an entry is missing or unknown.
- Docstrings and comments: prose explaining a rule ("RESTRICTS by the other side") lists nothing
  and changes no behaviour.
- Data files: the trigger lexicon (loaders/lexicon/triggers.yaml, keyed by relation type) and
  the catalog (loaders/catalog/*.yaml, `type:` of each entry) are read through the enums and refuse
  an unknown type; graph/ontology.ttl is generated from graph/ontology.py and a test holds the two
  equal (tests/graph/rdf/test_rdf.py).
- queries/*.cypher: a named query is about particular relations, and Cypher cannot take a
  relationship type in a pattern as a parameter; tests/queries/test_registry.py checks every label
  and type they use against the ontology.
- loaders/training/score.py: the evaluation's own scorer, copied verbatim from the shared eval
  (a test holds the copy equal); its symmetric types are the scorer's contract, not ours.
- tests/: tests state concrete facts of concrete types on purpose.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph.ontology import ENTITY_LABELS, RELATION_TYPES

ROOT = Path(__file__).resolve().parent.parent
PYTHON_ROOTS = ("graph", "api", "loaders", "queries")
THE_ONTOLOGY = ROOT / "graph" / "ontology.py"
THE_SCORER = ROOT / "loaders" / "training" / "score.py"
STATIC = ROOT / "api" / "static"
PAGE_FILES = ("app.js", "index.html", "app.css")

RELATION_WORD = re.compile(r"\b(" + "|".join(sorted(RELATION_TYPES)) + r")\b")
ENTITY_WORD = re.compile(r"\b(" + "|".join(sorted(ENTITY_LABELS)) + r")\b")
CYPHER_NODE_LABEL = re.compile(r"\(\w*\s*:\s*(" + "|".join(sorted(ENTITY_LABELS)) + r")\b")


def python_files() -> list[Path]:
    files = [p for root in PYTHON_ROOTS for p in sorted((ROOT / root).rglob("*.py"))]
    return [p for p in files if p not in (THE_ONTOLOGY, THE_SCORER) and "node_modules" not in p.parts]


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (first statement of a body)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def typed_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string constant outside docstrings that names a type."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        text = node.value
        if id(node) not in skip and (
            RELATION_WORD.search(text) or text in ENTITY_LABELS or CYPHER_NODE_LABEL.search(text)
        ):
            hits.append((node.lineno, text))
    return sorted(hits)


def test_the_scan_finds_what_it_looks_for() -> None:
    source = '''
"""A docstring may say RESTRICTS and Company."""
STRUCTURAL = ("LOCATED_IN", "PART_OF")
Q = "MATCH (s)-[r:RESTRICTS|OPPOSES]->(o:Company) RETURN s"
KIND = "Country"
SENTENCE = "a Country of its own"  # prose naming an entity type is no list
def f():
    """Nor does a function's docstring: EXPORTS_TO."""
    return f"-[:{KIND}]-"
'''
    found = [line for line, _ in typed_literals(source)]
    assert found == [3, 3, 4, 5]


def test_no_python_module_but_the_ontology_lists_types() -> None:
    files = python_files()
    assert len(files) > 50  # the scan sees the tree
    hits = [
        f"{path.relative_to(ROOT)}:{line}: {text[:70]!r}"
        for path in files
        for line, text in typed_literals(path.read_text(encoding="utf-8"))
    ]
    assert hits == [], "name types through graph.ontology's enums:\n" + "\n".join(hits)


def test_the_page_names_no_type() -> None:
    hits = []
    for name in PAGE_FILES:
        text = (STATIC / name).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if found := RELATION_WORD.findall(line) + ENTITY_WORD.findall(line):
                hits.append(f"api/static/{name}:{number}: {found}")
    assert hits == [], "the page takes its types from GET /ontology:\n" + "\n".join(hits)
    assert not (STATIC / "palette.json").exists()

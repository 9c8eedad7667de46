"""A relation type added to graph/ontology.py and .yaml appears everywhere: GET /ontology, the explorer's
filters, its legend and its drawing, with no other file touched.

The test does what the README's "Adding a relation type" says, on a copy of graph/ (api/,
loaders/ and queries/ are linked, unchanged): one enum member in graph/ontology.py and its entry in
graph/ontology.yaml. The copy's API runs as a real process against the real Neo4j, which holds a
relationship of the new type, and Debian's Chromium opens its page.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from tests.api.cli.test_main import serving
from tests.browser import test_explorer
from tests.browser.test_explorer import CHROMIUM, ROOT, show
from tests.conftest import free_port
from tests.queries import data as qd

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
browser = test_explorer.browser  # the explorer tests' Chromium launch, as a fixture here too
page = test_explorer.page  # and their page, opened on this module's base_url, failing on errors

NEW = "SUPPLIES_PARTS_TO"
NEW_COLOR = "#13a8a8"
NEW_DESCRIPTION = "Supplies components or parts to (added by a test)."
NEW_CATEGORY = "business"
# A relationship of the new type: Huawei -> Russia, its aggregates copied from one Huawei relation.
ADD_NEW_RELATION = """
MATCH (h:Entity {id: $huawei})-[r]-(:Entity) WITH h, r LIMIT 1
MATCH (o:Entity {id: $russia})
CREATE (h)-[n:SUPPLIES_PARTS_TO]->(o) SET n = properties(r)
"""


def insert_after(path: Path, anchor: str, addition: str) -> None:
    text = path.read_text()
    assert text.count(anchor) == 1, f"{path.name} no longer has {anchor!r} once"
    path.write_text(text.replace(anchor, anchor + addition))


def tree_with_new_type(tree: Path) -> Path:
    shutil.copytree(ROOT / "graph", tree / "graph",
                    ignore=shutil.ignore_patterns("__pycache__", "lib", "target"))
    for package in ("api", "loaders", "queries"):
        (tree / package).symlink_to(ROOT / package, target_is_directory=True)
    insert_after(tree / "graph" / "ontology.py", "class RelationType(StrEnum):\n",
                 f'    {NEW} = "{NEW}"\n')
    insert_after(tree / "graph" / "ontology.yaml", "\nrelation_types:\n", (
        f"  {NEW}:\n    category: {NEW_CATEGORY}\n    color: \"{NEW_COLOR}\"\n"
        f"    description: \"{NEW_DESCRIPTION}\"\n"))
    return tree


@pytest.fixture(scope="module")
def base_url(session_graph: Graph, neo4j_server: tuple[Neo4jSettings, LocalServerSettings],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    session_graph.write("MATCH (n) DETACH DELETE n")
    GraphWriter(session_graph).write(qd.competition_batches())
    session_graph.write(ADD_NEW_RELATION, {"huawei": qd.HUAWEI, "russia": qd.RUSSIA})
    tree = tree_with_new_type(tmp_path_factory.mktemp("tree"))
    settings, _ = neo4j_server
    port = free_port()
    env = {**os.environ, "NEO4J_URI": str(settings.uri),
           "NEO4J_PASSWORD": settings.password.get_secret_value()}
    try:
        # The copy's packages come first: `-m` puts the working directory on sys.path.
        with serving([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], port,
                     tree, env) as url:
            yield url
    finally:  # the unchanged code elsewhere in the session knows no such type
        session_graph.write("MATCH ()-[r:SUPPLIES_PARTS_TO]->() DELETE r")


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r},{g},{b})"


def test_the_new_type_is_served_by_the_ontology(base_url: str) -> None:
    served = {t["name"]: t for t in httpx.get(f"{base_url}/ontology").json()["relation_types"]}
    assert served[NEW] == {"name": NEW, "description": NEW_DESCRIPTION, "category": NEW_CATEGORY,
                           "color": NEW_COLOR, "symmetric": False}
    assert "RESTRICTS" in served  # the others are still there


def test_the_new_type_has_a_filter_and_a_legend_entry(page: Page) -> None:
    box = page.locator(f"[data-category={NEW_CATEGORY}] [data-filter=relation][value={NEW}]")
    assert box.is_checked()
    label = page.locator(f"#filter-relations label:has([value={NEW}])")
    assert label.get_attribute("title") == NEW_DESCRIPTION
    assert f"background:{NEW_COLOR}" in (label.locator(".swatch").get_attribute("style") or "")
    entry = page.locator(f"#legend [data-relation-type={NEW}]")
    assert not entry.is_visible()  # folded until asked for
    page.click("#legend summary:has-text('Relation types')")
    assert NEW in entry.inner_text() and NEW_DESCRIPTION in entry.inner_text()
    assert f"background:{NEW_COLOR}" in (entry.locator(".swatch").get_attribute("style") or "")


def test_the_new_type_is_drawn_in_its_colour_and_filtered(page: Page) -> None:
    show(page, "Huawei")
    new_edges = f"window.techkg.cy.edges('[type = \"{NEW}\"]')"
    assert page.evaluate(f"{new_edges}.length") == 1
    assert page.evaluate(f"{new_edges}[0].style('line-color')").replace(" ", "") == rgb(NEW_COLOR)
    others = page.evaluate("window.techkg.cy.edges().not('.filtered').length") - 1
    page.uncheck(f"[data-filter=relation][value={NEW}]")
    assert page.evaluate(f"{new_edges}.every(e => e.hasClass('filtered'))")
    assert page.evaluate("window.techkg.cy.edges().not('.filtered').length") == others

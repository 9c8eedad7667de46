"""The explorer page in a real browser (Debian's Chromium via Playwright) against a real uvicorn
process and the real Neo4j. Screenshots land in tests/artifacts/ (gitignored)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from graph.settings import LocalServerSettings, Neo4jSettings
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from tests.api.cli.test_main import serving
from tests.conftest import free_port
from tests.queries import data as qd

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UNKNOWN = "company%3Anobody"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def base_url(session_graph: Graph,
             neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> Iterator[str]:
    session_graph.write("MATCH (n) DETACH DELETE n")
    GraphWriter(session_graph).write(qd.competition_batches())
    settings, _ = neo4j_server
    port = free_port()
    env = {**os.environ, "NEO4J_URI": str(settings.uri),
           "NEO4J_PASSWORD": settings.password.get_secret_value()}
    with serving([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], port,
                 ROOT, env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: failures.append(f"error {e}"))
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready]")
    yield page
    context.close()
    expected = [f for f in failures if f.startswith("404 ") and UNKNOWN in f]  # asked for
    assert [f for f in failures if f not in expected] == [], failures


def node_ids(page: Page) -> set[str]:
    return set(page.evaluate("window.techkg.cy.nodes().map(n => n.id())"))


def show(page: Page, text: str) -> None:
    page.fill("#search", text)
    page.wait_for_selector("#suggestions li[data-id]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("window.techkg.cy.nodes().length > 1")


def click_node(page: Page, entity: str) -> None:
    box = page.locator("#cy").bounding_box()
    assert box is not None
    point = page.evaluate("id => window.techkg.cy.getElementById(id).renderedPosition()", entity)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_loads_and_says_what_to_do(page: Page) -> None:
    assert "Search an entity" in page.inner_text("#status")
    page.click("#search-form button[type=submit]")
    assert "empty" in page.inner_text("#status")
    page.fill("#search", "zzzqqq")
    page.wait_for_selector("#suggestions li")
    assert "No entity matches" in page.inner_text("#suggestions")
    page.goto(page.url.split("?")[0] + "?entity=company:nobody")
    page.wait_for_selector("body[data-ready]")
    assert "Unknown entity" in page.inner_text("#status")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-unknown-entity.png"))


def test_search_draws_neighbors_click_expands_and_filter_hides(page: Page) -> None:
    show(page, "Huawei")
    assert {qd.HUAWEI, qd.BIS, qd.ENTITY_LIST, qd.ASCEND, qd.RUSSIA} <= node_ids(page)
    assert "Huawei" in page.inner_text("#details")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-huawei.png"))
    before = node_ids(page)
    click_node(page, qd.BIS)
    page.wait_for_function(f"window.techkg.cy.nodes().length > {len(before)}")
    assert qd.FDPR in node_ids(page)  # a neighbor of BIS, not of Huawei
    assert "Bureau of Industry and Security" in page.inner_text("#details")
    visible = int(page.get_attribute("#cy", "data-visible-edges") or 0)
    page.uncheck("[data-filter=relation][value=RESTRICTS]")
    hidden = int(page.get_attribute("#cy", "data-visible-edges") or 0)
    assert hidden < visible
    assert page.evaluate("window.techkg.cy.edges('[type = \"RESTRICTS\"]').every("
                         "e => e.hasClass('filtered'))")
    page.screenshot(path=str(ARTIFACTS / "explorer-filtered.png"))


def test_path_mode_highlights_a_path(page: Page) -> None:
    show(page, "Jensen Huang")
    page.click("#path-mode")
    page.fill("#path-source", "Jensen Huang")
    page.fill("#path-target", "Huawei")
    page.click("#path-form button[type=submit]")
    page.wait_for_function("window.techkg.cy.edges('.path').length > 0")
    path_nodes = set(page.evaluate("window.techkg.cy.nodes('.path').map(n => n.id())"))
    assert {qd.JENSEN, qd.HUAWEI} <= path_nodes
    assert "shortest path" in page.inner_text("#status")
    page.screenshot(path=str(ARTIFACTS / "explorer-path.png"))


def test_saved_query_draws_and_png_export_downloads(page: Page) -> None:
    page.select_option("#query-select", "who_restricts")
    page.fill("#param-entity", "Huawei")
    page.click("#query-form button[type=submit]")
    page.wait_for_function("window.techkg.cy.nodes().length >= 3")
    assert {qd.HUAWEI, qd.BIS, qd.ENTITY_LIST} <= node_ids(page)
    assert "rows" in page.inner_text("#details")
    with page.expect_download() as download_info:
        page.click("#export-png")
    target = ARTIFACTS / "explorer-export.png"
    ARTIFACTS.mkdir(exist_ok=True)
    download_info.value.save_as(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    with page.expect_download() as svg_info:
        page.click("#export-svg")
    svg = Path(svg_info.value.path()).read_text()
    assert "<svg" in svg

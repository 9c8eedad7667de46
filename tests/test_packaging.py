"""A wheel built from a clean clone serves a working explorer and /docs, offline.

The clone is built in this venv (`pip wheel --no-deps --no-build-isolation`, so setup.py's npm step
runs as it does for any `pip install .`), installed with `--target` into a temporary directory and
served from there by uvicorn; the pages are then loaded in Debian's Chromium with every request to
a host other than the server's blocked and recorded."""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route

from graph.settings import LocalServerSettings, Neo4jSettings
from tests.api.cli.test_main import serving
from tests.browser import test_explorer
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
STATIC = "api/static/"
PAGE_ASSET = re.compile(r'(?:src|href)="/static/([^"]+)"')
DOCS_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
needs_chromium = pytest.mark.skipif(not Path(test_explorer.CHROMIUM).exists(),
                                    reason="needs Debian's chromium")
browser = test_explorer.browser  # the explorer tests' Chromium launch, as a fixture here too


def clean_clone(tmp: Path) -> Path:
    clone = tmp / "techkg"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    return clone


def pip_wheel(clone: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(clone / "dist"), "."],
        cwd=clone, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clone = clean_clone(tmp_path_factory.mktemp("clone"))
    build = pip_wheel(clone)
    assert build.returncode == 0, build.stdout + build.stderr
    [built] = (clone / "dist").glob("techkg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    return target


@pytest.fixture(scope="module")
def base_url(installed: Path,
             neo4j_server: tuple[Neo4jSettings, LocalServerSettings]) -> Iterator[str]:
    settings, _ = neo4j_server
    port = free_port()
    # The install comes first on the path and the repository is not the working directory,
    # so every module and page file is the wheel's.
    env = {**os.environ, "PYTHONPATH": str(installed), "NEO4J_URI": str(settings.uri),
           "NEO4J_PASSWORD": settings.password.get_secret_value()}
    where = subprocess.run([sys.executable, "-c", "import api.routes.page as p; print(p.STATIC)"],
                           cwd=installed.parent, env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(where).is_relative_to(installed), where
    with serving([sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
                  "--host", "127.0.0.1", "--port", str(port)], port, installed.parent, env) as url:
        yield url


def test_the_wheel_carries_every_file_the_pages_load_and_no_npm_tree(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    index = zipfile.ZipFile(wheel).read(STATIC + "index.html").decode()
    loaded = set(PAGE_ASSET.findall(index))
    assert {"vendor/cytoscape.min.js", "vendor/cytoscape-svg.js", "app.js"} <= loaded
    wanted = {STATIC + name for name in loaded} | {STATIC + "vendor/" + n for n in DOCS_ASSETS}
    assert wanted <= names, wanted - names
    assert not [n for n in names if "node_modules" in n or n.endswith("package-lock.json")]


def test_the_wheel_requires_the_html_cleaner_its_html_loader_imports(wheel: Path) -> None:
    # justext (under trafilatura) imports lxml.html.clean and asks for it only as an extra of
    # lxml, which older pips drop: the wheel names the package itself.
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    metadata = email.message_from_bytes(zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA"))
    required = {re.split(r"[ ;<>=!~\[]", line, maxsplit=1)[0].lower().replace("_", "-")
                for line in metadata.get_all("Requires-Dist") or []}
    assert "lxml-html-clean" in required


def test_building_without_npm_fails_and_says_so(tmp_path: Path) -> None:
    clone = clean_clone(tmp_path)
    no_tools = tmp_path / "empty-path"
    no_tools.mkdir()
    build = pip_wheel(clone, env={**os.environ, "PATH": str(no_tools)})
    assert build.returncode != 0
    assert "npm not found" in build.stdout + build.stderr
    assert not list((clone / "dist").glob("*.whl"))


def test_the_installed_app_serves_docs_from_its_own_files(base_url: str) -> None:
    docs = httpx.get(base_url + "/docs")
    assert docs.status_code == 200
    urls = re.findall(r'(?:src|href|url)\s*[=:]\s*["\']([^"\']+)["\']', docs.text)
    assert urls and all(url.startswith(("/", "data:")) for url in urls), urls
    for name in DOCS_ASSETS:
        assert httpx.get(f"{base_url}/static/vendor/{name}").status_code == 200, name
    assert httpx.get(base_url + "/redoc").status_code == 404  # no second docs page on a CDN


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page whose requests to other hosts are blocked; yields it with the blocked requests
    and the failures (console errors, uncaught errors, failed or 4xx/5xx responses)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    external: list[str] = []

    def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    failures: list[str] = []
    page.on("console", lambda m: failures.append(f"console {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: failures.append(f"error {e}"))
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield page, external, failures
    context.close()


@needs_chromium
def test_the_installed_explorer_starts_offline(
        base_url: str, offline_page: tuple[Page, list[str], list[str]]) -> None:
    page, external, failures = offline_page
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready]")
    assert page.evaluate("typeof cytoscape === 'function' && typeof window.techkg.cy === 'object'")
    assert "Search an entity" in page.inner_text("#status")
    assert (external, failures) == ([], [])


@needs_chromium
def test_the_installed_docs_render_swagger_ui_offline(
        base_url: str, offline_page: tuple[Page, list[str], list[str]]) -> None:
    page, external, failures = offline_page
    page.goto(base_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert "techkg" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert (external, failures) == ([], [])

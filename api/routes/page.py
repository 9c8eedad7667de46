"""The pages the app serves itself, the explorer at `/` and the API documentation at `/docs`,
with all their files: no CDN, so both work offline.

`api/static/` holds the explorer. The browser libraries of both pages (Cytoscape.js, Swagger UI)
come from npm (`api/static/package.json`); the package build (setup.py) copies the files the pages
load into `api/static/vendor/`, so every install carries them as package data.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from graph.errors import NotFound

STATIC = FilePath(__file__).resolve().parent.parent / "static"
VENDOR = STATIC / "vendor"
PAGE_FILES = {
    "app.js": "text/javascript",
    "app.css": "text/css",
}
VENDOR_TYPES = {".js": "text/javascript", ".css": "text/css"}
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=NO_CACHE)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """FastAPI's Swagger UI page, its script and style from vendor/ instead of a CDN."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url, title=f"{request.app.title} API",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")


@router.get("/static/{name}")
def static_file(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    if name not in PAGE_FILES:
        raise NotFound(f"no static file '{name}'", field="name")
    return FileResponse(STATIC / name, media_type=PAGE_FILES[name], headers=NO_CACHE)


@router.get("/static/vendor/{name}")
def vendor_file(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    # `name` holds no "/" (one path segment); hidden files (the build's stamp) stay private.
    target = VENDOR / name
    if name.startswith(".") or target.suffix not in VENDOR_TYPES or not target.is_file():
        raise NotFound(f"no vendor file '{name}' (the package build puts them in "
                       "api/static/vendor: reinstall techkg, see README)", field="name")
    return FileResponse(target, media_type=VENDOR_TYPES[target.suffix])

"""The explorer page at `/` and its files, all served by the app itself (no CDN: works offline).

`api/static/` holds the page; its browser libraries come from npm (`api/static/package.json`,
installed by `.ci/setup` with `npm ci`) and only the files listed in VENDOR are served from
`node_modules`.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import FileResponse

from graph.errors import NotFound

STATIC = FilePath(__file__).resolve().parent.parent / "static"
PAGE_FILES = {
    "app.js": "text/javascript",
    "app.css": "text/css",
    "palette.json": "application/json",
}
VENDOR = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape-svg.js": "cytoscape-svg/cytoscape-svg.js",
}
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=NO_CACHE)


@router.get("/static/{name}")
def static_file(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    if name not in PAGE_FILES:
        raise NotFound(f"no static file '{name}'", field="name")
    return FileResponse(STATIC / name, media_type=PAGE_FILES[name], headers=NO_CACHE)


@router.get("/static/vendor/{name}")
def vendor_file(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    target = STATIC / "node_modules" / VENDOR.get(name, "-")
    if name not in VENDOR or not target.is_file():
        raise NotFound(f"no vendor file '{name}' (run `npm ci` in api/static)", field="name")
    return FileResponse(target, media_type="text/javascript")

"""The build step that puts the browser libraries of the explorer (`/`) and of `/docs` into the package.

They come from npm (`api/static/package.json`, pinned by `package-lock.json`). Before the package
files are gathered, `npm ci` installs them and the few files the pages load are copied into
`api/static/vendor/`, which is package data: every wheel, editable install and Docker image carries
them, and nothing is fetched from a CDN at run time. A `vendor/` already built from the same
package.json, lock and file list (recorded in `vendor/.built-from`) is kept, so re-installs skip npm.
Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import ExecError, SetupError

STATIC = Path(__file__).resolve().parent / "api" / "static"
VENDOR = STATIC / "vendor"
STAMP = VENDOR / ".built-from"
# The name a page loads it by -> its file in node_modules.
VENDOR_FILES = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape-svg.js": "cytoscape-svg/cytoscape-svg.js",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
# Shipped beside the files because their licenses ask for it (MIT, Apache-2.0 with NOTICE).
LICENSE_FILES = ("LICENSE", "NOTICE")
# Install scripts are off: none of these packages needs one, and swagger-ui-dist's dependency
# @scarf/scarf would report the install to its vendor.
NPM_CI = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"]


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((STATIC / name).read_bytes())
    digest.update(repr(sorted(VENDOR_FILES.items())).encode())
    return digest.hexdigest()


def vendor_is_current(digest: str) -> bool:
    built = all((VENDOR / name).is_file() for name in VENDOR_FILES)
    return built and STAMP.is_file() and STAMP.read_text().strip() == digest


def npm_ci() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError(
            "npm not found: building techkg installs the browser libraries of the explorer and of "
            "/docs from npm (api/static/package.json). Install Node.js with npm (Debian: "
            "`apt-get install npm`) and build again.")
    if subprocess.run([npm, *NPM_CI], cwd=STATIC).returncode != 0:
        raise ExecError(f"`npm {' '.join(NPM_CI)}` failed in {STATIC} (see its output above)")


def copy_vendor_files() -> None:
    modules = STATIC / "node_modules"
    shutil.rmtree(VENDOR, ignore_errors=True)
    VENDOR.mkdir()
    for name, source in VENDOR_FILES.items():
        if not (modules / source).is_file():
            raise SetupError(f"npm package file {source} is missing from {modules}: fix "
                             "VENDOR_FILES in setup.py or the package versions in package.json")
        shutil.copyfile(modules / source, VENDOR / name)
    for package in sorted({source.split("/")[0] for source in VENDOR_FILES.values()}):
        for license_name in LICENSE_FILES:
            if (modules / package / license_name).is_file():
                shutil.copyfile(modules / package / license_name,
                                VENDOR / f"{package}.{license_name}.txt")


def build_vendor() -> None:
    digest = inputs_digest()
    if vendor_is_current(digest):
        return
    npm_ci()
    copy_vendor_files()
    STAMP.write_text(digest + "\n")


class BuildPyWithVendor(build_py):
    """build_py that first builds api/static/vendor (also for editable installs, which serve
    the files from the source tree)."""

    def run(self) -> None:
        build_vendor()
        super().run()


setup(cmdclass={"build_py": BuildPyWithVendor})

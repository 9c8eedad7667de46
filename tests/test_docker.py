"""api/Dockerfile cannot be built here (no Docker engine), so what decides its build is checked:
the context Docker would send (.dockerignore, applied by the Docker SDK's own matcher) and the
Dockerfile's stages (read by dockerfile-parse)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from docker.utils.build import exclude_paths
from dockerfile_parse import DockerfileParser

from tests.test_compose import compose

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = "api/Dockerfile"
CONTEXT_LIMIT_BYTES = 20_000_000  # the sources are about 1 MB; a venv or the jars are 100s of MB
NEVER_SENT = (".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".techkg", "tests")


def context_files() -> set[str]:
    lines = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    patterns = [line for line in lines if line and not line.startswith("#")]
    paths = exclude_paths(str(ROOT), patterns, dockerfile=DOCKERFILE)
    return {path for path in paths if (ROOT / path).is_file()}


def stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions as (instruction, value), one list per FROM."""
    result: list[list[tuple[str, str]]] = []
    for item in DockerfileParser(path=str(ROOT / DOCKERFILE)).structure:
        if item["instruction"] == "FROM":
            result.append([])
        if item["instruction"] != "COMMENT":
            result[-1].append((item["instruction"], item["value"]))
    return result


def values(stage: list[tuple[str, str]], instruction: str) -> list[str]:
    return [value for name, value in stage if name == instruction]


def test_the_build_context_leaves_out_installs_builds_and_caches() -> None:
    files = context_files()
    sent = [path for path in files
            if set(Path(path).parts) & set(NEVER_SENT) or path.endswith(".jar")
            or path.startswith("api/static/vendor/")]
    assert sent == [], sent[:10]
    size = sum((ROOT / path).stat().st_size for path in files)
    assert size < CONTEXT_LIMIT_BYTES, f"build context is {size / 1e6:.0f} MB"


def test_the_build_context_holds_every_source_the_wheel_build_reads() -> None:
    tracked = subprocess.run(["git", "ls-files", "graph", "api", "loaders", "queries"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    wheel_inputs = {"pyproject.toml", "setup.py", "MANIFEST.in", "README.md",
                    "api/static/package.json", "api/static/package-lock.json"}
    sources = {path for path in tracked if (ROOT / path).is_file()}  # not ones deleted locally
    missing = (wheel_inputs | sources) - context_files()
    assert missing == set(), sorted(missing)[:10]


def test_the_first_stage_builds_the_wheel_with_npm_from_every_copied_source() -> None:
    builder = stages()[0]
    assert any("apt-get install" in run and " npm" in run for run in values(builder, "RUN"))
    assert any(run.startswith("pip wheel") and run.endswith(" .") for run in values(builder, "RUN"))
    copied = {source for value in values(builder, "COPY") for source in value.split()[:-1]}
    assert {"pyproject.toml", "setup.py", "MANIFEST.in", "README.md"} <= copied
    assert {"graph", "api", "loaders", "queries"} <= copied


def test_the_image_installs_only_the_wheel_and_serves_on_the_composed_port() -> None:
    builder, image = stages()
    builder_name = values(builder, "FROM")[0].split()[-1]
    assert [c for c in values(image, "COPY") if c.startswith("--from=")] == [
        f"--from={builder_name} /wheels /wheels"]
    assert any(run.startswith("pip install") and "/wheels/*.whl" in run
               for run in values(image, "RUN"))
    assert not any("npm" in run for run in values(image, "RUN")), "npm belongs to the build stage"
    command = json.loads(values(image, "CMD")[0])
    port = command[command.index("--port") + 1]
    assert command[:2] == ["techkg", "serve"] and "0.0.0.0" in command
    assert values(image, "EXPOSE") == [port]
    assert any(mapping.endswith(f":{port}") for mapping in compose()["services"]["api"]["ports"])


def test_the_sample_corpus_named_in_compose_is_in_the_image() -> None:
    image = stages()[-1]
    workdir = values(image, "WORKDIR")[-1]
    copies = [value.split() for value in values(image, "COPY") if not value.startswith("--")]
    sample = "loaders/samples/seed.jsonl"
    assert f"{workdir}/{sample}" in (ROOT / "docker-compose.yml").read_text()
    assert (ROOT / sample).is_file() and sample in context_files()
    assert ["loaders/samples", "loaders/samples"] in copies

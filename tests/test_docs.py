"""Everything a user can call or set is documented in the README."""

from __future__ import annotations

from pathlib import Path

import typer

from api.app import create_app
from api.cli import app as cli_app
from graph.settings import (
    ApiSettings,
    ExtractorSettings,
    LLMSettings,
    LocalServerSettings,
    Neo4jSettings,
    RdfSettings,
)

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_route_is_in_the_readme() -> None:
    paths = create_app().openapi()["paths"]
    assert len(paths) >= 12
    for path, operations in paths.items():
        for method in operations:
            route = f"{method.upper()} {path}"
            assert route in README, f"{route} is not documented"


def test_every_setting_is_in_the_readme() -> None:
    for settings in (Neo4jSettings, LocalServerSettings, ApiSettings, ExtractorSettings,
                     LLMSettings, RdfSettings):
        prefix = settings.model_config.get("env_prefix", "")
        for name in settings.model_fields:
            env = f"{prefix}{name}".upper()
            assert f"`{env}`" in README, f"{env} is not documented"


def test_every_command_is_in_the_readme() -> None:
    click_app = typer.main.get_command(cli_app)
    names = []
    for name, command in click_app.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    assert len(names) >= 7
    for name in names:
        assert f"techkg {name}" in README, f"`techkg {name}` is not documented"

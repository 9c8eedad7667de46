"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from graph.settings import ApiSettings, Neo4jSettings

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def env_names(settings: type[Neo4jSettings] | type[ApiSettings]) -> set[str]:
    prefix = settings.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in settings.model_fields}


def test_neo4j_service_is_the_lts_community_image_with_healthcheck() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "healthcheck" in neo4j
    assert any(v.startswith("neo4j-data:") for v in neo4j["volumes"])
    assert {"127.0.0.1:7687:7687", "127.0.0.1:7474:7474"} <= set(neo4j["ports"])


def test_api_service_environment_matches_the_settings_model() -> None:
    api = compose()["services"]["api"]
    env = set(api["environment"])
    neo4j_env = env_names(Neo4jSettings)
    assert neo4j_env <= env, f"api service lacks {neo4j_env - env}"
    known = neo4j_env | env_names(ApiSettings)
    assert env <= known, f"api service sets unknown variables {env - known}"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (ROOT / api["build"]["dockerfile"]).is_file()
    assert api["environment"]["NEO4J_URI"].startswith("bolt://neo4j:")


def test_compose_leaves_the_ingest_disabled_unless_a_key_is_set() -> None:
    value = compose()["services"]["api"]["environment"]["TECHKG_API_KEY"]
    default = re.fullmatch(r"\$\{TECHKG_API_KEY:-(.*)\}", value)
    assert default is not None, f"TECHKG_API_KEY should come from the environment, not {value!r}"
    assert ApiSettings(api_key=default.group(1)).api_key is None  # type: ignore[arg-type]

"""Every setting, read from the environment (or flags that set it) at the edge, never at import:
the graph's Neo4j, the local server, the API, the extractor and its optional LLM, the RDF IRIs."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Neo4jSettings(BaseSettings):
    """Where the graph lives. Without NEO4J_URI the local managed server is used."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", extra="ignore")

    uri: str | None = Field(default=None, description="bolt:// or neo4j:// URI of any Neo4j 5")
    user: str = "neo4j"
    password: SecretStr = SecretStr("techkg-local")
    database: str = "neo4j"


class LocalServerSettings(BaseSettings):
    """The local Neo4j that `techkg neo4j start` runs from Maven Central jars."""

    model_config = SettingsConfigDict(env_prefix="TECHKG_NEO4J_", extra="ignore")

    home: Path = Field(default=PROJECT_ROOT / ".techkg" / "neo4j", description="config, data, logs")
    lib: Path = Field(default=PROJECT_ROOT / "graph" / "store" / "neo4j" / "lib", description="server jars")
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "512m"
    pagecache: str = "256m"
    transaction_timeout: str = "60s"
    transaction_memory: str = Field(
        default="128m", description="memory one transaction may use (db.memory.transaction.max)"
    )

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKG_", extra="ignore")

    api_key: SecretStr | None = Field(
        default=None, description="required by POST /documents; unset or blank: ingest disabled"
    )
    ingest_max_bytes: int = Field(
        default=16 * 1024 * 1024, gt=0, description="largest body POST /documents reads"
    )
    cypher_timeout_s: float = Field(default=5.0, gt=0, description="timeout of POST /cypher")
    cypher_row_limit: int = Field(default=1000, gt=0, description="rows POST /cypher returns")
    cypher_plan_timeout_s: float = Field(
        default=2.0, gt=0, description="time POST /cypher gives Neo4j to plan a query"
    )
    cypher_max_bytes: int = Field(
        default=4_000_000, gt=0, description="bytes of rows POST /cypher returns at most"
    )
    cypher_per_client: int = Field(
        default=2, gt=0, description="POST /cypher requests one client address may have running"
    )
    cypher_concurrency: int = Field(
        default=8, gt=0, description="POST /cypher requests running at once in all"
    )

    @field_validator("api_key", mode="after")
    @classmethod
    def _blank_key_is_no_key(cls, key: SecretStr | None) -> SecretStr | None:
        # TECHKG_API_KEY= (as `${TECHKG_API_KEY:-}` in compose gives) must not open the ingest.
        return key if key is not None and key.get_secret_value().strip() else None


class ExtractorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKG_", extra="ignore")

    extractor: str = Field(
        default="spacy", description="spacy or llm: what extract, ingest and POST /documents run"
    )


class LLMSettings(BaseSettings):
    """The optional LLM extractor's OpenAI-compatible endpoint."""

    model_config = SettingsConfigDict(env_prefix="TECHKG_LLM_", extra="ignore")

    url: str | None = Field(default=None, description="base URL of an OpenAI-compatible API")
    model: str | None = None
    key: SecretStr | None = None
    timeout_s: float = 120.0


class RdfSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKG_", extra="ignore")

    rdf_base: str = Field(
        default="https://techkg.example.org/", description="base of the IRIs the RDF export mints"
    )

    @field_validator("rdf_base")
    @classmethod
    def _ends_with_separator(cls, value: str) -> str:
        return value if value.endswith(("/", "#")) else value + "/"

"""An optional extractor that asks an OpenAI-compatible chat endpoint (off by default).

Set TECHKG_EXTRACTOR=llm with TECHKG_LLM_URL (the API base, e.g. http://localhost:11434/v1),
TECHKG_LLM_MODEL and, if the endpoint needs one, TECHKG_LLM_KEY. It has the same interface as
`ExtractionPipeline`: one `Extraction` per document, in order, an `error` line when a document
fails, and only relation ends that are among the line's entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import httpx
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.model import Document, ExtractedEntity, ExtractedRelation, Extraction
from graph.ontology import ENTITY_TYPE_INFO, RELATION_TYPE_INFO
from loaders.untrusted import JSONInputError, load_json

MAX_CHARS = 30_000


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECHKG_LLM_", extra="ignore")

    url: str | None = Field(default=None, description="base URL of an OpenAI-compatible API")
    model: str | None = None
    key: SecretStr | None = None
    timeout_s: float = 120.0


def system_prompt() -> str:
    entities = "\n".join(f"- {t.value}: {i.description}" for t, i in ENTITY_TYPE_INFO.items())
    relations = "\n".join(f"- {t.value}: {i.description}" for t, i in RELATION_TYPE_INFO.items())
    return (
        "You extract a knowledge graph of the US-China technology competition from one "
        "document. Entity types:\n"
        + entities
        + "\nRelation types (subject -> object):\n"
        + relations
        + "\nAnswer with one JSON object only: "
        '{"relevance": 0..1, "entities": [{"name", "type", "aliases"}], "relations": '
        '[{"subject", "relation", "object", "confidence", "negated", "modality", "evidence"}]}. '
        "modality is asserted, planned, considered or reported; evidence is the sentence; "
        "subject and object are entity names from your entities list."
    )


class LLMExtractor:
    """Settings in the constructor; the HTTP client opens on first use."""

    def __init__(
        self, settings: LLMSettings | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings or LLMSettings()
        if not self.settings.url or not self.settings.model:
            raise ValueError("the LLM extractor needs TECHKG_LLM_URL and TECHKG_LLM_MODEL")
        self._transport = transport
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            key = self.settings.key.get_secret_value() if self.settings.key else None
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            self._client = httpx.Client(
                base_url=str(self.settings.url).rstrip("/"),
                headers=headers,
                timeout=self.settings.timeout_s,
                transport=self._transport,
            )
        return self._client

    def run(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        for doc in docs:
            yield self.extract_one(doc)

    def extract_one(self, doc: Document) -> Extraction:
        content = doc.content
        if not content.strip():
            return Extraction(id=doc.id, error="document has no title and no text")
        try:
            answer = self._ask(content[:MAX_CHARS])
            return parse_answer(doc.id, answer)
        except (
            httpx.HTTPError,
            KeyError,
            IndexError,
            JSONInputError,
            ValidationError,
            TypeError,
        ) as exc:
            return Extraction(id=doc.id, error=f"LLM extraction failed: {exc}")

    def _ask(self, content: str) -> str:
        response = self.client.post(
            "/chat/completions",
            json={
                "model": self.settings.model,
                "temperature": 0,
                "response_format": {"type": "json_object"},
                "messages": [
                    {"role": "system", "content": system_prompt()},
                    {"role": "user", "content": content},
                ],
            },
        )
        response.raise_for_status()
        # Parsed through load_json: a crafted answer nested too deep fails this document only.
        text: str = load_json(response.text)["choices"][0]["message"]["content"]
        return text


def parse_answer(doc_id: str, answer: str) -> Extraction:
    """The model's JSON as an Extraction; entities of unknown type and dangling relations go."""
    data: dict[str, Any] = load_json(_strip_fences(answer))
    entities = []
    for raw in data.get("entities", []):
        try:
            entities.append(
                ExtractedEntity.model_validate(
                    {k: raw[k] for k in ("name", "type", "aliases") if k in raw}
                )
            )
        except ValidationError:
            continue
    names = {e.name for e in entities}
    relations = []
    for raw in data.get("relations", []):
        try:
            relation = ExtractedRelation.model_validate(raw)
        except ValidationError:
            continue
        if relation.subject in names and relation.object in names:
            relations.append(relation)
    relevance = min(max(float(data.get("relevance", 0.0)), 0.0), 1.0)
    return Extraction(id=doc_id, relevance=relevance, entities=entities, relations=relations)


def _strip_fences(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text

"""The optional LLM extractor's client: request shape, parsing, and failures as error lines.

The remote chat endpoint is simulated with httpx.MockTransport: what is under test is our
client and parser, not a model."""

from __future__ import annotations

import json

import httpx
import pytest

from graph.model import Document
from graph.settings import LLMSettings
from loaders.extractors import build_extractor
from loaders.llm import LLMExtractor, parse_answer

ANSWER = {
    "relevance": 0.9,
    "entities": [{"name": "BIS", "type": "GovernmentBody", "aliases": []},
                 {"name": "Huawei", "type": "Company"},
                 {"name": "Mars", "type": "Planet"}],
    "relations": [{"subject": "BIS", "relation": "RESTRICTS", "object": "Huawei",
                   "confidence": 0.8, "evidence": "BIS added Huawei."},
                  {"subject": "BIS", "relation": "RESTRICTS", "object": "Mars"},
                  {"subject": "BIS", "relation": "LIKES", "object": "Huawei"}],
}


def chat(content: str, status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert request.url.path.endswith("/chat/completions")
        assert body["model"] == "m" and body["messages"][0]["role"] == "system"
        assert "RESTRICTS" in body["messages"][0]["content"]
        assert request.headers["Authorization"] == "Bearer k"
        return httpx.Response(status, json={"choices": [{"message": {"content": content}}]})
    return httpx.MockTransport(handler)


def settings() -> LLMSettings:
    return LLMSettings(url="http://llm.invalid/v1", model="m", key="k")  # type: ignore[arg-type]


def test_answer_becomes_an_extraction_without_dangling_or_unknown_types() -> None:
    extraction = parse_answer("d1", "```json\n" + json.dumps(ANSWER) + "\n```")
    assert [e.name for e in extraction.entities] == ["BIS", "Huawei"]
    assert [(r.subject, r.relation.value, r.object) for r in extraction.relations] == [
        ("BIS", "RESTRICTS", "Huawei")]
    assert extraction.relevance == 0.9


def test_extractor_keeps_order_and_reports_failures() -> None:
    docs = [Document(id="a", text="BIS added Huawei to the Entity List."),
            Document(id="b", text=""),
            Document(id="c", text="More text.")]
    good = LLMExtractor(settings(), transport=chat(json.dumps(ANSWER)))
    out = list(good.run(docs))
    assert [x.id for x in out] == ["a", "b", "c"]
    assert out[0].relations and out[1].error and "no title" in out[1].error
    broken = LLMExtractor(settings(), transport=chat("not json"))
    assert "LLM extraction failed" in (broken.extract_one(docs[0]).error or "")
    down = LLMExtractor(settings(), transport=chat("{}", status=500))
    assert "500" in (down.extract_one(docs[0]).error or "")


def test_choice_of_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TECHKG_LLM_URL", raising=False)
    with pytest.raises(ValueError, match="TECHKG_LLM_URL"):
        build_extractor("llm")
    with pytest.raises(ValueError, match="unknown extractor"):
        build_extractor("gpt")

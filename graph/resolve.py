"""From one document's extraction to graph objects: canonical entities with stable ids, and
relations whose evidence points back at the article."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

from graph.model import (
    Article,
    Document,
    Entity,
    Evidence,
    Extraction,
    GraphBatch,
    Relation,
    entity_id,
)

# Legal forms: suffixes that never make a new entity ("Huawei Technologies Co., Ltd." is
# "Huawei Technologies"). The extractor's name matching drops them too, and a few words more
# (`grouping_suffixes` in loaders/lexicon/names.yaml) that a display name keeps.
LEGAL_FORMS = (
    "incorporated", "inc", "corporation", "corp", "company", "co", "ltd", "limited", "llc", "plc",
    "ag", "sa", "nv", "se",
)  # fmt: skip
_SUFFIX = re.compile(r"[\s,]+(" + "|".join(LEGAL_FORMS) + r")\.?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# Second-level labels under which registrants sit one level deeper (fmprc.gov.cn, bbc.co.uk).
_SECOND_LEVEL = {"gov", "com", "co", "org", "ac", "edu", "net", "go", "or"}


def canonical_name(name: str) -> str:
    """Drop what does not make a new entity: possessives, corporate suffixes, stray spaces."""
    out = unicodedata.normalize("NFC", name).strip().strip(".,;:")
    out = _POSSESSIVE.sub("", out) if out.endswith(("'s", "’s")) else out
    previous = None
    while previous != out:
        previous = out
        out = _SUFFIX.sub("", out).strip()
    return re.sub(r"\s+", " ", out) or name.strip()


def publisher(source: str | None, url: str | None) -> str:
    """The outlet a story originates from: copies of one wire story count as one source."""
    origin = (source or "").split(" via ")[0].strip().lower()
    if not origin and url:
        origin = urlparse(url).hostname or ""
    labels = [part for part in origin.removeprefix("www.").split(".") if part]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:]) if len(labels) >= 2 else origin or "unknown"


def to_batch(document: Document, extraction: Extraction) -> GraphBatch:
    article = Article(
        id=document.id,
        title=document.title,
        url=document.url,
        source=document.source,
        published=document.published,
        content_hash=document.content_hash(),
        relevance=extraction.relevance,
    )
    entities: dict[str, Entity] = {}
    ids_by_name: dict[str, str] = {}
    for extracted in extraction.entities:
        name = canonical_name(extracted.name)
        eid = entity_id(extracted.type, name)
        aliases = {a for a in [extracted.name, *extracted.aliases] if a and a != name}
        if eid in entities:
            aliases |= set(entities[eid].aliases)
        entities[eid] = Entity(
            id=eid,
            name=name,
            type=extracted.type,
            aliases=sorted(aliases),
            country=extracted.country,
            wikidata=extracted.wikidata,
        )
        ids_by_name[extracted.name] = eid
    relations = []
    source = publisher(document.source, document.url)
    for extracted_rel in extraction.relations:
        subject = ids_by_name.get(extracted_rel.subject)
        obj = ids_by_name.get(extracted_rel.object)
        if subject is None or obj is None or subject == obj:
            continue
        fact_date = extracted_rel.date or document.published
        relations.append(
            Relation(
                subject=subject,
                type=extracted_rel.relation,
                object=obj,
                confidence=extracted_rel.confidence,
                negated=extracted_rel.negated,
                modality=extracted_rel.modality,
                date=fact_date,
                role=extracted_rel.role,
                predicate=extracted_rel.predicate,
                evidence=Evidence(
                    article_id=document.id,
                    sentence=extracted_rel.evidence,
                    start=extracted_rel.start,
                    end=extracted_rel.end,
                    date=fact_date,
                    source=source,
                ),
            )
        )
    return GraphBatch(article=article, entities=list(entities.values()), relations=relations)

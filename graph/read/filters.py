"""The one filter of relationships: every relation read, every measure, the API and the CLI take
a `RelationFilter`, and `where` is its Cypher.

The relation reads (neighbors, paths, triples, timelines) and the measures (PageRank, communities,
…) differ in two defaults, both on purpose. Dates: a read filters on the fact's date, as the
sources state it; a measure puts every relationship on its time axis, so one no source dates
counts from its first report (`DATED_BY_FACT_OR_REPORT`). Denials: a read shows them, flagged;
a measure leaves them out (a denial is not a link) unless `include_negated` says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any, LiteralString

from pydantic import BaseModel, ConfigDict, Field

from graph.ontology import EntityType, RelationType


class RelationFilter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    relation_types: list[RelationType] | None = None
    entity_types: list[EntityType] | None = Field(
        default=None, description="only relationships between entities of these types"
    )
    since: date | None = None
    until: date | None = None
    as_of: date | None = Field(
        default=None, description="only what had been reported by that day (first seen)"
    )
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    min_sources: int = Field(default=0, ge=0, description="distinct sources corroborating it")
    include_negated: bool | None = Field(
        default=None, description="denials too; unset: reads show them, measures leave them out"
    )

    def params(self) -> dict[str, Any]:
        """The parameters `where` reads; an unset `include_negated` keeps denials."""
        return {
            "types": [t.value for t in self.relation_types] if self.relation_types else None,
            "etypes": [t.value for t in self.entity_types] if self.entity_types else None,
            "since": self.since,
            "until": self.until,
            "as_of": self.as_of,
            "min_confidence": self.min_confidence,
            "min_sources": self.min_sources,
            "negated": self.include_negated is not False,
        }


DATED_BY_FACT: LiteralString = "r.date"
DATED_BY_FACT_OR_REPORT: LiteralString = "coalesce(r.date, r.first_seen)"


def where(dated_by: LiteralString = DATED_BY_FACT) -> LiteralString:
    """The filter as a condition on the relationship `r` (no node names, so it fits any
    pattern), `since`/`until` compared with `dated_by`."""
    return f"""($types IS NULL OR type(r) IN $types)
  AND ($etypes IS NULL OR (startNode(r).type IN $etypes AND endNode(r).type IN $etypes))
  AND ($since IS NULL OR {dated_by} >= $since) AND ($until IS NULL OR {dated_by} <= $until)
  AND ($as_of IS NULL OR r.first_seen <= $as_of)
  AND ($min_confidence IS NULL OR coalesce(r.confidence, 0.0) >= $min_confidence)
  AND coalesce(r.source_count, 0) >= $min_sources
  AND ($negated OR NOT coalesce(r.negated, false))"""

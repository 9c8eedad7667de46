"""Constraints and indexes, applied by named, re-runnable steps before any write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from graph.ontology import EntityType
from graph.store.db import Graph

FULLTEXT_INDEX = "entity_names"


@dataclass(frozen=True)
class SchemaStep:
    name: str
    cypher: LiteralString


def _label_steps(entity_type: EntityType) -> list[SchemaStep]:
    # Labels come from the ontology enum only, so formatting them into DDL is safe.
    label = entity_type.value
    lower = label.lower()
    return [
        SchemaStep(
            f"{lower}_id_unique",
            (
                f"CREATE CONSTRAINT {lower}_id_unique IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            ),
        ),
        SchemaStep(
            f"{lower}_name",
            (f"CREATE INDEX {lower}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"),
        ),
    ]


def schema_steps() -> list[SchemaStep]:
    labels = "|".join(t.value for t in EntityType)
    steps = [
        SchemaStep(
            "entity_id_unique",
            "CREATE CONSTRAINT entity_id_unique IF NOT EXISTS "
            "FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        ),
        SchemaStep(
            "article_id_unique",
            "CREATE CONSTRAINT article_id_unique IF NOT EXISTS "
            "FOR (n:Article) REQUIRE n.id IS UNIQUE",
        ),
        SchemaStep(
            "entity_name", "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)"
        ),
        SchemaStep(
            "article_published",
            "CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published)",
        ),
        SchemaStep(
            FULLTEXT_INDEX,
            (
                f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
                f"FOR (n:{labels}) ON EACH [n.name, n.alias_text]"
            ),
        ),
    ]
    for entity_type in EntityType:
        steps.extend(_label_steps(entity_type))
    return steps


def apply_schema(graph: Graph) -> list[str]:
    """Run every step (each is idempotent) and wait for indexes to come online."""
    for step in schema_steps():
        graph.write(step.cypher)
    graph.write("CALL db.awaitIndexes(60)")
    return [step.name for step in schema_steps()]

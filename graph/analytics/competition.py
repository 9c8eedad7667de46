"""The competition view: who acts on whom, side against side, and action → response chains.

Sides come from `graph.alignment` (the checked-in country list `graph/alignment.yaml`): a country
by its own name, any other entity by its `country` property; an entity with no country takes the
side of the nearest aligned entity it is LOCATED_IN, PART_OF or AFFILIATED_WITH (following those
links outwards up to `LINK_HOPS` hops; a tie between the two sides stays "other").

Action and response: for each RESTRICTS by an entity of one side (US and allies, or China), the
RESTRICTS and OPPOSES by the other side dated within `window_days` after it whose target is not
on the responder's own side and is related: the response's target and the action's subject or
object share an entity among themselves and what they are LOCATED_IN, PART_OF or AFFILIATED_WITH
(up to `LINK_HOPS` hops; an entity's `country` counts as LOCATED_IN that country). So after BIS
(PART_OF United States) restricts Huawei, China opposing BIS or restricting Micron (country
United States) is a response. Relations are dated by their earliest fact date (else their first
report); negated relations are never actions or responses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any, LiteralString

from pydantic import BaseModel

from graph.alignment import alignment_of
from graph.analytics.measures import EntityScore, Filters, Projection, Result, cached, native
from graph.model import entity_id
from graph.ontology import STRUCTURAL_RELATIONS, Alignment, EntityType, RelationType
from graph.store.db import Graph

LINK_HOPS = 3
# What counts as an action: a response is one of these too, by the other side.
ACTS = (RelationType.RESTRICTS, RelationType.OPPOSES)

# The relation types come as parameters ($structural, $acts), from graph/ontology.py.
ENTITIES: LiteralString = """
MATCH (e:Entity)
OPTIONAL MATCH (e)-[r]->(t:Entity) WHERE type(r) IN $structural AND NOT r.negated
RETURN e.id AS id, e.name AS name, e.type AS type, e.country AS country,
       e.first_seen AS first_seen, collect(t.id) AS links
"""

ACTIONS: LiteralString = """
MATCH (s:Entity)-[r]->(o:Entity)
WHERE type(r) IN $acts AND NOT r.negated AND coalesce(r.date, r.first_seen) IS NOT NULL
RETURN s.id AS subject, s.name AS subject_name, type(r) AS type, o.id AS object,
       o.name AS object_name, coalesce(r.date, r.first_seen) AS date, r.confidence AS confidence,
       r.evidence AS evidence
ORDER BY date, subject, object
"""


class SideCount(BaseModel):
    month: str
    relation_type: RelationType
    from_side: Alignment
    to_side: Alignment
    count: int


class WeekCount(BaseModel):
    week: dt.date  # the Monday that starts it
    new_entities: int
    new_relations: int


class CompetitionView(Result):
    sides: dict[Alignment, int]
    monthly: list[SideCount]
    targets: dict[Alignment, list[EntityScore]]
    weekly: list[WeekCount]


class EvidenceItem(BaseModel):
    article_id: str
    sentence: str
    date: dt.date | None = None
    source: str | None = None


class Act(BaseModel):
    subject: str
    subject_name: str
    side: Alignment
    type: RelationType
    object: str
    object_name: str
    date: dt.date
    confidence: float
    evidence: list[EvidenceItem]


class Chain(BaseModel):
    action: Act
    responses: list[Act]


class ActionResponses(Result):
    window_days: int
    actions: int
    chains: list[Chain]


# ------------------------------------------------------------------ alignment


def _ancestors(start: str, links: dict[str, list[str]], hops: int = LINK_HOPS) -> dict[str, int]:
    """Entities reachable over structural links, with their distance."""
    seen, frontier = {start: 0}, [start]
    for depth in range(1, hops + 1):
        frontier = [t for n in frontier for t in links.get(n, []) if t not in seen]
        seen.update({t: depth for t in frontier})
    return seen


def align(rows: list[dict[str, Any]]) -> dict[str, Alignment]:
    """Every entity's side, from its country and, failing that, its structural links."""
    own = {r["id"]: alignment_of(r["type"], r["name"], r["country"]) for r in rows}
    links = {r["id"]: r["links"] for r in rows}
    sides = dict(own)
    for r in rows:
        if own[r["id"]] is not Alignment.OTHER or r["country"]:
            continue
        found: dict[int, set[Alignment]] = defaultdict(set)
        for node, depth in _ancestors(r["id"], links).items():
            if depth and own.get(node, Alignment.OTHER) is not Alignment.OTHER:
                found[depth].add(own[node])
        if found:
            nearest = found[min(found)]
            sides[r["id"]] = nearest.pop() if len(nearest) == 1 else Alignment.OTHER
    return sides


def links_of(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Structural links, with an entity's `country` counted as LOCATED_IN that country."""
    return {
        r["id"]: r["links"]
        + ([entity_id(EntityType.COUNTRY, r["country"])] if r["country"] else [])
        for r in rows
    }


def entity_rows(graph: Graph) -> list[dict[str, Any]]:
    return graph.read(ENTITIES, {"structural": [t.value for t in STRUCTURAL_RELATIONS]})


def sides_of(graph: Graph) -> dict[str, Alignment]:
    return align(entity_rows(graph))


# ------------------------------------------------------------------ the view


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def view_of(p: Projection, rows: list[dict[str, Any]], top: int) -> CompetitionView:
    sides = align(rows)
    monthly: Counter[tuple[str, str, Alignment, Alignment]] = Counter()
    acted: dict[Alignment, Counter[str]] = defaultdict(Counter)
    new_relations: Counter[dt.date] = Counter()
    for s, o, data in p.graph.edges(data=True):
        side_s, side_o = sides.get(s, Alignment.OTHER), sides.get(o, Alignment.OTHER)
        if data["date"]:
            monthly[(data["date"].isoformat()[:7], data["type"], side_s, side_o)] += 1
        acted[side_s][o] += 1
        if data["first_seen"]:
            new_relations[_week(data["first_seen"])] += 1
    new_entities = Counter(
        _week(native(r["first_seen"])) for r in rows if r["first_seen"] and r["id"] in p.graph
    )
    weeks = sorted(set(new_entities) | set(new_relations))
    return CompetitionView(
        filters=p.filters,
        size=p.size,
        sides={side: sum(1 for n in p.graph if sides.get(n) is side) for side in Alignment},
        monthly=[
            SideCount(month=m, relation_type=t, from_side=a, to_side=b, count=c)
            for (m, t, a, b), c in sorted(monthly.items())
        ],
        targets={
            side: [
                p.score(n, float(c))
                for n, c in sorted(acted[side].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            ]
            for side in Alignment
        },
        weekly=[
            WeekCount(week=w, new_entities=new_entities[w], new_relations=new_relations[w])
            for w in weeks
        ],
    )


def competition(graph: Graph, filters: Filters | None = None, top: int = 10) -> CompetitionView:
    return cached(
        graph, "competition", filters, {"top": top}, lambda p: view_of(p, entity_rows(graph), top)
    )


# ------------------------------------------------------------------ action → response


def _act(row: dict[str, Any], side: Alignment) -> Act:
    evidence = [json.loads(raw) for raw in row["evidence"] or []]
    return Act(
        subject=row["subject"],
        subject_name=row["subject_name"],
        side=side,
        type=row["type"],
        object=row["object"],
        object_name=row["object_name"],
        date=native(row["date"]),
        confidence=row["confidence"],
        evidence=[
            EvidenceItem(
                article_id=e["article_id"],
                sentence=e["sentence"],
                date=e.get("date"),
                source=e.get("source"),
            )
            for e in evidence
        ],
    )


def chains_of(
    acts: list[Act], links: dict[str, list[str]], sides: dict[str, Alignment], window_days: int
) -> list[Chain]:
    other = {Alignment.US_ALLIES: Alignment.CHINA, Alignment.CHINA: Alignment.US_ALLIES}
    window = dt.timedelta(days=window_days)
    chains = []
    for action in acts:
        if action.type is not RelationType.RESTRICTS or action.side not in other:
            continue
        related = set(_ancestors(action.subject, links)) | set(_ancestors(action.object, links))
        responses = [
            r
            for r in acts
            if r.side is other[action.side]
            and action.date < r.date <= action.date + window
            and sides.get(r.object, Alignment.OTHER) is not r.side
            and related & set(_ancestors(r.object, links))
        ]
        if responses:
            chains.append(Chain(action=action, responses=responses))
    return chains


def action_responses(graph: Graph, window_days: int = 90) -> ActionResponses:
    def compute(p: Projection) -> ActionResponses:
        rows = entity_rows(graph)
        sides, links = align(rows), links_of(rows)
        acts = [
            _act(row, sides.get(row["subject"], Alignment.OTHER))
            for row in graph.read(ACTIONS, {"acts": [t.value for t in ACTS]})
        ]
        restricting = sum(
            1 for a in acts if a.type is RelationType.RESTRICTS and a.side is not Alignment.OTHER
        )
        chains = chains_of(acts, links, sides, window_days)
        return ActionResponses(
            filters=p.filters,
            size=p.size,
            window_days=window_days,
            actions=restricting,
            chains=chains,
        )

    filters = Filters(relation_types=list(ACTS))
    return cached(graph, "action_responses", filters, {"window_days": window_days}, compute)

"""Network measures on a projection of the graph pulled from Neo4j into networkx.

A projection is the set of entity-to-entity relationships that pass the `Filters` (relation types,
a date range on the relation's date — its earliest fact date, else its first report —, a minimum
combined confidence, entity types of both ends; negated relations are left out unless asked for),
and the entities at their ends. Measures and their graphs:

- PageRank: directed, parallel relationships collapsed into one edge weighted by their number;
- betweenness, k-core, bridges and articulation points (chokepoints): undirected and simple;
  betweenness is exact up to `EXACT_BETWEENNESS_NODES` nodes and sampled (seeded) above;
- Louvain communities: undirected, weighted, seeded (`networkx.community.louvain_communities`);
- degree by relation type: in and out, per type, on the multigraph;
- an entity's timeline: the measures on the cumulative projection at the end of each month.

Every result carries the filters and the size (nodes, edges) of the projection it was computed on.
Results are cached per (measure, parameters) and keyed by the graph's version (see
`graph.analytics.cache`), so any ingest invalidates them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph.analytics.cache import CACHE
from graph.errors import NotFound
from graph.ontology import EntityType, RelationType
from graph.read.entities import resolve_entity
from graph.store.db import Graph

EXACT_BETWEENNESS_NODES = 2000
BETWEENNESS_SAMPLES = 100
SEED = 42
R = TypeVar("R", bound=BaseModel)


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    relation_types: list[RelationType] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    entity_types: list[EntityType] | None = None
    include_negated: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "types": [t.value for t in self.relation_types] if self.relation_types else None,
            "since": self.since,
            "until": self.until,
            "min_conf": self.min_confidence,
            "etypes": [t.value for t in self.entity_types] if self.entity_types else None,
            "negated": self.include_negated,
        }


class GraphSize(BaseModel):
    nodes: int
    edges: int


class Result(BaseModel):
    filters: Filters
    size: GraphSize


class EntityScore(BaseModel):
    id: str
    name: str
    type: EntityType
    value: float


class Ranking(Result):
    measure: str
    approximate: bool = False
    items: list[EntityScore]


class TypeDegree(BaseModel):
    id: str
    name: str
    total: int
    out_degree: dict[str, int]
    in_degree: dict[str, int]


class DegreeByType(Result):
    items: list[TypeDegree]


class Communities(Result):
    seed: int
    modularity: float
    communities: list[list[str]]
    names: dict[str, str] = Field(description="the name of every entity listed, by id")


class KCore(Result):
    k: int
    members: list[str]
    core_numbers: dict[str, int]
    names: dict[str, str] = Field(description="the name of every member, by id")


class Chokepoints(Result):
    bridges: list[tuple[str, str]]
    articulation_points: list[str]
    names: dict[str, str] = Field(description="the name of every entity listed, by id")


class MonthPoint(BaseModel):
    month: str
    pagerank: float
    betweenness: float
    degree: int
    size: GraphSize


class Timeline(Result):
    entity: str
    name: str
    months: list[MonthPoint]


# ------------------------------------------------------------------ projection

PROJECTION: LiteralString = """
MATCH (s:Entity)-[r]->(o:Entity)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($negated OR NOT coalesce(r.negated, false))
  AND ($min_conf IS NULL OR r.confidence >= $min_conf)
  AND ($since IS NULL OR coalesce(r.date, r.first_seen) >= $since)
  AND ($until IS NULL OR coalesce(r.date, r.first_seen) <= $until)
  AND ($etypes IS NULL OR (s.type IN $etypes AND o.type IN $etypes))
RETURN s.id AS s, s.name AS s_name, s.type AS s_type, o.id AS o, o.name AS o_name,
       o.type AS o_type, type(r) AS type, r.confidence AS confidence,
       coalesce(r.date, r.first_seen) AS date, r.first_seen AS first_seen
"""


def native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


@dataclass
class Projection:
    filters: Filters
    graph: nx.MultiDiGraph

    @property
    def size(self) -> GraphSize:
        return GraphSize(nodes=self.graph.number_of_nodes(), edges=self.graph.number_of_edges())

    def name(self, node: str) -> str:
        return str(self.graph.nodes[node]["name"])

    def names(self, nodes: Iterable[str]) -> dict[str, str]:
        return {node: self.name(node) for node in nodes}

    def score(self, node: str, value: float) -> EntityScore:
        data = self.graph.nodes[node]
        return EntityScore(id=node, name=data["name"], type=data["type"], value=value)


def project(graph: Graph, filters: Filters) -> Projection:
    g = nx.MultiDiGraph()
    for row in graph.read(PROJECTION, filters.params()):
        g.add_node(row["s"], name=row["s_name"], type=row["s_type"])
        g.add_node(row["o"], name=row["o_name"], type=row["o_type"])
        g.add_edge(
            row["s"],
            row["o"],
            type=row["type"],
            confidence=row["confidence"],
            date=native(row["date"]),
            first_seen=native(row["first_seen"]),
        )
    return Projection(filters, g)


def directed(g: nx.MultiDiGraph) -> nx.DiGraph:
    out = nx.DiGraph()
    out.add_nodes_from(g.nodes)
    for s, o in g.edges():
        weight = out[s][o]["weight"] + 1 if out.has_edge(s, o) else 1
        out.add_edge(s, o, weight=weight)
    return out


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """Simple, loop-free, weighted by the number of relationships either way."""
    out = nx.Graph()
    out.add_nodes_from(g.nodes)
    for s, o in g.edges():
        if s != o:
            weight = out[s][o]["weight"] + 1 if out.has_edge(s, o) else 1
            out.add_edge(s, o, weight=weight)
    return out


# ------------------------------------------------------------------ measures


def _top(p: Projection, values: dict[str, float], top: int) -> list[EntityScore]:
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [p.score(node, float(value)) for node, value in ranked]


def pagerank_values(
    g: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> dict[str, float]:
    """Weighted PageRank by power iteration, networkx's definition (dangling mass spread evenly).

    Written out because `networkx.pagerank` needs scipy, which techkg does not depend on."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    out_weight = {u: sum(w for _, _, w in g.out_edges(u, data="weight")) for u in g}
    rank = dict.fromkeys(g, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in g if not out_weight[u]) / n
        new = dict.fromkeys(g, (1.0 - alpha) / n + dangling)
        for u, v, w in g.edges(data="weight"):
            new[v] += alpha * rank[u] * w / out_weight[u]
        if sum(abs(new[u] - rank[u]) for u in g) < n * tol:
            return new
        rank = new
    return rank


def pagerank_of(p: Projection, top: int = 20) -> Ranking:
    values = pagerank_values(directed(p.graph))
    return Ranking(filters=p.filters, size=p.size, measure="pagerank", items=_top(p, values, top))


def betweenness_values(g: nx.Graph) -> tuple[dict[str, float], bool]:
    if g.number_of_nodes() <= EXACT_BETWEENNESS_NODES:
        return nx.betweenness_centrality(g, normalized=True), False
    return nx.betweenness_centrality(g, k=BETWEENNESS_SAMPLES, normalized=True, seed=SEED), True


def betweenness_of(p: Projection, top: int = 20) -> Ranking:
    values, approximate = betweenness_values(undirected(p.graph))
    return Ranking(
        filters=p.filters,
        size=p.size,
        measure="betweenness",
        approximate=approximate,
        items=_top(p, values, top),
    )


def degree_by_type_of(p: Projection, top: int = 20) -> DegreeByType:
    outs: dict[str, Counter[str]] = defaultdict(Counter)
    ins: dict[str, Counter[str]] = defaultdict(Counter)
    for s, o, data in p.graph.edges(data=True):
        outs[s][data["type"]] += 1
        ins[o][data["type"]] += 1
    totals = {n: sum(outs[n].values()) + sum(ins[n].values()) for n in p.graph.nodes}
    ranked = sorted(totals, key=lambda n: (-totals[n], n))[:top]
    items = [
        TypeDegree(
            id=n, name=p.name(n), total=totals[n], out_degree=dict(outs[n]), in_degree=dict(ins[n])
        )
        for n in ranked
    ]
    return DegreeByType(filters=p.filters, size=p.size, items=items)


def communities_of(p: Projection, seed: int = SEED) -> Communities:
    g = undirected(p.graph)
    found = nx.community.louvain_communities(g, weight="weight", seed=seed) if g else []
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    modularity = nx.community.modularity(g, found, weight="weight") if g.number_of_edges() else 0.0
    return Communities(filters=p.filters, size=p.size, seed=seed, modularity=modularity,
                       communities=groups, names=p.names(g.nodes))


def kcore_of(p: Projection, k: int | None = None) -> KCore:
    g = undirected(p.graph)
    cores: dict[str, int] = nx.core_number(g) if g else {}
    k = max(cores.values(), default=0) if k is None else k
    members = sorted(n for n, c in cores.items() if c >= k)
    return KCore(filters=p.filters, size=p.size, k=k, members=members, core_numbers=cores,
                 names=p.names(members))


def chokepoints_of(p: Projection) -> Chokepoints:
    g = undirected(p.graph)
    bridges = sorted(tuple(sorted(b)) for b in nx.bridges(g))
    points = sorted(nx.articulation_points(g))
    return Chokepoints(
        filters=p.filters,
        size=p.size,
        bridges=[(a, b) for a, b in bridges],
        articulation_points=points,
        names=p.names({*points, *(end for bridge in bridges for end in bridge)}),
    )


def month_end(month: str) -> dt.date:
    year, mon = int(month[:4]), int(month[5:7])
    first_next = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def timeline_of(p: Projection, entity: str) -> Timeline:
    if entity not in p.graph:
        raise NotFound(f"entity {entity!r} has no relations in this projection", id=entity)
    months = sorted({d.isoformat()[:7] for _, _, d in p.graph.edges(data="date") if d})
    points = []
    for month in months:
        end = month_end(month)
        edges = [
            (s, o, k) for s, o, k, d in p.graph.edges(keys=True, data="date") if d and d <= end
        ]
        sub = p.graph.edge_subgraph(edges)
        if entity not in sub:
            continue
        between, _ = betweenness_values(undirected(sub))
        points.append(
            MonthPoint(
                month=month,
                pagerank=pagerank_values(directed(sub))[entity],
                betweenness=between[entity],
                degree=sub.degree(entity),
                size=GraphSize(nodes=sub.number_of_nodes(), edges=sub.number_of_edges()),
            )
        )
    return Timeline(
        filters=p.filters, size=p.size, entity=entity, name=p.name(entity), months=points
    )


def cached(
    graph: Graph,
    measure: str,
    filters: Filters | None,
    params: dict[str, Any],
    compute: Callable[[Projection], R],
) -> R:
    """Compute (or fetch from the cache) one measure on the filtered projection."""
    filters = filters or Filters()
    key = {"filters": filters.model_dump(mode="json"), **params}
    return CACHE.get_or_compute(graph, measure, key, lambda: compute(project(graph, filters)))


def pagerank(graph: Graph, filters: Filters | None = None, top: int = 20) -> Ranking:
    return cached(graph, "pagerank", filters, {"top": top}, lambda p: pagerank_of(p, top))


def betweenness(graph: Graph, filters: Filters | None = None, top: int = 20) -> Ranking:
    return cached(graph, "betweenness", filters, {"top": top}, lambda p: betweenness_of(p, top))


def degree_by_type(graph: Graph, filters: Filters | None = None, top: int = 20) -> DegreeByType:
    return cached(graph, "degree", filters, {"top": top}, lambda p: degree_by_type_of(p, top))


def communities(graph: Graph, filters: Filters | None = None, seed: int = SEED) -> Communities:
    return cached(graph, "communities", filters, {"seed": seed}, lambda p: communities_of(p, seed))


def kcore(graph: Graph, filters: Filters | None = None, k: int | None = None) -> KCore:
    return cached(graph, "kcore", filters, {"k": k}, lambda p: kcore_of(p, k))


def chokepoints(graph: Graph, filters: Filters | None = None) -> Chokepoints:
    return cached(graph, "chokepoints", filters, {}, chokepoints_of)


def timeline(graph: Graph, entity: str, filters: Filters | None = None) -> Timeline:
    """`entity` is an id, a name or an alias (NotFound with the closest ids when none)."""
    entity_id = resolve_entity(graph, entity, field="entity")
    return cached(
        graph, "timeline", filters, {"entity": entity_id}, lambda p: timeline_of(p, entity_id)
    )

"""Analytics against hand-computed values on small graphs written through the one writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.alignment import Alignment
from graph.analytics import cache, measures
from graph.analytics.competition import action_responses, competition, sides_of
from graph.analytics.measures import Filters
from graph.errors import NotFound
from graph.model import Article, Entity, Evidence, GraphBatch, Relation, entity_id
from graph.ontology import EntityType, RelationType
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from loaders.ingest import Ingestor, IngestReport, read_documents

R = RelationType
Edge = tuple[str, RelationType, str, date, float]
D = date(2024, 1, 15)


def ent(name: str, country: str | None = None) -> Entity:
    types = {"China": EntityType.COUNTRY, "United States": EntityType.COUNTRY,
             "BIS": EntityType.GOVERNMENT_BODY, "MOFCOM": EntityType.GOVERNMENT_BODY}
    etype = types.get(name, EntityType.COMPANY)
    return Entity(id=entity_id(etype, name), name=name, type=etype, country=country)


def write_edges(graph: Graph, edges: list[Edge], countries: dict[str, str] | None = None) -> None:
    """One article per edge, dated like it; entities are Companies unless named above."""
    countries = countries or {}
    batches = []
    for i, (s, rel, o, day, conf) in enumerate(edges):
        article = Article(id=f"a{i}", content_hash=str(i), published=day, source=f"s{i}.org")
        subj, obj = ent(s, countries.get(s)), ent(o, countries.get(o))
        sentence = f"{s} {rel.value.lower()} {o}."
        batches.append(GraphBatch(article=article, entities=[subj, obj], relations=[Relation(
            subject=subj.id, type=rel, object=obj.id, confidence=conf, date=day,
            evidence=Evidence(article_id=article.id, sentence=sentence, date=day,
                              source=article.source))]))
    GraphWriter(graph).write(batches)


def cid(name: str) -> str:
    return ent(name).id


# A triangle A-B-C with a tail C-D-E (RESTRICTS), a directed 3-cycle X→Y→Z→X (SUPPORTS,
# one edge a month), and two triangles joined by one edge (COMPETES_WITH).
SHAPES: list[Edge] = [
    ("A", R.RESTRICTS, "B", D, 0.9), ("B", R.RESTRICTS, "C", D, 0.9),
    ("C", R.RESTRICTS, "A", D, 0.9), ("C", R.RESTRICTS, "D", D, 0.9),
    ("D", R.RESTRICTS, "E", D, 0.9), ("E", R.RESTRICTS, "A", D, 0.1),  # dropped at 0.5
    ("X", R.SUPPORTS, "Y", date(2024, 1, 5), 0.8), ("Y", R.SUPPORTS, "Z", date(2024, 2, 5), 0.8),
    ("Z", R.SUPPORTS, "X", date(2024, 3, 5), 0.8),
    ("P1", R.COMPETES_WITH, "P2", D, 0.7), ("P2", R.COMPETES_WITH, "P3", D, 0.7),
    ("P3", R.COMPETES_WITH, "P1", D, 0.7), ("Q1", R.COMPETES_WITH, "Q2", D, 0.7),
    ("Q2", R.COMPETES_WITH, "Q3", D, 0.7), ("Q3", R.COMPETES_WITH, "Q1", D, 0.7),
    ("P1", R.COMPETES_WITH, "Q1", D, 0.7),
]
TAIL = Filters(relation_types=[R.RESTRICTS], min_confidence=0.5)


@pytest.fixture
def shapes(graph: Graph) -> Graph:
    cache.CACHE.clear()
    write_edges(graph, SHAPES)
    return graph


def test_pagerank_of_a_cycle_is_uniform(shapes: Graph) -> None:
    result = measures.pagerank(shapes, Filters(relation_types=[R.SUPPORTS]))
    assert (result.size.nodes, result.size.edges) == (3, 3)
    assert result.filters.relation_types == [R.SUPPORTS]
    assert [round(i.value, 6) for i in result.items] == [round(1 / 3, 6)] * 3


def test_betweenness_bridges_and_articulation_points(shapes: Graph) -> None:
    result = measures.betweenness(shapes, TAIL)
    assert (result.size.nodes, result.size.edges) == (5, 5)  # E→A is below the confidence
    values = {i.id: round(i.value, 4) for i in result.items}
    # n = 5, normalized by (n-1)(n-2)/2 = 6: C lies on A-D, A-E, B-D, B-E; D on A-E, B-E, C-E.
    assert values == {cid("C"): round(4 / 6, 4), cid("D"): 0.5, cid("A"): 0.0, cid("B"): 0.0,
                      cid("E"): 0.0}
    chokes = measures.chokepoints(shapes, TAIL)
    assert chokes.articulation_points == sorted([cid("C"), cid("D")])
    assert chokes.bridges == sorted([tuple(sorted((cid("C"), cid("D")))),
                                     tuple(sorted((cid("D"), cid("E"))))])


def test_kcore_and_degree_by_type(shapes: Graph) -> None:
    core = measures.kcore(shapes, TAIL)
    assert core.k == 2 and core.members == sorted(cid(n) for n in "ABC")
    assert core.core_numbers[cid("E")] == 1
    degree = measures.degree_by_type(shapes, Filters(min_confidence=0.5))
    by_id = {i.id: i for i in degree.items}
    assert by_id[cid("C")].out_degree == {"RESTRICTS": 2}
    assert by_id[cid("C")].in_degree == {"RESTRICTS": 1} and by_id[cid("C")].total == 3
    assert by_id[cid("P1")].total == 3 and by_id[cid("P1")].out_degree == {"COMPETES_WITH": 2}
    assert degree.items[0].total == 3  # nothing has more than three relations


def test_louvain_splits_the_two_triangles(shapes: Graph) -> None:
    result = measures.communities(shapes, Filters(relation_types=[R.COMPETES_WITH]))
    assert result.communities == [sorted(cid(n) for n in ("P1", "P2", "P3")),
                                  sorted(cid(n) for n in ("Q1", "Q2", "Q3"))]
    # m = 7; each side: 3 inner edges, degree sum 7: 2 * (3/7 - (7/14)^2)
    assert result.modularity == pytest.approx(2 * (3 / 7 - 0.25))


def test_date_and_entity_type_filters(shapes: Graph) -> None:
    feb = measures.pagerank(shapes, Filters(since=date(2024, 2, 1), until=date(2024, 2, 29)))
    assert (feb.size.nodes, feb.size.edges) == (2, 1)
    none = measures.pagerank(shapes, Filters(entity_types=[EntityType.PERSON]))
    assert none.size.edges == 0 and none.items == []


def test_monthly_timeline(shapes: Graph) -> None:
    result = measures.timeline(shapes, cid("X"), Filters(relation_types=[R.SUPPORTS]))
    assert [m.month for m in result.months] == ["2024-01", "2024-02", "2024-03"]
    assert [m.degree for m in result.months] == [1, 1, 2]
    # January: X→Y only; Y dangles. p_X = 0.15/2 + 0.85 * p_Y / 2 with p_X + p_Y = 1.
    assert result.months[0].pagerank == pytest.approx(0.5 / 1.425, abs=1e-5)
    assert result.months[2].pagerank == pytest.approx(1 / 3, abs=1e-5)
    with pytest.raises(NotFound):
        measures.timeline(shapes, "company:nobody")


def test_cache_hits_until_the_next_write(shapes: Graph) -> None:
    first = measures.pagerank(shapes, TAIL)
    hits = cache.CACHE.hits
    assert measures.pagerank(shapes, TAIL) == first and cache.CACHE.hits == hits + 1
    write_edges(shapes, [("E", R.RESTRICTS, "B", D, 0.9)])
    again = measures.pagerank(shapes, TAIL)
    assert cache.CACHE.hits == hits + 1 and again.size.edges == first.size.edges + 1


COUNTRIES = {"Huawei": "China", "Micron": "United States", "Nvidia": "United States"}
WORLD: list[Edge] = [
    ("BIS", R.PART_OF, "United States", date(2024, 1, 1), 0.9),
    ("MOFCOM", R.PART_OF, "China", date(2024, 1, 1), 0.9),
    ("BIS", R.RESTRICTS, "Huawei", date(2024, 1, 10), 0.9),
    ("Nvidia", R.OPPOSES, "Huawei", date(2024, 1, 15), 0.6),   # same side: no response
    ("China", R.OPPOSES, "BIS", date(2024, 1, 20), 0.7),       # against the actor
    ("MOFCOM", R.RESTRICTS, "Micron", date(2024, 2, 1), 0.8),  # against the actor's country
    ("China", R.OPPOSES, "United States", date(2024, 6, 1), 0.7),  # outside 90 days
]


def test_sides_follow_countries_and_links(graph: Graph) -> None:
    write_edges(graph, WORLD, COUNTRIES)
    sides = sides_of(graph)
    assert sides[cid("BIS")] is Alignment.US_ALLIES  # no country; PART_OF United States
    assert sides[cid("MOFCOM")] is Alignment.CHINA
    assert sides[cid("Huawei")] is Alignment.CHINA and sides[cid("Micron")] is Alignment.US_ALLIES


def test_action_response_chains(graph: Graph) -> None:
    cache.CACHE.clear()
    write_edges(graph, WORLD, COUNTRIES)
    result = action_responses(graph, window_days=90)
    assert result.actions == 2 and len(result.chains) == 1
    chain = result.chains[0]
    assert (chain.action.subject, chain.action.object) == (cid("BIS"), cid("Huawei"))
    assert [(r.subject, r.type, r.object) for r in chain.responses] == [
        (cid("China"), R.OPPOSES, cid("BIS")), (cid("MOFCOM"), R.RESTRICTS, cid("Micron"))]
    assert chain.responses[1].evidence[0].sentence == "MOFCOM restricts Micron."
    assert chain.action.evidence[0].article_id == "a2"
    assert len(action_responses(graph, window_days=200).chains[0].responses) == 3


def test_competition_counts_between_sides(graph: Graph) -> None:
    cache.CACHE.clear()
    write_edges(graph, WORLD, COUNTRIES)
    view = competition(graph)
    counts = {(c.month, c.relation_type, c.from_side, c.to_side): c.count for c in view.monthly}
    us, cn = Alignment.US_ALLIES, Alignment.CHINA
    assert counts[("2024-01", R.RESTRICTS, us, cn)] == 1
    assert counts[("2024-01", R.OPPOSES, us, cn)] == 1
    assert counts[("2024-01", R.OPPOSES, cn, us)] == 1
    assert counts[("2024-02", R.RESTRICTS, cn, us)] == 1
    assert sum(counts.values()) == len(WORLD)
    assert view.targets[us][0].id == cid("Huawei") and view.targets[us][0].value == 2
    assert view.sides == {us: 4, cn: 3, Alignment.OTHER: 0}
    weeks = {w.week: (w.new_entities, w.new_relations) for w in view.weekly}
    assert weeks[date(2024, 1, 1)] == (4, 2)  # BIS, MOFCOM, the two countries; two PART_OF
    assert sum(r for _, r in weeks.values()) == len(WORLD)


def test_competition_view_on_the_seed_corpus(graph: Graph, sample_corpus: Path) -> None:
    from loaders.pipeline import ExtractionPipeline

    cache.CACHE.clear()
    report = IngestReport()
    Ingestor(ExtractionPipeline(), graph).run(read_documents([sample_corpus], report), report)
    view = competition(graph)
    sides = sides_of(graph)
    assert sides["country:china"] is Alignment.CHINA
    assert sides["country:united-states"] is Alignment.US_ALLIES
    assert sides["company:huawei"] is Alignment.CHINA
    assert view.size.edges == graph.read(
        "MATCH (:Entity)-[r]->(:Entity) WHERE NOT r.negated RETURN count(r) AS n")[0]["n"]
    between = sum(c.count for c in view.monthly if {c.from_side, c.to_side} == {
        Alignment.US_ALLIES, Alignment.CHINA})
    assert between > 0
    assert view.targets[Alignment.US_ALLIES] and view.targets[Alignment.CHINA]
    dated = graph.read("MATCH (:Entity)-[r]->(:Entity) WHERE NOT r.negated "
                       "AND r.first_seen IS NOT NULL RETURN count(r) AS n")[0]["n"]
    assert dated > 0 and sum(w.new_relations for w in view.weekly) == dated

"""A small, hand-made competition graph whose answers the saved-query tests know exactly.

It is written on top of the ingested seed corpus (which shares China, Russia, Huawei, Nvidia and
the United States with it), so the queries run against real extractions and known facts at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.model import Article, Entity, Evidence, GraphBatch, Relation, entity_id
from graph.ontology import EntityType, Modality, RelationType
from graph.store.db import Graph
from graph.store.writer import GraphWriter
from loaders.ingest import Ingestor, IngestReport, read_documents
from loaders.pipeline import ExtractionPipeline

E = EntityType
R = RelationType

ENTITIES = [
    (E.GOVERNMENT_BODY, "Bureau of Industry and Security", "United States"),
    (E.POLICY, "Entity List", None),
    (E.POLICY, "Foreign Direct Product Rule", None),
    (E.COMPANY, "Huawei", "China"),
    (E.COMPANY, "Nvidia", "United States"),
    (E.PRODUCT, "Ascend 910C", "China"),
    (E.PRODUCT, "H20", "United States"),
    (E.COUNTRY, "China", None),
    (E.COUNTRY, "United States", None),
    (E.COUNTRY, "Russia", None),
    (E.PERSON, "Jensen Huang", "United States"),
    (E.POLICY, "H20 sales to China", None),
    (E.PERSON, "Li Qiang", "China"),
    (E.POLICY, "Global AI Governance Action Plan", None),
]


def ref(etype: EntityType, name: str) -> str:
    return entity_id(etype, name)


BIS = ref(E.GOVERNMENT_BODY, "Bureau of Industry and Security")
ENTITY_LIST = ref(E.POLICY, "Entity List")
FDPR = ref(E.POLICY, "Foreign Direct Product Rule")
HUAWEI = ref(E.COMPANY, "Huawei")
NVIDIA = ref(E.COMPANY, "Nvidia")
ASCEND = ref(E.PRODUCT, "Ascend 910C")
H20 = ref(E.PRODUCT, "H20")
CHINA = ref(E.COUNTRY, "China")
US = ref(E.COUNTRY, "United States")
RUSSIA = ref(E.COUNTRY, "Russia")
JENSEN = ref(E.PERSON, "Jensen Huang")
H20_SALES = ref(E.POLICY, "H20 sales to China")
LI_QIANG = ref(E.PERSON, "Li Qiang")
ACTION_PLAN = ref(E.POLICY, "Global AI Governance Action Plan")

# (subject, type, object, date, negated, modality, article)
FACTS = [
    (BIS, R.ENACTS, ENTITY_LIST, date(2019, 5, 16), False, Modality.ASSERTED, "qa-1"),
    (BIS, R.RESTRICTS, HUAWEI, date(2019, 5, 16), False, Modality.ASSERTED, "qa-1"),
    (BIS, R.RESTRICTS, HUAWEI, date(2019, 5, 16), False, Modality.ASSERTED, "qa-2"),
    (ENTITY_LIST, R.RESTRICTS, HUAWEI, date(2019, 5, 16), False, Modality.ASSERTED, "qa-1"),
    (BIS, R.ENACTS, FDPR, date(2020, 8, 17), False, Modality.ASSERTED, "qa-2"),
    (FDPR, R.RESTRICTS, ASCEND, date(2020, 8, 17), False, Modality.ASSERTED, "qa-2"),
    (HUAWEI, R.DEVELOPS, ASCEND, date(2020, 8, 17), False, Modality.ASSERTED, "qa-2"),
    (HUAWEI, R.PARTNERS_WITH, RUSSIA, date(2021, 3, 1), False, Modality.ASSERTED, "qa-2"),
    (NVIDIA, R.EXPORTS_TO, CHINA, date(2024, 11, 5), False, Modality.ASSERTED, "qa-3"),
    (NVIDIA, R.DEVELOPS, H20, date(2024, 11, 5), False, Modality.ASSERTED, "qa-3"),
    (US, R.RESTRICTS, H20, date(2025, 4, 15), False, Modality.ASSERTED, "qa-3"),
    (JENSEN, R.AFFILIATED_WITH, NVIDIA, date(2025, 4, 15), False, Modality.ASSERTED, "qa-3"),
    (JENSEN, R.PROPOSES, H20_SALES, date(2025, 7, 1), False, Modality.PLANNED, "qa-3"),
    (NVIDIA, R.EXPORTS_TO, RUSSIA, date(2022, 3, 2), True, Modality.ASSERTED, "qa-3"),
    (LI_QIANG, R.AFFILIATED_WITH, CHINA, date(2025, 7, 26), False, Modality.ASSERTED, "qa-4"),
    (CHINA, R.PROPOSES, ACTION_PLAN, date(2025, 7, 26), False, Modality.ASSERTED, "qa-4"),
]
ARTICLES = {"qa-1": ("BIS adds Huawei to the Entity List", date(2019, 5, 16), "commerce.gov"),
            "qa-2": ("Foreign direct product rule extended to Huawei chips", date(2020, 8, 17),
                     "reuters.com"),
            "qa-3": ("Nvidia, the H20 and China", date(2025, 7, 1), "ft.com"),
            "qa-4": ("China unveils a global AI governance action plan", date(2025, 7, 26),
                     "xinhuanet.com")}


def competition_batches() -> list[GraphBatch]:
    entities = [Entity(id=ref(t, n), name=n, type=t, country=c) for t, n, c in ENTITIES]
    batches = []
    for article_id, (title, published, source) in ARTICLES.items():
        relations = [
            Relation(subject=s, type=t, object=o, confidence=0.9, negated=neg, modality=mod,
                     date=day, evidence=Evidence(article_id=article_id,
                                                 sentence=f"{s} {t.value} {o} ({article_id}).",
                                                 start=0, end=10, date=day, source=source))
            for s, t, o, day, neg, mod, art in FACTS if art == article_id]
        used = {r.subject for r in relations} | {r.object for r in relations}
        batches.append(GraphBatch(
            article=Article(id=article_id, title=title, url=f"https://{source}/{article_id}",
                            source=source, published=published, content_hash=article_id),
            entities=[e for e in entities if e.id in used], relations=relations))
    return batches


def seed_competition_graph(graph: Graph, sample_corpus: Path) -> Graph:
    """Wipe, ingest the seed corpus with the real pipeline, then add the hand-made facts."""
    graph.write("MATCH (n) DETACH DELETE n")
    report = IngestReport()
    Ingestor(ExtractionPipeline(), graph).run(read_documents([sample_corpus], report), report)
    assert not report.failed
    GraphWriter(graph).write(competition_batches())
    return graph

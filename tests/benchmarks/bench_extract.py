"""Extraction speed and memory (not a test): python tests/benchmarks/bench_extract.py [N]

Prints documents per second with one and two processes on generated ~2,000-character news-like
documents, the share of time spent outside spaCy, and peak RSS.
"""

from __future__ import annotations

import random
import resource
import sys
import time

from graph.model import Document
from loaders.pipeline import ExtractionPipeline

SENTENCES = [
    "The U.S. Commerce Department added {co} to the Entity List on {day}, citing security.",
    "{co} said it would keep supplying chips to customers in China despite the new rules.",
    "Commerce Secretary Gina Raimondo said Washington will tighten export controls on AI chips.",
    "China's Ministry of Commerce criticized the move and vowed to protect Chinese companies.",
    "Analysts at the Center for Strategic and International Studies said {co} depends on TSMC.",
    "Nvidia developed a new processor for the Chinese market after the October rules.",
    "Premier Li Qiang called for cooperation on artificial intelligence at the Shanghai forum.",
    "The Netherlands restricted exports of ASML lithography machines to China.",
]
COMPANIES = ["Huawei", "SMIC", "Biren Technology", "Moore Threads", "YMTC", "Inspur"]


def make_docs(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 2000:
            template = rng.choice(SENTENCES)
            parts.append(template.format(co=rng.choice(COMPANIES), day=f"May {rng.randint(1, 28)}"))
        docs.append(Document(id=f"bench-{i}", title="US tightens chip rules", text=" ".join(parts)))
    return docs


def timed_run(pipeline: ExtractionPipeline, docs: list[Document], n_process: int) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in pipeline.run(docs, n_process=n_process, batch_size=16))
    assert count == len(docs)
    return time.perf_counter() - start


def spacy_only(pipeline: ExtractionPipeline, docs: list[Document]) -> float:
    start = time.perf_counter()
    for _ in pipeline.nlp.pipe((d.content for d in docs), batch_size=16):
        pass
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    docs = make_docs(n)
    pipeline = ExtractionPipeline()
    pipeline.extract_one(docs[0])  # load spaCy and the data files once, outside the timing
    one = timed_run(pipeline, docs, 1)
    base = spacy_only(pipeline, docs)
    two = timed_run(pipeline, docs, 2)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {n} of ~{sum(len(d.content) for d in docs) // n} chars")
    print(f"1 process : {n / one:6.1f} docs/s")
    print(f"2 processes: {n / two:6.1f} docs/s")
    print(f"outside spaCy: {max(0.0, one - base) / one:.1%} of single-process time")
    print(f"peak RSS (main process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

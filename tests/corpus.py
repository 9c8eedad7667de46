"""Generated, clearly synthetic news documents for resume tests and the ingest benchmark.

Sentences combine names the catalog knows with the trigger verbs the extractor reads; the facts
are made up by construction and only exercise the pipeline (source `synthetic.example`)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

COMPANIES = ["Nvidia", "Huawei", "TSMC", "ASML", "Alibaba", "SMIC", "Intel", "AMD", "Micron",
             "Tencent", "Baidu", "Samsung"]
COUNTRIES = ["China", "United States", "Netherlands", "Japan", "Germany", "Taiwan", "Russia"]
PRODUCTS = ["H20", "H200", "Blackwell", "Ascend 910C"]
OUTLETS = ["synthetic.example", "wire.synthetic.example", "daily.synthetic.example"]
TEMPLATES = [
    "{c1} said it would resume sales of its {p} chips to {k1}.",
    "The Commerce Department added {c2} to the Entity List.",
    "{k1} and {k2} agreed to cooperate on artificial intelligence.",
    "{c1} will invest in new semiconductor plants in {k2}.",
    "{k2} imposed export controls on advanced chips bound for {k1}.",
    "{c2} develops AI chips to compete with {c1}.",
    "{c1} is headquartered in {k2}.",
]


def synthetic_documents(count: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    docs = []
    for number in range(count):
        c1, c2 = rng.sample(COMPANIES, 2)
        k1, k2 = rng.sample(COUNTRIES, 2)
        p = rng.choice(PRODUCTS)
        sentences = [t.format(c1=c1, c2=c2, k1=k1, k2=k2, p=p)
                     for t in rng.sample(TEMPLATES, rng.randint(2, 4))]
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        docs.append({"id": f"synthetic-{number:05d}",
                     "title": f"Synthetic report {number}: {c1} and {k1}",
                     "text": " ".join(sentences), "published": day.isoformat(),
                     "url": None, "source": rng.choice(OUTLETS)})
    return docs


def write_corpus(root: Path, count: int, per_file: int = 250, seed: int = 7) -> Path:
    """JSON Lines shards of `per_file` documents under `root/shards/`."""
    shards = root / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    docs = synthetic_documents(count, seed)
    for start in range(0, count, per_file):
        lines = [json.dumps(d) for d in docs[start:start + per_file]]
        (shards / f"part-{start // per_file:04d}.jsonl").write_text("\n".join(lines) + "\n")
    return root

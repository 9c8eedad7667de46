"""Write graph/ontology.ttl from graph/ontology.py: `python -m graph.rdf.regenerate [PATH]`.

Run it after changing a type (tests/graph/rdf/test_rdf.py holds the checked-in file to
`graph.rdf.vocab.ontology_graph`). A module of its own that nothing imports, so running it never
finds itself imported already (runpy's RuntimeWarning for a module the package loads).
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.rdf.vocab import ONTOLOGY_FILE, write_ontology


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else ONTOLOGY_FILE
    write_ontology(path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])

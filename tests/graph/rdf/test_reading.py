"""Reading RDF files that are not what they claim: a clear InvalidInput, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.rdf.formats import RdfFormat
from graph.rdf.reading import Problems, read_triples


@pytest.mark.parametrize(("suffix", "fmt"), [(".jsonld", RdfFormat.JSONLD), (".ttl", RdfFormat.TTL)])
def test_deeply_nested_file_is_invalid_input(tmp_path: Path, suffix: str, fmt: RdfFormat) -> None:
    path = tmp_path / f"deep{suffix}"
    depth = 50_000
    if fmt is RdfFormat.JSONLD:
        path.write_text("[" * depth + "]" * depth)
    else:
        path.write_text("<urn:a> <urn:b> " + "(" * depth + ")" * depth + " .")
    with pytest.raises(InvalidInput, match="not valid RDF") as caught:
        list(read_triples(path, fmt, Problems()))
    assert caught.value.detail == {"field": "file"}

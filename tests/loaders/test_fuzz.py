"""No input makes a parser crash or hang: every item is a Document, a Listed or a Problem."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Document
from loaders.sources import Format, Listed, Problem, detect_format, parse
from loaders.sources.base import parse_date
from loaders.sources.screening import CatalogResolver, default_resolver

FAST = settings(max_examples=100, deadline=2000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
RESOLVER: CatalogResolver = default_resolver()

markup = st.lists(st.sampled_from([
    "<html>", "<body>", "<p>", "</p>", "<rss>", "<item>", "<title>", "</title>", "<feed>",
    "<entry>", "<link>", "<pubDate>", "Nvidia", "China", "\n", ",", '"', "{", "}", "[", "]",
    ":", "id", "title", "text", "name", "source", "alt_names", "start_date", "results", "\xff",
    "\x00", "é", "2025-13-45", "&amp;", "<!--", "<![CDATA[",
]), max_size=40).map("".join)
inputs = st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode),
                   markup.map(lambda s: s.encode("utf-8", "surrogatepass")))


def check(items: list[object]) -> None:
    for item in items:
        assert isinstance(item, Document | Listed | Problem)
        if isinstance(item, Document):
            assert item.id and (item.title or item.text)
            item.content.encode("utf-8")


@FAST
@given(data=inputs, fmt=st.sampled_from(list(Format)))
def test_every_parser_survives_any_bytes(data: bytes, fmt: Format) -> None:
    check(list(parse(data, "fuzz", fmt, resolver=RESOLVER)))


@FAST
@given(data=inputs)
def test_detection_then_parsing_survives_any_bytes(data: bytes) -> None:
    assert detect_format("fuzz", data) in set(Format)
    check(list(parse(data, "fuzz", resolver=RESOLVER)))


@FAST
@given(cells=st.lists(st.text(max_size=30), min_size=6, max_size=6))
def test_screening_rows_with_any_cells(cells: list[str]) -> None:
    header = "_id,source,name,federal_register_notice,start_date,alt_names\n"
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    check(list(parse((header + row).encode("utf-8", "surrogatepass"), "f.csv",
                     Format.SCREENING_CSV, resolver=RESOLVER)))


@FAST
@given(text=st.text(max_size=40))
def test_dates_parse_or_raise_value_error(text: str) -> None:
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)

"""The US Consolidated Screening List (International Trade Administration, data.trade.gov):
CSV (`consolidated.csv`) and JSON (`consolidated.json`, `{"results": [...]}`) exports.

Each row states a fact outright, so it becomes a Listed record with its extraction: the listed
party (alternative names as aliases, country from its address), the listing agency, and
agency RESTRICTS party dated by `start_date`, with the Federal Register notice as evidence.
Names go through the extractor's catalog (`CatalogResolver`), so "Huawei Technologies Co., Ltd."
on the Entity List and "Huawei" in the news are one node.

Columns of the CSV (snake_case, as in the JSON): _id, source, entity_number, type, programs, name,
title, addresses, federal_register_notice, start_date, end_date, standard_order,
license_requirement, license_policy, call_sign, vessel_type, gross_tonnage,
gross_registered_tonnage, vessel_flag, vessel_owner, remarks, source_list_url, alt_names,
citizenships, dates_of_birth, nationalities, places_of_birth, source_information_url, ids.
Lists inside a CSV cell are separated by ';'.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from babel import Locale
from pydantic import ValidationError

from graph.model import Document, ExtractedEntity, ExtractedRelation, Extraction
from graph.ontology import EntityType, RelationType
from loaders.catalog import Catalog, CatalogEntry, load_catalog
from loaders.sources.base import (
    Item,
    Listed,
    Problem,
    clean_text,
    csv_rows,
    date_or_warning,
    parse_date,
)
from loaders.untrusted import JSONInputError, load_json

# The consolidated screening list is one large file; other text files stop at MAX_FILE_BYTES.
MAX_LIST_BYTES = 500_000_000
CSL_COLUMNS = ("source", "name", "federal_register_notice", "start_date", "alt_names")
PUBLISHER = "trade.gov"
_ORGANIZATION_WORDS = re.compile(
    r"\b(university|institute|academy|college|laborator(y|ies)|school|research center)\b", re.I
)
_AGENCY = re.compile(r"\s[-–]\s(.+)$")


class CatalogResolver:
    """Maps a name (or any of its alternatives) to the catalog entry the extractor would use."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._territories = Locale("en").territories

    def entry(self, names: list[str]) -> CatalogEntry | None:
        for name in names:
            found = self.catalog.lookup(name)
            if found is not None:
                return found
        return None

    def country(self, code: str | None) -> str | None:
        """ISO 3166 alpha-2 code → the catalog's country name (else the English name)."""
        if not code:
            return None
        code = code.strip().upper()
        english = self._territories.get(code) if re.fullmatch(r"[A-Z]{2}", code) else None
        if english is None:
            return None
        found = self.catalog.lookup(english)
        return found.name if found is not None and found.type is EntityType.COUNTRY else english


@lru_cache(maxsize=1)
def default_resolver() -> CatalogResolver:
    return CatalogResolver(load_catalog())


def is_screening_header(header: list[str]) -> bool:
    lowered = {h.strip().lower().lstrip("\ufeff") for h in header}
    return all(column in lowered for column in CSL_COLUMNS)


def _scalar(value: object) -> str | None:
    """A cell's text; lists and objects are no text (and str() of one nested deep enough
    would overflow the stack)."""
    return str(value) if isinstance(value, str | int | float) else None


def _split(value: object) -> list[str]:
    if isinstance(value, list):
        return [text.strip() for v in value if (text := _scalar(v)) and text.strip()]
    text = _scalar(value)
    return [part.strip() for part in text.split(";") if part.strip()] if text else []


def _country_code(row: Mapping[str, Any]) -> str | None:
    addresses = row.get("addresses")
    if isinstance(addresses, list):
        for address in addresses:
            country = _scalar(address.get("country")) if isinstance(address, dict) else None
            if country:
                return country
    elif isinstance(addresses, str) and addresses.strip():
        last = addresses.split(";")[0].rsplit(",", 1)[-1].strip()
        if re.fullmatch(r"[A-Za-z]{2}", last):
            return last
    for key in ("nationalities", "citizenships"):
        codes = _split(row.get(key))
        if codes:
            return codes[0]
    return None


def _listed_type(kind: str, name: str) -> EntityType:
    kind = kind.strip().lower()
    if kind == "individual":
        return EntityType.PERSON
    if kind in ("vessel", "aircraft"):
        return EntityType.PRODUCT
    return EntityType.ORGANIZATION if _ORGANIZATION_WORDS.search(name) else EntityType.COMPANY


def _agency(source: str) -> tuple[str, str]:
    """'Entity List (EL) - Bureau of Industry and Security' → (list, agency)."""
    match = _AGENCY.search(source)
    if match:
        return source[: match.start()].strip(), match.group(1).strip()
    return source, source


def row_to_listed(
    row: Mapping[str, Any], path: str, where: str, resolver: CatalogResolver
) -> Iterator[Item]:
    def text(key: str) -> str:
        value = _scalar(row.get(key))
        return clean_text(value) if value is not None else ""

    name, source = text("name"), text("source")
    if not name:
        yield Problem(path, where, "row has no 'name'")
        return
    if not source:
        yield Problem(path, where, "row has no 'source' (the list and its agency)")
        return
    listing, agency_name = _agency(source)
    alt_names = [clean_text(a) for a in _split(row.get("alt_names"))]
    notice = text("federal_register_notice")
    listed = yield from date_or_warning(parse_date, text("start_date"), path, where, "start_date: ")

    entry = resolver.entry([name, *alt_names])
    country = resolver.country(_country_code(row))
    party = ExtractedEntity(
        name=entry.name if entry else name,
        type=entry.type if entry else _listed_type(text("type"), name),
        aliases=sorted({n for n in [name, *alt_names] if n != (entry.name if entry else name)}),
        country=(entry.country if entry and entry.country else country),
        wikidata=entry.wikidata if entry else None,
    )
    agency_entry = resolver.entry([agency_name])
    agency = ExtractedEntity(
        name=agency_entry.name if agency_entry else agency_name,
        type=agency_entry.type if agency_entry else EntityType.GOVERNMENT_BODY,
        country=agency_entry.country if agency_entry else "United States",
        wikidata=agency_entry.wikidata if agency_entry else None,
    )
    title = f"{name}: {listing}"
    sentence = (
        f"{agency_name} lists {name} on the {listing}"
        + (f" ({notice})" if notice else "")
        + (f", effective {listed.isoformat()}" if listed else "")
        + "."
    )
    row_key = text("_id") or text("id") or text("entity_number")
    digest = hashlib.sha256(f"{source}\x00{name}\x00{row_key}".encode("utf-8", "replace"))
    doc_id = "csl-" + digest.hexdigest()[:24]
    url = text("source_information_url") or text("source_list_url") or None
    try:
        document = Document(
            id=doc_id, title=title, text=sentence, published=listed, url=url, source=PUBLISHER
        )
        relation = ExtractedRelation(
            subject=agency.name,
            relation=RelationType.RESTRICTS,
            object=party.name,
            confidence=1.0,
            evidence=sentence,
            start=len(title) + 1,
            end=len(title) + 1 + len(sentence),
            date=listed,
        )
        extraction = Extraction(
            id=doc_id,
            relevance=1.0 if party.country == "China" else 0.5,
            entities=[agency, party],
            relations=[relation],
        )
    except ValidationError as exc:
        yield Problem(path, where, f"bad row: {exc.errors()[0]['msg']}")
        return
    yield Listed(document, extraction)


def parse_screening_csv(
    decoded: str, path: str, resolver: CatalogResolver | None = None
) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(decoded, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield Problem(path, "line 1", f"malformed CSV header: {exc}")
        return
    if not is_screening_header(list(header)):
        missing = [c for c in CSL_COLUMNS if c not in {h.strip().lower() for h in header}]
        yield Problem(path, "line 1", f"not a screening-list CSV: missing {', '.join(missing)}")
        return
    resolver = resolver or default_resolver()
    for item in csv_rows(reader, path):
        if isinstance(item, Problem):
            yield item
            return
        line, row = item
        if None in row or any(v is None for v in row.values()):
            yield Problem(
                path, f"line {line}", "row has a different number of fields than the header"
            )
            continue
        yield from row_to_listed(
            {k.strip().lower(): v for k, v in row.items()}, path, f"line {line}", resolver
        )


def parse_screening_json(
    decoded: str, path: str, resolver: CatalogResolver | None = None
) -> Iterator[Item]:
    try:
        parsed = load_json(decoded)
    except JSONInputError as exc:
        yield Problem(path, "", f"not JSON: {exc}")
        return
    rows = parsed.get("results") if isinstance(parsed, dict) else parsed
    if not isinstance(rows, list):
        yield Problem(path, "", "screening-list JSON needs a 'results' list")
        return
    resolver = resolver or default_resolver()
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            yield Problem(path, f"entry {number}", "entry is not a JSON object")
            continue
        yield from row_to_listed(_snake(row), path, f"entry {number}", resolver)


def _snake(row: dict[str, Any]) -> dict[str, Any]:
    """Accept camelCase keys (altNames, startDate) as well as the export's snake_case."""
    out = {}
    for key, value in row.items():
        out[re.sub(r"(?<=[a-z])([A-Z])", r"_\1", str(key)).lower()] = value
    return out


def looks_like_screening_json(head: str) -> bool:
    return '"results"' in head and (
        '"alt_names"' in head or '"federal_register_notice"' in head or '"source"' in head
    )

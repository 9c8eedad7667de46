"""Finding entity mentions in a parsed document and resolving each to one registry entity.

Sources, in order: the catalog rulers and the NER (doc.ents), acronyms the document defines,
demonyms and seats of government, hyphenated pairs ("U.S.-China"), and short forms of names
seen earlier ("Raimondo" after "Gina Raimondo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.ontology import EntityType
from loaders.entities import Entity, Registry, guess_type
from loaders.lexicon import Lexicon, default_words
from loaders.normalize import strip_possessive

NER_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "NORP", "FAC"})
_WORDS = default_words().mentions  # loaders/lexicon/mentions.yaml: what each list is for
_JUNK = _WORDS.junk
_HEADLINE_COMMON = _WORDS.headline
_NAME_HEADS = _WORDS.of_heads
_GENERIC_HEADS = _WORDS.generic_heads
_SERIES_WORDS = _WORDS.series
_FUNCTION = _WORDS.function_words
_LEADING = _WORDS.leading
_SEAT_PLACE_PREPS = frozenset({"in", "at", "from", "to", "near", "outside", "around"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.]{1,9}$")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str  # registry key at creation time; resolve with Registry.canonical
    via: str


@dataclass(slots=True)
class Mentions:
    items: list[Mention] = field(default_factory=list)
    by_token: dict[int, list[str]] = field(default_factory=dict)

    def add(self, registry: Registry, start: int, end: int, entity: Entity, via: str) -> None:
        entity.first_token = min(entity.first_token, start)
        self.items.append(Mention(start, end, entity.name, via))
        for i in range(start, end):
            self.by_token.setdefault(i, []).append(entity.name)

    def covered(self, i: int) -> bool:
        return i in self.by_token


def _trim(span: Span) -> Span:
    """Drop leading determiners and trailing possessives and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    for tok in span:  # "Office of X (OFCO": the bracket starts an acronym, not the name
        if tok.text == "(" and tok.i > start:
            end = tok.i
            break
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in _FUNCTION
    ):
        end -= 1
    return doc[start:end]


def _looks_like_name(span: Span, in_headline: bool) -> bool:
    """Every content word capitalized (or a digit-bearing code such as H200); in a Title Case
    headline, also no common headline word and at most three words."""
    words = [t for t in span if t.lower_ not in _FUNCTION and not t.is_punct]
    if not words:
        return False
    for tok in words:
        if not (tok.text[:1].isupper() or tok.text[:1].isdigit()):
            return False
    if words[-1].lower_ in _GENERIC_HEADS and (len(words) > 1 or words[-1].text.istitle()):
        return False
    if not in_headline:
        return True
    if len(words) > 3 or any(t.lower_ in _HEADLINE_COMMON for t in words):
        return False
    # A gerund or a plural common noun in a Title Case headline is a phrase, not a name:
    # "Aiding Russian Aggression", "Quantum Programs".
    if any(_is_common_word(t) for t in words):
        return False
    if len(words) == 1:
        text = words[0].text
        return (
            text.isupper() or any(c.isdigit() for c in text) or (any(c.isupper() for c in text[1:]))
        )
    return True


def _is_common_word(tok: Token) -> bool:
    text = tok.text
    if not text.isalpha() or not text[:1].isupper() or text.isupper():
        return False
    low = text.lower()
    if low.endswith("ing") and len(low) > 5:
        return True
    lemma = tok.lemma_.lower()
    return tok.tag_ in {"NNS", "NNPS"} and low.endswith("s") and lemma != low and len(low) > 4


def _split_possessive(span: Span) -> list[Span]:
    """'Tesla’s Elon Musk' is two mentions."""
    for tok in span:
        if tok.tag_ == "POS" and span.start < tok.i < span.end - 1:
            return [span.doc[span.start : tok.i], span.doc[tok.i + 1 : span.end]]
    return [span]


def _strip_titles(span: Span, lexicon: Lexicon) -> Span:
    start = span.start
    doc = span.doc
    while start < span.end - 1 and (
        doc[start].lower_ in lexicon.titles or doc[start].lower_ in _LEADING
    ):
        start += 1
    return doc[start : span.end]


def _headline_tokens(doc: Doc) -> set[int]:
    """Tokens on Title Case lines (headlines, subtitles), where the NER over-fires."""
    out: set[int] = set()
    offset = 0
    for line in doc.text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        offset += len(line) + 1
    return out


def _common_acronyms(doc: Doc) -> set[str]:
    """Acronyms a text defines for a common-noun phrase, "unmanned aerial vehicles (UAVs)":
    they abbreviate a kind of thing, not a name, so the NER must not make them entities."""
    out: set[str] = set()
    for tok in doc[2:-1]:
        if not _ACRONYM.match(tok.text) or doc[tok.i - 1].text != "(":
            continue
        if doc[tok.i + 1].text != ")":
            continue
        before = doc[tok.i - 2]
        if before.is_alpha and before.text.islower() and before.pos_ in {"NOUN", "PROPN"}:
            out.update({tok.text, tok.text.rstrip("s")})
    return out


def _is_dateline(ent: Span) -> bool:
    """'WASHINGTON —', 'Washington, DC' alone on a line: where the text was written."""
    doc = ent.doc
    if ent.label_ not in {"GPE", "LOC", EntityType.LOCATION}:
        return False
    line_start = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    if not line_start:
        return False
    after = doc[ent.end : min(len(doc), ent.end + 4)]
    return any(t.text in {"—", "–", "-", "--"} or "\n" in t.text_with_ws for t in after) or (
        any(t.ent_type_ == "DATE" for t in after)
    )


def _is_junk(text: str) -> bool:
    if len(text) < 2 or not any(c.isupper() for c in text) or "\n" in text:
        return True
    if text.casefold() in _JUNK or not any(c.isalpha() for c in text):
        return True
    return bool(re.match(r"^\d", text))


class MentionFinder:
    """Resolves the mentions of one document into its registry."""

    def __init__(self, lexicon: Lexicon, demonyms: dict[str, str], seats: dict[str, str]) -> None:
        self.lexicon = lexicon
        # The lexicon's hand-written rules win over the catalog's generated ones.
        self.demonyms = {**demonyms, **lexicon.demonyms}
        self.seats = {**seats, **lexicon.seats}

    def find(self, doc: Doc, registry: Registry) -> Mentions:
        mentions = Mentions()
        self._headline = _headline_tokens(doc)
        self._common = _common_acronyms(doc)
        skip = self._administrations(doc, registry, mentions)
        widened = [self._widen(ent) for ent in doc.ents if not _is_dateline(ent)]
        # A demonym opening a longer name the NER left unlabelled: "Indonesian Rare Metals".
        widened += [
            Span(doc, t.i, t.i + 1, label="NORP")
            for t in doc
            if t.text in self.demonyms and t.tag_ == "NNP" and t.dep_ == "compound"
            and not t.ent_type_
        ]
        series = self._series(doc)
        widened += series
        parents: dict[tuple[int, int], Span] = {}
        for ent in list(widened):
            longer = self._extend(ent)
            if longer is not None:
                parents[(longer.start, longer.end)] = ent
                widened.append(longer)
        for ent in _outermost(widened):
            if ent.start in skip:
                continue
            if ent.label_ == "SERIES":
                product = registry.new(ent.text, EntityType.PRODUCT, ent.text)
                mentions.add(registry, ent.start, ent.end, product, "series")
                continue
            base = parents.get((ent.start, ent.end))
            if base is not None:
                self._from_extension(ent, base, registry, mentions)
                continue
            self._from_ent(ent, registry, mentions)
        self._acronym_definitions(doc, registry, mentions)
        self._loose_tokens(doc, registry, mentions)
        return mentions

    # ---------------------------------------------------------------- doc.ents

    def _series(self, doc: Doc) -> list[Span]:
        """A product line named by its model: "Falcon-series drones", "Kirin-class chips"."""
        out: list[Span] = []
        for tok in doc[:-3]:
            if tok.i in self._headline or not tok.text[:1].isupper() or not tok.is_alpha:
                continue
            dash, kind, noun = doc[tok.i + 1], doc[tok.i + 2], doc[tok.i + 3]
            if dash.text != "-" or kind.lower_ not in _SERIES_WORDS:
                continue
            if noun.tag_ in {"NNS", "NNPS"} and noun.text.isalpha():
                out.append(Span(doc, tok.i, tok.i + 4, label="SERIES"))
        return out

    def _extend(self, ent: Span) -> Span | None:
        """A name that runs on past a known one: "<Company> Device Co. Ltd.", "<Company> USA",
        "<Demonym> Rare Earths". The proper-noun words that follow, up to the phrase's head,
        belong to one longer name (a subsidiary, or a body named after its country)."""
        doc = ent.doc
        if ent.start in self._headline or ent.root.dep_ != "compound":
            return None
        company = ent.label_ in {EntityType.COMPANY, "ORG"}
        places = {EntityType.COUNTRY, "GPE", "NORP", EntityType.LOCATION, "LOC"}
        if not company and ent.label_ not in places:
            return None
        end = ent.end
        while end < len(doc):
            tok = doc[end]
            if tok.tag_ not in {"NNP", "NNPS"} or not tok.text[:1].isupper():
                break
            if tok.lower_ in self.lexicon.titles or tok.lower_ in _FUNCTION:
                break
            # "<Company> USA" names a subsidiary; "<Demonym> Rare Earths" a firm, where the
            # Title Case shows a technology word is part of the name.
            inner_ok = (company and tok.ent_type_ in {EntityType.COUNTRY, "GPE"}) or (
                not company and tok.ent_type_ == EntityType.TECHNOLOGY and not tok.text.isupper()
            )
            if tok.ent_type_ and not inner_ok:
                break
            end += 1
            if tok.dep_ != "compound":
                break
        words = [t for t in doc[ent.end : end] if t.text not in {".", ","}]
        if not words or (not company and len(words) < 2):
            return None
        last_is_country = doc[end - 1].ent_type_ in {EntityType.COUNTRY, "GPE"}
        if last_is_country and end - ent.end == 1 and not company:
            return None
        return Span(doc, ent.start, end, label="ORG")

    def _from_extension(
        self, span: Span, base: Span, registry: Registry, mentions: Mentions
    ) -> None:
        text = span.text
        known = registry.lookup_surface(text)
        if known is not None:
            mentions.add(registry, span.start, span.end, known, "extension")
            return
        etype = guess_type(text, "ORG") or EntityType.COMPANY
        if base.label_ in {EntityType.COMPANY, "ORG"} and etype not in {
            EntityType.COMPANY,
            EntityType.ORGANIZATION,
        }:
            return self._from_ent(base, registry, mentions)
        entity = registry.new(text, etype, text)
        if base.ent_id_ and base.label_ == EntityType.COMPANY and entity.type == EntityType.COMPANY:
            entry = registry.catalog.entries.get(base.ent_id_)
            if entry is not None and entry.name != entity.name and not entity.in_catalog:
                entity.parent = entry.name
        mentions.add(registry, span.start, span.end, entity, "extension")

    def _from_ent(self, ent: Span, registry: Registry, mentions: Mentions) -> None:
        if ent.ent_id_:
            entry = registry.catalog.entries.get(ent.ent_id_)
            if entry is not None and entry.name.startswith("Government of ") and entry.country:
                # "the U.S. government" is the country acting, as the ontology resolves it.
                entry = registry.catalog.entries.get(entry.country, entry)
            if entry is not None:
                seat = self._seat(ent, registry)
                entity = seat or registry.from_catalog(entry, ent.text)
                mentions.add(registry, ent.start, ent.end, entity, "catalog")
                return
        if ent.label_ not in NER_LABELS:
            return
        for part in _split_possessive(_trim(ent)):
            part = _trim(part)
            if len(part) == 0:
                continue
            label = ent.label_
            if label == "PERSON":
                part = _strip_titles(part, self.lexicon)
            found = self._resolve_part(part, label, registry)
            if found is not None:
                mentions.add(registry, part.start, part.end, found, "ner")

    def _resolve_part(self, part: Span, label: str, registry: Registry) -> Entity | None:
        text = part.text
        seat = self._seat(part, registry)
        if seat is not None:
            return seat
        demonym = self._demonym(text, registry)
        if demonym is not None:
            return demonym
        if label == "NORP":
            return None
        known = registry.lookup_surface(text) or self._short_form(part, registry)
        if known is not None:
            registry.note(known, text)
            return known
        if text in self._common or _is_junk(text) or text.casefold() in self.lexicon.titles:
            return None
        if not _looks_like_name(part, part.start in self._headline):
            return None
        etype = guess_type(text, label)
        if etype is None:
            return None
        return registry.new(text, etype, text)

    # ---------------------------------------------------------------- resolution rules

    def _administrations(self, doc: Doc, registry: Registry, mentions: Mentions) -> set[int]:
        """'Trump administration', 'Biden-Harris Administration': a government body, not the
        person; returns the token starts of the person mentions it absorbs."""
        absorbed: set[int] = set()
        for tok in doc:
            if tok.lower_ != "administration" or tok.i == 0:
                continue
            start = tok.i
            while start > 0 and (
                doc[start - 1].ent_type_ in {"PERSON", EntityType.PERSON}
                or doc[start - 1].text == "-"
            ):
                start -= 1
            if start == tok.i or doc[start].text == "-":
                continue
            surname_part = doc[start : tok.i].text
            name = f"{surname_part} administration"
            entity = registry.new(name, EntityType.GOVERNMENT_BODY, doc[start : tok.i + 1].text)
            mentions.add(registry, start, tok.i + 1, entity, "administration")
            absorbed.update(range(start, tok.i))
        return absorbed

    @staticmethod
    def _widen(ent: Span) -> Span:
        """'Washington, D.C.' is one place; 'University of Commerce' is not the department."""
        doc = ent.doc
        end = ent.end
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text in {"D.C.", "DC"}:
            return Span(doc, ent.start, end + 2, label="GPE")
        if end < len(doc) and doc[end].text in {"D.C.", "DC"}:
            return Span(doc, ent.start, end + 1, label="GPE")
        if (
            ent.start >= 2
            and doc[ent.start - 1].lower_ == "of"
            and len(ent) == 1
            and doc[ent.start - 2].lower_ in _NAME_HEADS
        ):
            start = ent.start - 2
            while (
                start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN"
            ):
                start -= 1
            return Span(doc, start, ent.end, label="ORG")
        return ent

    def _demonym(self, text: str, registry: Registry) -> Entity | None:
        country = self.demonyms.get(text) or self.demonyms.get(text.title())
        if country is None:
            return None
        entity = registry.lookup_surface(country) or registry.new(
            country, EntityType.COUNTRY, country
        )
        registry.note(entity, text)
        return entity

    def _seat(self, span: Span, registry: Registry) -> Entity | None:
        """A capital used as an actor stands for its country; used as a place it is a place."""
        text = strip_possessive(span.text)
        country = self.seats.get(text) or self.seats.get(text.title())
        if country is None:
            return None
        if not self._acts_as_government(span):
            place = registry.lookup_surface(text) or registry.new(
                text.title() if text.isupper() else text, EntityType.LOCATION, span.text
            )
            return place
        entity = registry.lookup_surface(country) or registry.new(
            country, EntityType.COUNTRY, country
        )
        registry.note(entity, text)
        return entity

    @staticmethod
    def _acts_as_government(span: Span) -> bool:
        doc = span.doc
        root = span.root
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        # "WASHINGTON —" datelines and "Washington, D.C." are places.
        if after is not None and after.text in {",", "—", "-", "–", "D.C."}:
            return False
        if before is not None and before.lower_ in {"pro", "pro-"}:
            return True
        if after is not None and after.tag_ == "POS":
            return True
        if root.dep_ in {"nsubj", "nsubjpass", "poss"}:
            return True
        head = root.head
        if root.dep_ == "pobj" and head.lower_ in _SEAT_PLACE_PREPS:
            return False
        return root.dep_ == "pobj" and head.lower_ in {"by", "with", "between", "against"}

    def _short_form(self, span: Span, registry: Registry) -> Entity | None:
        """'Li' after 'Li Qiang', 'Micron' after 'Micron Technology'."""
        if len(span) != 1:
            return None
        word = span.text
        best: Entity | None = None
        for entity in registry.entities.values():
            if entity.first_token >= span.start or entity.type not in (
                EntityType.PERSON,
                EntityType.COMPANY,
                EntityType.ORGANIZATION,
            ):
                continue
            parts = entity.name.split()
            if len(parts) < 2:
                continue
            if entity.type == EntityType.PERSON:
                hit = word in (parts[0], parts[-1])
            else:
                hit = word == parts[0]
            if hit and (best is None or entity.first_token > best.first_token):
                best = entity
        return best

    def _acronym_definitions(self, doc: Doc, registry: Registry, mentions: Mentions) -> None:
        """'Bureau of Industry and Security (BIS)' and 'Taiwan Semiconductor ..., or TSMC,'."""
        for tok in doc:
            if not _ACRONYM.match(tok.text) or tok.i < 2:
                continue
            prev = doc[tok.i - 1]
            if prev.text == "(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")":
                long_end = tok.i - 1
            elif prev.text == "(" and tok.i + 2 < len(doc) and doc[tok.i + 2].text == ")":
                self._short_name(doc[tok.i : tok.i + 2], registry, mentions)
                continue
            elif prev.lower_ == "or" and doc[tok.i - 2].text == ",":
                long_end = tok.i - 2
            else:
                continue
            owners = mentions.by_token.get(long_end - 1)
            if not owners:
                continue
            long_entity = registry.canonical(owners[-1])
            short = mentions.by_token.get(tok.i)
            if short:
                short_entity = registry.canonical(short[-1])
                if short_entity.name != long_entity.name and not short_entity.in_catalog:
                    registry.merge(long_entity, short_entity)
                continue
            registry.note(long_entity, tok.text)
            mentions.add(registry, tok.i, tok.i + 1, long_entity, "acronym")

    @staticmethod
    def _short_name(inner: Span, registry: Registry, mentions: Mentions) -> None:
        """'Huawei Device USA Inc. (Huawei USA)': a two-word short name the text defines."""
        doc = inner.doc
        if not all(t.text[:1].isupper() for t in inner) or inner.start < 2:
            return
        owners = mentions.by_token.get(inner.start - 2)
        if not owners:
            return
        long_entity = registry.canonical(owners[-1])
        found = [registry.canonical(n) for n in mentions.by_token.get(inner.start, [])]
        for other in found:
            if other is long_entity:
                return
            if other.in_catalog or other.name != _norm_ws(inner.text):
                continue
            if other.type == long_entity.type:
                registry.merge(long_entity, other)
                return
        if not found:
            registry.note(long_entity, inner.text)
            mentions.add(registry, inner.start, inner.end, long_entity, "acronym")
        del doc

    def _loose_tokens(self, doc: Doc, registry: Registry, mentions: Mentions) -> None:
        """Demonyms, seats, 'U.S.-China' pairs and short names the NER left unlabelled."""
        for tok in doc:
            if mentions.covered(tok.i):
                continue
            entity = self._loose_token(tok, registry)
            if entity is not None:
                mentions.add(registry, tok.i, tok.i + 1, entity, "loose")
                continue
            if "-" in tok.text and tok.text.count("-") == 1:
                for piece in tok.text.split("-"):
                    found = self._demonym(piece, registry) or registry.lookup_surface(piece)
                    if found is not None and found.type == EntityType.COUNTRY:
                        mentions.add(registry, tok.i, tok.i + 1, found, "pair")

    def _loose_token(self, tok: Token, registry: Registry) -> Entity | None:
        text = tok.text
        if text in self.demonyms:
            return self._demonym(text, registry)
        if tok.pos_ != "PROPN" or not text[:1].isupper():
            return None
        if text in self.seats:
            return self._seat(tok.doc[tok.i : tok.i + 1], registry)
        known = registry.find(text)
        if known is not None and known.first_token < tok.i:
            return known
        return self._short_form(tok.doc[tok.i : tok.i + 1], registry)


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


def _outermost(spans: list[Span]) -> list[Span]:
    """The spans not strictly inside a longer one, in order (one sweep, not all pairs)."""
    bounds = [(s.start, s.end) for s in spans]
    order = sorted(range(len(spans)), key=lambda k: (bounds[k][0], -bounds[k][1]))
    keep: set[int] = set()
    reach_end, reach_len = -1, 0
    for k in order:
        start, end = bounds[k]
        if end <= reach_end and end - start < reach_len:
            continue
        keep.add(k)
        if end > reach_end:
            reach_end, reach_len = end, end - start
    return [s for k, s in enumerate(spans) if k in keep]

"""Structural relations that need no trigger verb.

- titles and appositions: "former Google CEO Eric Schmidt", "Eric Xu, Huawei's chairman",
  "Lewis is a director of X at Y" -> AFFILIATED_WITH with `role`;
- origin modifiers: "Chinese firms like Huawei", "China's ByteDance", "California-based Nvidia",
  "TSMC in Hsinchu" -> LOCATED_IN;
- possessive bodies: "the Commerce Department's Bureau of Industry and Security" -> PART_OF;
- "U.S.-China competition" -> COMPETES_WITH;
- participation with the event left implicit ("speakers included ...") -> PARTICIPATES_IN the
  event the previous sentences talk about.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from graph.ontology import EntityType, RelationType
from loaders.arguments import ANAPHORS, ArgumentReader
from loaders.entities import Entity
from loaders.lexicon import Lexicon, default_words
from loaders.mentions import Mention
from loaders.relations import Candidate, unstated

T = EntityType
ORG_TYPES = frozenset({T.COMPANY, T.GOVERNMENT_BODY, T.ORGANIZATION, T.INTERNATIONAL_ORGANIZATION})
AFFILIATE_TYPES = ORG_TYPES | {T.COUNTRY}
PLACE_TYPES = frozenset({T.COUNTRY, T.LOCATION})
LOCATABLE = frozenset({T.COMPANY, T.ORGANIZATION, T.EVENT, T.GOVERNMENT_BODY})
_WORDS = default_words().structure  # loaders/lexicon/structure.yaml: what each list is for
_COMPETITION = _WORDS.competition
_EXAMPLE_PREPS = frozenset({"like", "including", "as"})
_PARTICIPANT_NOUNS = _WORDS.participant_nouns
_ATTEND_VERBS = _WORDS.attend_verbs
_SHOW_NOUNS = _WORDS.show_nouns
_PARTICIPANTS = frozenset({T.PERSON, T.COMPANY, T.ORGANIZATION, T.COUNTRY})


def _examples(noun: Token, args: ArgumentReader) -> list[Entity]:
    """The named examples of a group noun: 'participants such as A, B and C', 'exhibitors
    including A', 'speakers, A and B' (apposition)."""
    out: list[Entity] = []
    for child in noun.rights:
        heads: list[Token] = []
        if child.dep_ == "prep" and child.lower_ in {"as", "including", "like"}:
            heads = [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "appos":
            heads = [child]
        for head in heads:
            out += [e for e in args.entities(head) if e not in out]
    return out


_MODIFIER_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "POS", "HYPH", "VBN"})


def _left_modifiers(span: Span) -> list[Token]:
    """The contiguous run of name-like modifiers just left of a mention, inside its phrase:
    "former Google CEO" in "former Google CEO Eric Schmidt"."""
    doc = span.doc
    bound = span.root.left_edge.i
    i = span.start - 1
    while i >= bound and (
        # "Chief Financial Officer (CFO) Jane Doe": a bracketed acronym inside the title
        (doc[i].text == ")" and i - 2 >= bound and doc[i - 2].text == "(" and _skip(doc, i))
        or doc[i].tag_ in _MODIFIER_TAGS
        or doc[i].text in {"-", "’s", "'s"}
        # "Secretary of State Antony Blinken", "Under Secretary of Commerce for ... Estevez"
        or (doc[i].lower_ in {"of", "for"} and i > bound and doc[i - 1].tag_ in {"NNP", "NN"})
        # "... for industry and security Alan Estevez"
        or (
            doc[i].lower_ == "and"
            and i > bound
            and doc[i - 1].tag_ in {"NNP", "NN"}
            and doc[i + 1].tag_ in {"NNP", "NN"}
        )
    ):
        i -= 3 if doc[i].text == ")" else 1
    return [t for t in doc[i + 1 : span.start] if not t.is_punct or t.text == "-"]


def _before_portfolio(left: list[Token], title_i: int, args: ArgumentReader) -> list[Entity]:
    """The bodies named in a title, without its portfolio: in "Under Secretary of Commerce for
    Industry and Security" the office is in Commerce; "for ..." names what it oversees."""
    orgs = [e for t in left for e in args.at(t) if e.type in AFFILIATE_TYPES]
    cut = next((t.i for t in left if t.lower_ == "for" and t.i > title_i), None)
    if cut is None:
        return orgs
    before = [e for t in left if t.i < cut for e in args.at(t) if e.type in AFFILIATE_TYPES]
    return before or orgs


def _possessive(t: Token) -> bool:
    """'Commerce's', 'the Department of Commerce’s' even when the tagger misses the POS."""
    doc = t.doc
    if t.dep_ == "poss":
        return True
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    return nxt is not None and (nxt.tag_ == "POS" or nxt.text in {"'s", "’s"})


def _skip(doc: Doc, i: int) -> bool:
    return doc[i - 1].text.isupper()


class StructuralRelations:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def run(
        self,
        sent: Span,
        args: ArgumentReader,
        sent_mentions: list[Mention],
        recent_event: Entity | None,
    ) -> Iterator[Candidate]:
        seen_heads: set[int] = set()
        for mention in sent_mentions:
            entity = args.registry.canonical(mention.name)
            span = sent.doc[mention.start : mention.end]
            head = span.root
            if head.i in seen_heads:
                continue
            seen_heads.add(head.i)
            if entity.type == T.PERSON:
                yield from self._affiliations(entity, span, args)
                yield from self._known_roles(entity, span, args)
            if entity.type in LOCATABLE:
                yield from self._origin(entity, span, args)
                yield from self._home_country(entity, span, args)
            if entity.type == T.GOVERNMENT_BODY:
                yield from self._part_of(entity, span, args)
            if entity.type == T.COMPANY and entity.parent:
                parent = args.registry.find(entity.parent)
                if parent is not None and parent is not entity:
                    yield Candidate(entity, RelationType.PART_OF, parent, head, 0.7)
            if entity.type == T.PRODUCT:
                yield from self._maker(entity, span, args)
        yield from self._pairs(sent, args)
        yield from self._listings(sent, args)
        yield from _subsidiaries(sent, args)
        yield from _origin_lists(sent, args)
        if recent_event is not None:
            yield from self._implicit_event(sent, args, recent_event)
        yield from self._event_presence(sent, args)

    # ---------------------------------------------------------------- AFFILIATED_WITH

    def _is_title(self, tok: Token) -> bool:
        return tok.lower_ in self.lexicon.titles

    def _affiliations(
        self, person: Entity, span: Span, args: ArgumentReader
    ) -> Iterator[Candidate]:
        doc = span.doc
        head = span.root
        # Left modifiers inside the same noun phrase: "U.S. Commerce Secretary Gina Raimondo".
        left = _left_modifiers(span)
        titles = [t for t in left if self._is_title(t)]
        if titles:
            role = doc[titles[0].i : titles[-1].i + 1].text.split(" (")[0]
            orgs = _before_portfolio(left, titles[0].i, args)
            if not orgs:  # "company head C.C. Wei": the company the text is about
                for t in left:
                    if t.lower_ in ANAPHORS and t.i < titles[0].i:
                        orgs = args._last_of(t, ANAPHORS[t.lower_], window=6)
            if not orgs:  # "Chairman A, Ranking Member B and other members of Congress"
                orgs = self._coordinated_body(head, args)
            yield from self._affiliate(person, orgs, role, titles[-1], 0.85)
            if not orgs:
                yield from self._implied(person, role, titles[-1], args)
        elif self._deep_title(person, span, args):
            yield from self._deep_title(person, span, args)
        elif left and left[-1].tag_ == "POS":
            # "Tesla’s Elon Musk": a company's own person.
            owners = [e for e in args.at(doc[left[-1].i - 1]) if e.type == T.COMPANY]
            yield from self._affiliate(person, owners, None, left[-1], 0.7)
        # Apposition either way: "Eric Xu, Huawei's chairman" / "Huawei's chairman, Eric Xu".
        for other in [
            *[c for c in head.children if c.dep_ == "appos"],
            *([head.head] if head.dep_ == "appos" else []),
        ]:
            yield from self._title_phrase(person, other, args, 0.8)
        # Copula: "Lewis is a senior vice president ... at CSIS"; "Weber is with the Center".
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            verb = head.head
            for child in verb.children:
                if child.dep_ == "attr":
                    yield from self._title_phrase(person, child, args, 0.75)
                elif child.dep_ == "prep" and child.lower_ == "with":
                    orgs = [
                        e
                        for g in child.children
                        if g.dep_ == "pobj"
                        for e in args.entities(g)
                        if e.type in ORG_TYPES
                    ]
                    yield from self._affiliate(person, orgs, None, child, 0.7)

    def _deep_title(
        self, person: Entity, span: Span, args: ArgumentReader
    ) -> list[Candidate]:
        """'Under Secretary of Commerce for trade and security Jane Doe': a parse that hangs
        the name under the title's own prepositions. The title is an ancestor just left of
        the name, with only nouns, adjectives and prepositions between."""
        doc = span.doc
        anc = span.root
        for _ in range(6):
            if anc.dep_ not in {"pobj", "prep", "compound", "nmod", "conj", "amod"}:
                return []
            anc = anc.head
            if self._is_title(anc) and anc.i < span.start:
                break
        else:
            return []
        if not self._is_title(anc) or anc.i >= span.start:
            return []
        between = doc[anc.i + 1 : span.start]
        if any(t.pos_ in {"VERB", "AUX", "PRON"} or t.text in {",", ";", "("} for t in between):
            return []
        start = anc.i
        while start > span.sent.start and (
            self._is_title(doc[start - 1]) or doc[start - 1].lower_ == "under"
        ):
            start -= 1
        role = doc[start : anc.i + 1].text
        orgs = _before_portfolio(list(between), anc.i, args)
        return list(self._affiliate(person, orgs, role, anc, 0.75))

    def _coordinated_body(self, head: Token, args: ArgumentReader) -> list[Entity]:
        """The body named by a title noun coordinated with the person: "Chairman Wicker,
        Ranking Member Walden and other members of Congress" -> each of them in Congress."""
        root = head
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        orgs: list[Entity] = []
        for other in args.expand(root):
            if other is head or args.at(other) or other.lemma_.lower() not in self.lexicon.titles:
                continue
            orgs += [e for e in self._prep_chain(other, args, depth=1) if e.type in ORG_TYPES]
        return orgs

    @staticmethod
    def _known_roles(person: Entity, span: Span, args: ArgumentReader) -> Iterator[Candidate]:
        """A catalog person whose organization the document also names: "Ren Zhengfei told
        CGTN ..." in a story about Huawei holds his known role there."""
        if not person.in_catalog:
            return
        entry = args.registry.catalog.entries.get(person.name)
        for item in entry.roles if entry else []:
            org = args.registry.find(item.org)
            if org is not None and org is not person and org.type != T.COUNTRY:
                yield Candidate(
                    person, RelationType.AFFILIATED_WITH, org, span.root, 0.6, role=item.role
                )

    def _title_phrase(
        self, person: Entity, tok: Token, args: ArgumentReader, score: float
    ) -> Iterator[Candidate]:
        """A title noun ("chairman", "dean") and the organizations hanging off it."""
        for title in args.expand(tok):
            if not self._is_title(title):
                continue
            orgs: list[Entity] = []
            for child in title.lefts:
                orgs += [e for t in child.subtree for e in args.at(t) if e.type in AFFILIATE_TYPES]
            orgs += self._prep_chain(title, args, depth=0)
            # "Jane Doe, Director, FBI": the body in apposition to the title
            for child in title.children:
                if child.dep_ == "appos":
                    orgs += [e for e in args.entities(child) if e.type in ORG_TYPES]
            role = title.doc[title.left_edge.i : title.i + 1].text
            role = " ".join(w for w in role.split() if w.lower() not in {"a", "an", "the"})
            yield from self._affiliate(person, orgs, role, title, score)

    def _prep_chain(self, tok: Token, args: ArgumentReader, depth: int) -> list[Entity]:
        out: list[Entity] = []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "at", "for", "with"}:
                for grand in child.children:
                    if grand.dep_ != "pobj":
                        continue
                    found = [e for e in args.entities(grand) if e.type in AFFILIATE_TYPES]
                    if not found:  # "of the Justice Department's criminal division"
                        found = [
                            e
                            for c in grand.children
                            if c.dep_ in {"poss", "compound"}
                            for e in args.entities(c)
                            if e.type in ORG_TYPES
                        ]
                    if found:
                        out += [e for e in found if e.type != T.COUNTRY or not out]
                    if depth < 2:
                        out += self._prep_chain(grand, args, depth + 1)
        return out

    def _implied(
        self, person: Entity, role: str, tok: Token, args: ArgumentReader
    ) -> Iterator[Candidate]:
        """'Premier Li Qiang': the catalog's role for the person, or a head of state's country."""
        catalog = args.registry
        words = {w.casefold() for w in role.split()}
        entry = catalog.catalog.entries.get(person.name) if person.in_catalog else None
        entry_roles = entry.roles if entry else []
        for item in entry_roles:
            if words & {w.casefold() for w in item.role.split()}:
                org = catalog.lookup_surface(item.org)
                if org is not None:
                    yield Candidate(
                        person, RelationType.AFFILIATED_WITH, org, tok, 0.75, role=item.role
                    )
                    return
        offices = self.lexicon.head_of_state | self.lexicon.public_office
        if words & offices and person.country:
            country = catalog.lookup_surface(person.country)
            if country is not None:
                yield Candidate(person, RelationType.AFFILIATED_WITH, country, tok, 0.7, role=role)

    @staticmethod
    def _affiliate(
        person: Entity, orgs: list[Entity], role: str | None, tok: Token, score: float
    ) -> Iterator[Candidate]:
        """One organization per title: the most specific (the body over its country, the
        nearest to the title), because "U.S. Commerce Secretary" holds office in Commerce."""
        choices = [o for o in dict.fromkeys(orgs) if o is not person]
        if not choices:
            return
        bodies = [o for o in choices if o.type != T.COUNTRY]
        best = (bodies or choices)[-1] if tok.i >= 0 else choices[0]
        yield Candidate(person, RelationType.AFFILIATED_WITH, best, tok, score, role=role)

    # ---------------------------------------------------------------- LOCATED_IN

    def _origin(self, entity: Entity, span: Span, args: ArgumentReader) -> Iterator[Candidate]:
        head = span.root
        places: list[Entity] = []
        if entity.type in {T.COMPANY, T.ORGANIZATION}:
            places += self._modifier_places(entity, span, args)
        # "TSMC in Xinchu", "the Center ... in Washington D.C.", "headquartered in Shanghai".
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "at"}:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        places += [e for e in args.at(grand) if e.type in PLACE_TYPES]
        for place in dict.fromkeys(places):
            if place is not entity:
                yield Candidate(entity, RelationType.LOCATED_IN, place, head, 0.75)

    @staticmethod
    def _home_country(entity: Entity, span: Span, args: ArgumentReader) -> Iterator[Candidate]:
        """A catalog company in a sentence that also names its home country ("three Chinese
        state-owned companies—China Mobile, China Telecom ..."), however the parse links them."""
        if entity.type != T.COMPANY or not entity.in_catalog or not entity.country:
            return
        home = args.registry.find(entity.country)
        if home is None or home.type != T.COUNTRY or home is entity:
            return
        if any(
            home in args.at(t)
            and t.dep_ in _MODIFIER_DEPS
            and t.head.lemma_.lower() in _FIRM_NOUNS
            for t in span.sent
            if not span.start <= t.i < span.end
        ):
            yield Candidate(entity, RelationType.LOCATED_IN, home, span.root, 0.55)

    def _modifier_places(self, entity: Entity, span: Span, args: ArgumentReader) -> list[Entity]:
        head = span.root
        places: list[Entity] = []
        # "China's ByteDance", "Chinese company ByteDance", "California-based Nvidia".
        for t in _left_modifiers(span):
            places += [e for e in args.at(t) if e.type in PLACE_TYPES]
        if not places:
            places += _descriptor_places(span, args)
        if not places and head.dep_ == "conj":
            # "Japanese entities A, B and C": the list's first item carries the descriptor
            first = head
            while first.dep_ == "conj" and first.head is not first:
                first = first.head
            owners = args.at(first)
            if owners and owners[0].type in {T.COMPANY, T.ORGANIZATION}:
                start = first.i
                while start > 0 and owners[0] in args.at(span.doc[start - 1]):
                    start -= 1
                places += _descriptor_places(span.doc[start : first.i + 1], args)
        # "Chinese firms like Huawei", "two Chinese developers ..." (apposition).
        carrier = None
        if head.dep_ == "pobj" and head.head.lower_ in _EXAMPLE_PREPS:
            carrier = head.head.head if head.head.lower_ != "as" else head.head.head.head
        elif head.dep_ == "conj":
            first = head
            while first.dep_ == "conj":
                first = first.head
            if first.dep_ == "pobj" and first.head.lower_ in _EXAMPLE_PREPS:
                carrier = first.head.head if first.head.lower_ != "as" else first.head.head.head
            elif first.dep_ != "conj":
                carrier = next((c for c in first.children if c.dep_ == "appos"), None)
        else:
            carrier = next((c for c in head.children if c.dep_ == "appos"), None)
        if carrier is not None and carrier.pos_ in {"NOUN", "PROPN"}:
            for t in carrier.lefts:
                places += [e for e in args.at(t) if e.type in PLACE_TYPES]
        return places

    # ---------------------------------------------------------------- DEVELOPS

    @staticmethod
    def _maker(product: Entity, span: Span, args: ArgumentReader) -> Iterator[Candidate]:
        """"Huawei's Mate 60 Pro", "the Nvidia H20": a company's own product is its make."""
        doc = span.doc
        for t in doc[span.root.left_edge.i : span.start]:
            possessive = t.dep_ == "poss" or (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS")
            if not possessive and t.dep_ != "compound":
                continue
            for maker in args.at(t):
                if maker.type == T.COMPANY and maker is not product:
                    yield Candidate(maker, RelationType.DEVELOPS, product, span.root, 0.65)

    # ---------------------------------------------------------------- PART_OF

    def _part_of(self, body: Entity, span: Span, args: ArgumentReader) -> Iterator[Candidate]:
        doc = span.doc
        for t in doc[span.root.left_edge.i : span.start]:
            if not _possessive(t):
                continue
            for parent in args.at(t):
                if parent.type == T.GOVERNMENT_BODY and parent is not body:
                    yield Candidate(body, RelationType.PART_OF, parent, span.root, 0.8)

    # ---------------------------------------------------------------- pairs and events

    def _pairs(self, sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
        for tok in sent:
            if tok.head.lemma_ not in _COMPETITION or tok.dep_ not in {"nmod", "compound", "amod"}:
                continue
            sides = [e for e in args.at(tok) if e.type == T.COUNTRY]
            if len(sides) == 2:
                yield Candidate(sides[1], RelationType.COMPETES_WITH, sides[0], tok.head, 0.7)

    def _implicit_event(
        self, sent: Span, args: ArgumentReader, event: Entity
    ) -> Iterator[Candidate]:
        """'High-profile speakers included Hinton', 'Musk did not attend': the event in focus."""
        if any(e.type == T.EVENT for t in sent for e in args.at(t)):
            return
        for tok in sent:
            if tok.lower_ in _PARTICIPANT_NOUNS:
                # "international participants such as Tesla, Alphabet and Amazon"
                for e in _examples(tok, args):
                    if e.type in _PARTICIPANTS:
                        yield Candidate(e, RelationType.PARTICIPATES_IN, event, tok, 0.6)
            if tok.pos_ == "VERB" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _SHOW_NOUNS for c in tok.children
            ):
                # "Chinese firms like Huawei and Alibaba led the exhibitions"
                for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                    for e in args.entities(subj):
                        if e.type in _PARTICIPANTS:
                            yield Candidate(e, RelationType.PARTICIPATES_IN, event, tok, 0.6)
            if tok.lemma_ == "include" and any(
                c.dep_ == "nsubj" and c.lower_ in _PARTICIPANT_NOUNS for c in tok.children
            ):
                for obj in (c for c in tok.children if c.dep_ == "dobj"):
                    for e in args.entities(obj):
                        if e.type in {T.PERSON, T.COMPANY, T.ORGANIZATION, T.COUNTRY}:
                            yield Candidate(e, RelationType.PARTICIPATES_IN, event, tok, 0.6)
            if (
                tok.lemma_ in _ATTEND_VERBS
                and tok.pos_ == "VERB"
                and not any(c.dep_ in {"dobj", "prep"} for c in tok.children)
            ):
                for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                    for e in args.entities(subj):
                        if e.type in {T.PERSON, T.COMPANY, T.ORGANIZATION, T.COUNTRY}:
                            yield Candidate(e, RelationType.PARTICIPATES_IN, event, tok, 0.55)


    @staticmethod
    def _event_presence(sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
        """'Premier Li unveiled the proposal during the World AI Conference': a person acting
        at or during a named event takes part in it."""
        for prep in sent:
            if prep.dep_ != "prep" or prep.lower_ not in {"at", "during"}:
                continue
            verb = prep.head
            if verb.pos_ != "VERB":
                continue
            events = [
                e
                for g in prep.children
                if g.dep_ == "pobj"
                for e in args.at(g)
                if e.type == T.EVENT
            ]
            if not events:
                continue
            for subj in (c for c in verb.children if c.dep_ == "nsubj"):
                for person in args.entities(subj):
                    if person.type != T.PERSON:
                        continue
                    for event in events:
                        yield Candidate(person, RelationType.PARTICIPATES_IN, event, prep, 0.6)

    # ---------------------------------------------------------------- listings

    def _listings(self, sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
        """'put Moore Thread and Biren on the Entity List', 'the additions to the Entity List,
        such as X and Y', 'the list already includes Huawei': every company or organization
        the sentence places on a restricted list is restricted by whoever keeps the list."""
        lists = [
            t
            for t in sent
            if any(e.type == T.POLICY and "list" in e.name.casefold() for e in args.at(t))
            or (t.lemma_.lower() == "list" and t.pos_ == "NOUN")
        ]
        if not lists:
            return
        verbs = [t for t in sent if t.lemma_.lower() in _LISTING_WORDS]
        if not verbs:
            return
        actors: list[Entity] = []
        for verb in verbs:
            for child in verb.children:
                if child.dep_ in {"nsubj", "agent"}:
                    heads = [g for g in child.children if g.dep_ == "pobj"] or [child]
                    actors += [
                        e for h in heads for e in args.entities(h) if e.type in _LISTERS
                    ]
        subject = actors[0] if actors else unstated()
        listed: list[Entity] = []
        for tok in sent:
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_ in _SAY_WORDS:
                continue
            for entity in args.at(tok):
                by_agent = tok.head.lower_ in {"by", "of"} and tok.dep_ == "pobj"
                if entity.type in _LISTABLE and entity not in listed and not by_agent:
                    listed.append(entity)
        for entity in listed:
            yield Candidate(subject, RelationType.RESTRICTS, entity, verbs[0], 0.7)


_LISTING_WORDS = _WORDS.listing
_LISTERS = frozenset({T.COUNTRY, T.GOVERNMENT_BODY})
_LISTABLE = frozenset({T.COMPANY, T.ORGANIZATION})
_SAY_WORDS = default_words().discourse.say
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_FIRM_NOUNS = _WORDS.firm_nouns
_DESCRIPTOR_TAGS = frozenset({"NN", "NNS", "JJ", "POS", "HYPH", "VBN"})


def _descriptor_places(span: Span, args: ArgumentReader) -> list[Entity]:
    """'Chinese telecoms giant Huawei', "China's memory chipmaker YMTC" even when the parse
    splits the phrase: a country or place word, then only common descriptor words."""
    doc = span.doc
    i = span.start - 1
    while i >= max(0, span.start - 5):
        tok = doc[i]
        found = [e for e in args.at(tok) if e.type in PLACE_TYPES]
        if found:
            return found
        if tok.tag_ not in _DESCRIPTOR_TAGS or args.at(tok):
            return []
        i -= 1
    return []


_UNIT_NOUNS = _WORDS.unit_nouns
_LIST_OPENERS = frozenset(["—", "–", ":", ",", "-", "including", "such", "as", "like", "namely"])
_LIST_CLOSERS = frozenset(["—", "–", ";", ".", ")"])
_OWNABLE = frozenset({T.COMPANY, T.ORGANIZATION})


def _subsidiaries(sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
    """'Acme and two subsidiaries — Acme Labs and Beta Corp', "Acme's subsidiaries, including
    X", 'X, a unit of Acme': each named unit is PART_OF its owner."""
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _UNIT_NOUNS:
            continue
        owners = _unit_owner(tok, args)
        if not owners:
            continue
        owner = owners[0]
        members: list[Entity] = []
        # "X, a subsidiary of Y": the noun in apposition to a company
        if tok.dep_ == "appos":
            members += [e for e in args.entities(tok.head) if e.type in _OWNABLE]
        if tok.tag_ == "NNS":
            i = tok.i + 1
            while i < sent.end and doc[i].lower_ in _LIST_OPENERS:
                i += 1
            if i < sent.end and args.at(doc[i]) and i > tok.i + 1:
                depth = 0
                while i < sent.end:
                    t = doc[i]
                    if t.text == "(":
                        depth += 1
                    elif t.text == ")" and depth:
                        depth -= 1
                    elif not depth and (
                        t.text in _LIST_CLOSERS or (t.lower_ == "as" and i > tok.i + 2)
                    ):
                        break
                    if not depth:
                        members += [e for e in args.at(t) if e.type in _OWNABLE]
                    i += 1
        for member in dict.fromkeys(members):
            if member is not owner:
                yield Candidate(member, RelationType.PART_OF, owner, tok, 0.7)


def _unit_owner(tok: Token, args: ArgumentReader) -> list[Entity]:
    for child in tok.children:
        if child.dep_ == "poss":
            return [e for e in args.entities(child) if e.type in _OWNABLE]
        if child.dep_ == "prep" and child.lower_ == "of":
            return [
                e
                for g in child.children
                if g.dep_ == "pobj"
                for e in args.entities(g)
                if e.type in _OWNABLE
            ]
    if tok.dep_ == "conj":  # "Acme and four subsidiaries"
        return [e for e in args.at(tok.head) if e.type == T.COMPANY]
    return []


_GROUP_NOUNS = _FIRM_NOUNS | _WORDS.group_nouns
_LIST_GLUE = frozenset([",", "and", "(", ")", "&", "as", "well"])


def _origin_lists(sent: Span, args: ArgumentReader) -> Iterator[Candidate]:
    """'Indonesian entities A, B (BB), and C', 'Chinese companies X, Y and Z': each named
    item of a list right after a demonym-qualified group noun is LOCATED_IN that country."""
    doc = sent.doc
    for tok in sent:
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in _GROUP_NOUNS:
            continue
        countries = [
            e
            for c in tok.lefts
            if c.dep_ in _MODIFIER_DEPS
            for e in args.at(c)
            if e.type == T.COUNTRY
        ]
        if len(countries) != 1:
            continue
        place = countries[0]
        if tok.i + 1 >= sent.end or not args.at(doc[tok.i + 1]):
            continue  # the list must follow the group noun directly
        items: list[Entity] = []
        i = tok.i + 1
        while i < sent.end:
            found = args.at(doc[i])
            if found:
                items += [e for e in found if e.type in {T.COMPANY, T.ORGANIZATION}]
            elif doc[i].lower_ not in _LIST_GLUE:
                break
            i += 1
        for item in dict.fromkeys(items):
            if item is not place:
                yield Candidate(item, RelationType.LOCATED_IN, place, tok, 0.7)

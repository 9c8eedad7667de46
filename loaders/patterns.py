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

from spacy.tokens import Span, Token

from graph.ontology import EntityType, RelationType
from loaders.arguments import ANAPHORS, ArgumentReader
from loaders.entities import Entity
from loaders.lexicon import Lexicon
from loaders.mentions import Mention
from loaders.relations import Candidate, unstated

T = EntityType
ORG_TYPES = frozenset({T.COMPANY, T.GOVERNMENT_BODY, T.ORGANIZATION, T.INTERNATIONAL_ORGANIZATION})
AFFILIATE_TYPES = ORG_TYPES | {T.COUNTRY}
PLACE_TYPES = frozenset({T.COUNTRY, T.LOCATION})
LOCATABLE = frozenset({T.COMPANY, T.ORGANIZATION, T.EVENT, T.GOVERNMENT_BODY})
_COMPETITION = frozenset(["competition", "rivalry", "race", "war", "tensions", "contest", "battle"])
_EXAMPLE_PREPS = frozenset({"like", "including", "as"})
_PARTICIPANT_NOUNS = frozenset(
    ["speakers", "participants", "exhibitors", "attendees", "guests", "delegates"]
)
_ATTEND_VERBS = frozenset({"attend", "join", "speak", "exhibit", "participate"})
# What exhibitors do at a fair: "led the exhibitions", "dominated the booths".
_SHOW_NOUNS = frozenset(
    ["exhibition", "exhibit", "expo", "booth", "pavilion", "showcase", "display", "stand"]
)
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
        doc[i].tag_ in _MODIFIER_TAGS
        or doc[i].text in {"-", "’s", "'s"}
        # "Secretary of State Antony Blinken", "Under Secretary of Commerce for ... Estevez"
        or (doc[i].lower_ in {"of", "for"} and i > bound and doc[i - 1].tag_ in {"NNP", "NN"})
    ):
        i -= 1
    return list(doc[i + 1 : span.start])


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
            if entity.type == T.PRODUCT:
                yield from self._maker(entity, span, args)
        yield from self._pairs(sent, args)
        yield from self._listings(sent, args)
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
            role = doc[titles[0].i : titles[-1].i + 1].text
            orgs = [e for t in left for e in args.at(t) if e.type in AFFILIATE_TYPES]
            if not orgs:  # "company head C.C. Wei": the company the text is about
                for t in left:
                    if t.lower_ in ANAPHORS and t.i < titles[0].i:
                        orgs = args._last_of(t, ANAPHORS[t.lower_], window=6)
            if not orgs:  # "Chairman A, Ranking Member B and other members of Congress"
                orgs = self._coordinated_body(head, args)
            yield from self._affiliate(person, orgs, role, titles[-1], 0.85)
            if not orgs:
                yield from self._implied(person, role, titles[-1], args)
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
            if t.dep_ != "poss" and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS"):
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


_LISTING_WORDS = frozenset(
    ["add", "addition", "put", "place", "include", "designate", "list", "blacklist", "move"]
)
_LISTERS = frozenset({T.COUNTRY, T.GOVERNMENT_BODY})
_LISTABLE = frozenset({T.COMPANY, T.ORGANIZATION})
_SAY_WORDS = frozenset(["say", "report", "tell", "state", "note", "add"])
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
# Nouns for a business that a country word can qualify: "three Chinese state-owned companies",
# "two Chinese developers of graphics processors" (not "U.S. lawmakers", "China's AI drive").
_FIRM_NOUNS = frozenset(
    [
        "company", "firm", "developer", "maker", "chipmaker", "manufacturer", "giant",
        "supplier", "vendor", "carrier", "operator", "provider", "startup", "start-up",
        "conglomerate", "group", "enterprise", "business", "producer", "designer", "foundry",
        "brand", "champion", "corporation", "entity", "player", "rival", "competitor",
    ]
)
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

"""From a dependency-tree token to the entities it stands for.

A relation argument is a token; what it means may be an entity mention, a coordination of
them ("Russia, South Africa and Germany"), a proxy noun ("the U.S. government" -> United States),
a transparent noun ("the export of chips to China" -> chips, China), an anaphor ("the company"),
or an unnamed technology or policy phrase ("advanced chips", "a final rule").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from graph.ontology import EntityType
from loaders.entities import Entity, Registry
from loaders.lexicon import default_words
from loaders.mentions import Mentions

_WORDS = default_words().arguments  # loaders/lexicon/arguments.yaml: what each list is for
PROXY_NOUNS = _WORDS.proxy_nouns
_SAY = default_words().discourse.say
TRANSPARENT = _WORDS.transparent
TECH_NOUNS = _WORDS.technology_nouns
POLICY_NOUNS = _WORDS.policy_nouns
ANAPHORS: dict[str, tuple[EntityType, ...]] = _WORDS.anaphors
_GROUP_ANAPHORS: dict[str, EntityType] = _WORDS.group_anaphors
_GROUP_MARKERS = frozenset(["these", "those", "the", "all", "both"])
_VAGUE = _WORDS.vague
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_DROP_LEFT = frozenset({"det", "poss", "nummod", "quantmod", "predet", "case", "punct", "prep"})


class ArgumentReader:
    def __init__(self, registry: Registry, mentions: Mentions) -> None:
        self.registry = registry
        self.mentions = mentions

    def at(self, tok: Token) -> list[Entity]:
        names = self.mentions.by_token.get(tok.i, [])
        out: list[Entity] = []
        for name in names:
            entity = self.registry.canonical(name)
            if entity not in out:
                out.append(entity)
        return out

    def expand(self, tok: Token) -> list[Token]:
        """The token and everything coordinated with it."""
        out = [tok]
        for child in tok.children:
            if child.dep_ == "conj" or (
                child.dep_ == "appos" and (not self.at(tok) or self._listed(tok, child))
            ):
                out.extend(self.expand(child))
            elif (
                child.dep_ == "prep" and child.lower_ in {"including", "like"} and not self.at(tok)
            ):
                # "over 30 countries, including Russia, South Africa and Germany"
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        out.extend(self.expand(grand))
        return out

    def _listed(self, tok: Token, appos: Token) -> bool:
        """'China Mobile, China Telecom, and China Unicom' parsed with the middle name as an
        apposition: two names of one type in a list that goes on with a conjunct."""
        mine = {e.type for e in self.at(tok)}
        theirs = {e.type for e in self.at(appos)}
        return bool(mine & theirs) and any(c.dep_ == "conj" for c in tok.children)

    def entities(
        self, tok: Token, wants: Iterable[EntityType] = (), depth: int = 0
    ) -> list[Entity]:
        wanted = frozenset(wants)
        out: list[Entity] = []
        for head in self.expand(tok):
            for entity in self._one(head, wanted, depth):
                if entity not in out:
                    out.append(entity)
        return out

    def _one(self, tok: Token, wanted: frozenset[EntityType], depth: int) -> list[Entity]:
        found = self.at(tok)
        if found:
            return found
        lower = tok.lower_
        if lower in _PERSON_PRONOUNS:
            return self._last_of(tok, (EntityType.PERSON,), window=2)
        if lower in {"it", "we"} and tok.dep_ == "nsubj" and depth < 2:
            # "a spokesperson for the Embassy said it firmly opposes ...": the speaker's side.
            verb = tok.head
            say = verb.head if verb.dep_ == "ccomp" else None
            if say is not None and say.lemma_ in _SAY:
                for child in say.children:
                    if child.dep_ == "nsubj":
                        return self.entities(child, wanted, depth + 1)
        if lower in _GROUP_ANAPHORS and any(
            c.lower_ in _GROUP_MARKERS or c.like_num for c in tok.children
        ):
            return self._last_group(tok, _GROUP_ANAPHORS[lower])
        if lower in ANAPHORS and any(c.lower_ in {"the", "this", "that"} for c in tok.children):
            return self._last_of(tok, ANAPHORS[lower], window=6)
        if lower in PROXY_NOUNS:
            named = self._left_entities(tok)
            if named:
                return named
            if lower == "administration":
                return self._administration(tok)
        if depth < 2 and lower in TRANSPARENT:
            inner = self._through(tok, wanted, depth + 1)
            if inner:
                return inner
        return self._generic(tok, wanted)

    def _left_entities(self, tok: Token) -> list[Entity]:
        """'the U.S. government', 'a Chinese foreign ministry spokesman', 'a spokesperson
        for the Chinese Embassy': the body or state the noun stands for, the most specific."""
        out: list[Entity] = []
        for child in tok.children:
            heads = [child] if child.dep_ in {"compound", "amod", "poss", "nmod"} else []
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                heads = [g for g in child.children if g.dep_ == "pobj"]
            for head in heads:
                for entity in self.at(head):
                    if entity.type in (EntityType.COUNTRY, EntityType.GOVERNMENT_BODY):
                        out.append(entity)
        bodies = [e for e in out if e.type == EntityType.GOVERNMENT_BODY]
        return bodies or out

    def _administration(self, tok: Token) -> list[Entity]:
        """'the Trump administration', 'the administration of President Joe Biden'."""
        people = [c for c in tok.lefts if c.dep_ == "compound"]
        people += [
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        for person_tok in people:
            for entity in self.at(person_tok):
                if entity.type == EntityType.PERSON:
                    surname = entity.name.split()[-1]
                    name = f"{surname} administration"
                    found = self.registry.new(name, EntityType.GOVERNMENT_BODY, name)
                    found.country = found.country or entity.country
                    return [found]
        return []

    def _through(self, tok: Token, wanted: frozenset[EntityType], depth: int) -> list[Entity]:
        out: list[Entity] = []
        for child in tok.children:
            if child.dep_ == "poss":
                out.extend(self.entities(child, wanted, depth))
            elif child.dep_ == "prep" and child.lower_ in {"of", "to", "for", "from", "on"}:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        out.extend(self.entities(grand, wanted, depth))
            elif child.dep_ == "compound":
                out.extend(self.at(child))
        return out

    def _last_of(self, tok: Token, types: tuple[EntityType, ...], window: int) -> list[Entity]:
        sent_start = tok.sent.start
        earliest = tok.doc[max(0, tok.sent.start - 1)].sent.start if window > 2 else sent_start
        for i in range(tok.i - 1, earliest - 1, -1):
            for entity in self.at(tok.doc[i]):
                if entity.type in types:
                    return [entity]
        return []

    def _last_group(self, tok: Token, etype: EntityType) -> list[Entity]:
        """'these companies', 'all three firms': the entities of that type named together in
        the nearest earlier sentence (or earlier in this one) that names at least two."""
        doc = tok.doc
        sent = tok.sent
        for _ in range(3):
            end = tok.i if sent.start <= tok.i < sent.end else sent.end
            group: list[Entity] = []
            for i in range(sent.start, end):
                for entity in self.at(doc[i]):
                    if entity.type == etype and entity not in group:
                        group.append(entity)
            if len(group) >= 2:
                return group
            if sent.start == 0:
                break
            sent = doc[sent.start - 1].sent
        return []

    def _generic(self, tok: Token, wanted: frozenset[EntityType]) -> list[Entity]:
        """An unnamed technology or policy phrase, only where the relation can take one."""
        lower = tok.lower_
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return []
        if EntityType.TECHNOLOGY in wanted and lower in TECH_NOUNS:
            etype = EntityType.TECHNOLOGY
        elif EntityType.POLICY in wanted and lower in POLICY_NOUNS:
            etype = EntityType.POLICY
        else:
            return []
        start = tok.i
        for left in reversed(list(tok.lefts)):
            if left.i != start - 1 or left.dep_ in _DROP_LEFT or self.at(left):
                break
            start = left.i
        while start < tok.i and tok.doc[start].lower_ in _VAGUE:
            start += 1
        phrase = tok.doc[start : tok.i + 1]
        if len(phrase) == 1 and lower not in {"controls", "semiconductors", "sanctions"}:
            return []  # a bare "rule" or "chips" says too little to be a node
        name = phrase.text
        if name.isupper() or name.istitle():
            name = name.lower() if etype == EntityType.TECHNOLOGY else name
        scope = self._scope(tok) if etype == EntityType.POLICY else ""
        if scope:  # "controls on chip exports": what a measure covers names it
            entity = self.registry.new(f"{name} on {scope}", etype, phrase.text, proper=False)
            return [entity]
        entity = self.registry.new(name, etype, phrase.text, proper=False)
        return [entity]

    def _scope(self, tok: Token) -> str:
        """The unnamed object a measure bears on ("controls on chip exports [to China]"):
        the noun with its compounds, when it names no entity."""
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "on":
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj" or pobj.pos_ != "NOUN":
                    continue
                words = [c for c in pobj.lefts if c.dep_ in {"compound", "amod"}] + [pobj]
                contiguous = words[-1].i - words[0].i + 1 == len(words)
                if contiguous and len(words) <= 3 and not any(self.at(w) for w in words):
                    return " ".join(w.text for w in words)
        return ""

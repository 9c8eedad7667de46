"""Features of a relation candidate: from the parse, the catalog and today's rules.

Each feature is a string (present or absent). The dependency path between the two anchors
carries most of the signal, in three grains: dependency labels only, with the words on it,
and with the entity types at its ends; trigger lemmas on the path are looked up in the
lexicon; the rules' own verdicts on the pair are features like any other.
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.attributes import is_negated
from loaders.lexicon import Lexicon
from loaders.model.candidates import Pair, ancestors

_DISTANCES = (1, 2, 3, 5, 8, 12, 20)
_CONFIDENCES = (0.55, 0.65, 0.75, 0.85)


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]]:
    """Tokens from a up to (not including) the lowest common ancestor, the ancestor, and the
    tokens from below the ancestor down to b (top first)."""
    up = ancestors(a)
    down = ancestors(b)
    down_index = {t.i: k for k, t in enumerate(down)}
    for k, tok in enumerate(up):
        if tok.i in down_index:
            return up[:k], tok, list(reversed(down[: down_index[tok.i]]))
    return up, up[-1], list(reversed(down))


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)


def path_key(pair: Pair) -> Token | None:
    """The token that heads the pair's relation: the rule's trigger, else the path's top."""
    if pair.rules:
        return pair.rules[0].trigger
    if pair.s_anchor is None or pair.o_anchor is None:
        return None
    return dependency_path(pair.s_anchor.token, pair.o_anchor.token)[1]


def pair_features(pair: Pair, lexicon: Lexicon) -> list[str]:
    s, o = pair.subject, pair.object
    ts, to = s.type.value, o.type.value
    tt = f"{ts}>{to}"
    out = [f"ts={ts}", f"to={to}", f"tt={tt}", "bias"]
    out += [f"cs={s.in_catalog}", f"co={o.in_catalog}", f"ps={s.proper}", f"po={o.proper}"]
    if s.country and s.country == o.name:
        out += ["home_country", f"home_country|{tt}"]
    if s.parent and s.parent == o.name:
        out.append("parent")
    out += _rule_features(pair, tt)
    if pair.s_anchor is not None and pair.o_anchor is not None:
        out += _parse_features(pair, lexicon, tt)
    else:
        out.append("unanchored")
        out += [f"unanchored|{f}" for f in out if f.startswith("rule=")]
    return out


def _rule_features(pair: Pair, tt: str) -> list[str]:
    out: list[str] = []
    for c in pair.rules:
        rel = c.relation.value
        out += [
            f"rule={rel}",
            f"rule={rel}|{tt}",
            f"rule={rel}|{_bucket(c.confidence, _CONFIDENCES)}",
            f"rule={rel}|trig={_lemma(c.trigger)}",
        ]
        if c.role:
            out.append(f"rule={rel}|role")
    for c in pair.reverse_rules:
        out += [f"rrule={c.relation.value}", f"rrule={c.relation.value}|{tt}"]
    return out


def _parse_features(pair: Pair, lexicon: Lexicon, tt: str) -> list[str]:
    assert pair.s_anchor is not None and pair.o_anchor is not None
    sa, oa = pair.s_anchor, pair.o_anchor
    a, b = sa.token, oa.token
    out = [f"vs={sa.via}", f"vo={oa.via}", f"ds={a.dep_}", f"do={b.dep_}"]
    out.append(f"dsdo={a.dep_}|{b.dep_}|{tt}")
    gap = abs(a.i - b.i)
    out += [f"dist={_bucket(gap, _DISTANCES)}", f"order={'so' if a.i < b.i else 'os'}"]
    if a.i == b.i:
        out += ["same_token", f"same_token|{tt}"]
        return out
    up, top, down = dependency_path(a, b)
    ups = "^".join(t.dep_ for t in up)
    downs = "v".join(t.dep_ for t in down)
    top_word = _lemma(top)
    inner = [t for t in up[1:]] + ([top] if top not in (a, b) else []) + down[:-1]
    inner_words = "_".join(_lemma(t) for t in inner)
    passive = _is_passive(top)
    out += [
        f"p={ups}|{top.pos_}|{downs}",
        f"p={ups}|{top.pos_}|{downs}|{tt}",
        f"pl={ups}|{top_word}|{downs}",
        f"top={top_word}",
        f"top={top_word}|{tt}",
        f"plen={_bucket(len(up) + len(down), _DISTANCES)}",
        f"pass={passive}",
        f"top={top_word}|pass={passive}",
    ]
    if len(inner) <= 4:
        out += [f"pw={inner_words}", f"pw={inner_words}|{tt}", f"pwd={ups}|{inner_words}|{downs}"]
    for tok in inner:
        word = _lemma(tok)
        side = "s" if tok in up else ("o" if tok in down else "t")
        out += [f"on={word}", f"on={word}|{side}", f"on={word}|{tt}"]
        for trigger in lexicon.verbs.get(word, ()) + lexicon.nouns.get(word, ()):
            rel = trigger.relation.value
            reverse = "r" if trigger.spec.reverse else "f"
            out += [f"lex={rel}", f"lex={rel}|{side}|{reverse}", f"lex={rel}|{tt}"]
    if top is not a and top is not b and is_negated(top):
        out += ["neg", f"neg|{top_word}"]
    if gap <= 8:
        lo, hi = (sa, oa) if a.i < b.i else (oa, sa)
        between = pair.sent.doc[lo.end : hi.start]
        for tok in between:
            if not tok.is_punct:
                out.append(f"bw={_lemma(tok)}")
        if any(t.text == "(" for t in between):
            out.append("bracket_between")
        if any(t.text == "," for t in between):
            out.append(f"comma_between|{tt}")
    return out

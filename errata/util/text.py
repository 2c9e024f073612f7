"""The one text normaliser for matching: fingerprints, allowed phrases, suppressions and baselines."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` with runs of whitespace folded to one space, trimmed and lower-cased."""
    return _SPACE.sub(" ", text).strip().lower()


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""

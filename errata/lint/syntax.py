"""Evidence from the syntax of the text around a match, for rules: does it read as code or data?

Listings, signatures and settings are often printed in the body font (groff ``.nf`` examples, Texinfo
``@deftypefn``, DocBook pin tables), so the layout cannot tell them by their font. Their tokens can: an
operator or a path, dotted or underscored names, options, a shell prompt. A doubled word there is data
("integrand fcn fcn, double ll", "path path = foo.inc"), not a slip.
"""

from __future__ import annotations

import regex

_TOKEN = regex.compile(r"\S+")
_CODE_TOKEN = regex.compile(
    r"[=;{}<>\\|$#~^]"  # operators, prompts and braces
    r"|\w[./]\w"  # a dotted or slashed name: mb2hal.m.n, /usr/bin, foo.inc (not "e.g." alone)
    r"|\w_\w|^_|_$"  # an underscored name
    r"|^--?\p{L}"  # an option
    r"|^\p{Ll}+\p{Lu}\p{Ll}"  # camelCase
    r"|\w\(|\)\w|^\(.*,$"  # a call or a signature
)
_ABBREVIATION = regex.compile(r"^(?:\p{L}\.){2,}$|^\p{L}{1,4}\.$")


def code_share(text: str, start: int, end: int, reach: int = 60) -> float:
    """The share of code-like tokens within ``reach`` characters around ``text[start:end]``."""
    window = text[max(0, start - reach) : end + reach]
    tokens = [t for t in _TOKEN.findall(window) if not _ABBREVIATION.match(t)]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _CODE_TOKEN.search(t)) / len(tokens)

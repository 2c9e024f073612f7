"""errata's built-in rules, one module per rule, loaded through the ``errata.rules`` entry point.

Installed, this folder is the package ``errata_rules``; from a source checkout errata loads it by path. Both
go through the same loader third-party rule packs use.
"""

from __future__ import annotations

from . import (
    adjective_for_adverb,
    article,
    dangling_reference,
    leftover_markup,
    misspelling,
    numbering,
    punctuation,
    repeated_phrase,
    repeated_word,
    term_consistency,
    unbalanced_bracket,
    unresolved_reference,
)

RULES = (
    repeated_word.RULE,
    adjective_for_adverb.RULE,
    unresolved_reference.RULE,
    leftover_markup.RULE,
    punctuation.RULE,
    unbalanced_bracket.RULE,
    repeated_phrase.RULE,
    article.RULE,
    misspelling.RULE,
    dangling_reference.RULE,
    term_consistency.RULE,
    numbering.RULE,
)

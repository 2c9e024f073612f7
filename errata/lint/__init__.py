"""Rules: the rule API (:mod:`~errata.lint.rule`), loading and selecting rule packs
(:mod:`~errata.lint.registry`), running them over a Document (:mod:`~errata.lint.engine`) and the
part-of-speech tagger they may ask for (:mod:`~errata.lint.nlp`). Knows nothing of PDFs or output formats."""

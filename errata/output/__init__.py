"""Output: reporters (pure functions of a :class:`~errata.model.findings.Report`), page crops, the annotated
copy of the PDF. Knows nothing of how findings were made."""

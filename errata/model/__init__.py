"""The document model: what extraction produces (flows with a map back to the page) and what a scan reports
(located findings). Every other layer builds on these types; this layer imports nothing of errata but errors."""

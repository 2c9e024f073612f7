"""Project settings: the configuration (:mod:`~errata.project.config`, its keys defined once in
:mod:`~errata.project.keys`), what a project accepts (:mod:`~errata.project.suppress`) and baselines
(:mod:`~errata.project.baseline`)."""

"""Recall harness: errata planted into real sources, printed by real producers, scored (see run.py)."""

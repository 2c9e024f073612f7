"""``errata verify --tex``: every step of a LaTeX source's display math, checked numerically.

Importing this package imports neither sympy nor torch; they are imported when a file is checked.
"""

from __future__ import annotations

from .check import check_source, check_tex
from .notation import Notation, NotationError, default_notation, load_notation
from .results import StepResult, TexReport
from .source import TexSourceError, read_tex

__all__ = [
    "Notation",
    "NotationError",
    "StepResult",
    "TexReport",
    "TexSourceError",
    "check_source",
    "check_tex",
    "default_notation",
    "load_notation",
    "read_tex",
]

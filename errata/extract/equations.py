"""Stage 7: the equation numbers printed on a page, read from its analysed lines.

An equation number ("(10.9)", "(3a)", "(A.2)") is the rightmost word of a display-math line (or of a table or a
short prose line: a display set in text fonts), set apart from the rest of the line by at least twice the type
size.
"""

from __future__ import annotations

import re

from errata.extract.lines import Line, LineKind

EQUATION_NUMBER_RE = re.compile(r"^\((\d+(?:[.\-]\d+)*[a-z]?|[A-Z]\.\d+[a-z]?)\)$")


def equation_numbers(lines: list[Line]) -> list[str]:
    """Equation numbers such as '(10.9)' printed at the right end of display-math lines."""
    out: list[str] = []
    for ln in lines:
        if ln.kind not in (LineKind.MATH, LineKind.TABLE, LineKind.PROSE) or not ln.words:
            continue
        last = max(ln.words, key=lambda w: w.x1)
        m = EQUATION_NUMBER_RE.match(last.text)
        if not m:
            continue
        others = [w for w in ln.words if w is not last]
        if others and last.x0 - max(w.x1 for w in others) < 2 * ln.size:
            continue
        if ln.kind is LineKind.PROSE and len(others) > 3:
            continue
        out.append(m.group(1))
    return out

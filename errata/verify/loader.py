"""Loading user-written claims from a Python file (``errata verify --claims FILE``)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from errata.util.imports import import_path

from .core import Claim


class ClaimsFileError(ValueError):
    """A claims file could not be loaded or defines no claims."""


def load_claims_file(path: str | Path) -> list[Claim]:
    """Execute a ``.py`` file and return the claims it defines.

    If the file defines ``CLAIMS`` (a list of :class:`Claim`), that list is used; otherwise every
    module-level :class:`Claim` (e.g. functions decorated with ``@claim``), in definition order.
    """
    p = Path(path)
    if p.suffix != ".py":
        raise ClaimsFileError(f"{p}: a claims file must be a Python (.py) file")
    if not p.is_file():
        raise ClaimsFileError(f"{p}: {'is a directory, not a file' if p.is_dir() else 'no such file'}")
    digest = hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:12]
    name = f"errata_verify_claims_{digest}"
    sys.modules.pop(name, None)  # a claims file edited since it was last loaded is read afresh
    try:
        module = import_path(name, p)
    except Exception as exc:
        raise ClaimsFileError(f"{p}: {type(exc).__name__}: {exc}") from exc
    listed = getattr(module, "CLAIMS", None)
    if listed is not None:
        claims = list(listed)
        if not all(isinstance(c, Claim) for c in claims):
            raise ClaimsFileError(f"{p}: CLAIMS must be a list of Claim objects")
    else:
        claims = [v for v in vars(module).values() if isinstance(v, Claim)]
    if not claims:
        raise ClaimsFileError(f"{p}: defines no claims (use @claim(...) or a CLAIMS list)")
    ids = [c.id for c in claims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ClaimsFileError(f"{p}: duplicate claim ids: {', '.join(dupes)}")
    return claims

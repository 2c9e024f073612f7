"""What some formats need beyond the report: where paths are made relative to, and the page crops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath


@dataclass(frozen=True, slots=True)
class RenderContext:
    """``cwd``: the folder artifact paths are made relative to. ``images``: per finding fingerprint, its
    crops: PNG bytes (HTML inlines them) or file paths relative to the report (markdown links them)."""

    cwd: str | None = None
    images: Mapping[str, Sequence[bytes | str]] = field(default_factory=dict)

    def relative(self, path: str) -> str:
        """``path`` relative to ``cwd`` when it lies below it, with forward slashes."""
        if self.cwd is not None:
            try:
                return Path(path).resolve().relative_to(Path(self.cwd).resolve()).as_posix()
            except ValueError:
                pass
        return PurePath(path).as_posix()

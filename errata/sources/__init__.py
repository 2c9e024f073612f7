"""From the printed page back to the source: SyncTeX files, the LaTeX log, and attaching both to a report."""

from errata.sources.attach import attach_sources, find_synctex
from errata.sources.latexlog import LatexLog, parse_log
from errata.sources.synctex import SyncTex, SyncTexError

__all__ = ["LatexLog", "SyncTex", "SyncTexError", "attach_sources", "find_synctex", "parse_log"]

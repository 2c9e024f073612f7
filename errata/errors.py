"""Errors that end a run with exit code 2 and one clear line, never a traceback."""

from __future__ import annotations


class ErrataError(Exception):
    """A usage, configuration, plugin or input error: reported as one line, exit code 2."""


class InputError(ErrataError):
    """The input PDF cannot be read at all."""


class RulePackError(ErrataError):
    """A rule pack failed to load or declares an invalid rule."""

"""Reading the text files errata is given (configs, baselines, label files): every way such a file can be wrong
(missing, a directory, a device or a pipe, a symlink loop, too large, not UTF-8, nested too deeply to parse)
becomes one :class:`~errata.errors.ErrataError` line that names the file."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from errata.errors import ErrataError

MAX_INPUT_BYTES = 32 << 20  # far more than any config, baseline or label file; a larger one is a mistake


def read_text(path: str | Path, what: str, *, limit: int = MAX_INPUT_BYTES) -> str:
    """The UTF-8 text of ``path``; ``what`` starts the message of any error (e.g. ``"baseline x.json"``)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ErrataError(f"{what}: no such file") from None
    except OSError as exc:
        raise ErrataError(f"{what}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ErrataError(f"{what}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ErrataError(f"{what}: not a regular file")
    if info.st_size > limit:
        raise ErrataError(f"{what}: too large ({info.st_size / (1 << 20):.0f} MB; at most {limit >> 20} MB)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ErrataError(f"{what}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ErrataError(f"{what}: too large (at most {limit >> 20} MB)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ErrataError(f"{what}: the file is UTF-16; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ErrataError(
            f"{what}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def parse_toml(text: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ErrataError(f"{what}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ErrataError(f"{what}: invalid TOML: nested too deeply") from None


def parse_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ErrataError(f"{what}: not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise ErrataError(f"{what}: not JSON (nested too deeply)") from None

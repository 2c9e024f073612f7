"""Importing Python files by path: rule directories and claims files (both are user code, loaded on request)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def import_path(name: str, file: Path, package_dir: Path | None = None) -> ModuleType:
    """Import ``file`` as module ``name`` (a package when ``package_dir`` is given); re-use it if already loaded.

    Whatever the module raises propagates; a module that fails is not left half-imported in ``sys.modules``.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, file, submodule_search_locations=[str(package_dir)] if package_dir else None
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module

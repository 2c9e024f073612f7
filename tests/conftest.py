from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Scans in tests (and the CLI subprocesses they start) use a private extraction cache, never the user's.
os.environ["ERRATA_CACHE_DIR"] = tempfile.mkdtemp(prefix="errata-test-cache-")
FIXTURES = ROOT / "tests" / "fixtures" / "tex"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user (or a CI job) would."""
    return subprocess.run(
        [sys.executable, "-m", "errata", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="session")
def fixture_reports() -> dict[str, object]:
    """Each fixture PDF scanned once with every rule (the library API), shared by the tests."""
    from errata.pipeline import scan

    reports: dict[str, object] = {
        n: scan(str(FIXTURES / f"{n}.pdf")) for n in ("chapter10", "twocol", "clean", "tables", "beside")
    }
    for name in ("troff", "browser", "beside", "wordproc", "widths"):
        reports[f"other/{name}"] = scan(str(FIXTURES.parent / "other" / f"{name}.pdf"))
    return reports

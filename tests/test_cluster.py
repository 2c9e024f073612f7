"""A catalogue on a Dask cluster: the same files as a local run, retries of a task that raised or whose worker
died, books that are not the client's files, and the one-line errors of a missing scheduler or a missing
``distributed``. Every test runs a real ``distributed.LocalCluster`` (two single-thread workers)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, run_cli

distributed = pytest.importorskip("distributed")

ARGS = ("--no-cache", "--ignore", "grammar")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0"
    ) as local:
        yield local


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


def _books(root: Path) -> Path:
    """Three books: two small ones in a subfolder and the 8-page book, which ``--range-pages 3`` splits."""
    (root / "books" / "a").mkdir(parents=True)
    shutil.copy(FIXTURES / "clean.pdf", root / "books" / "a" / "clean.pdf")
    shutil.copy(FIXTURES / "twocol.pdf", root / "books" / "a" / "twocol.pdf")
    shutil.copy(FIXTURES.parent / "book" / "main.pdf", root / "books" / "main.pdf")
    return root


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON reports, summary and state file of a plain local run (one job) of :func:`_books`."""
    from errata.batch import scan_catalogue
    from errata.output.render import catalogue_output
    from errata.pipeline import ScanOptions, plan

    root = _books(tmp_path_factory.mktemp("reference"))
    here = os.getcwd()
    os.chdir(root)
    try:
        run = plan(ScanOptions(ignore=("grammar",)))
        done = scan_catalogue(["books"], run, catalogue_output("json"), folder="out", jobs=1)
    finally:
        os.chdir(here)
    assert (done.code, done.failed) == (1, ())
    return root / "out"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _library_scan(root: Path, runner: Any, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Any:
    from errata.batch import scan_catalogue
    from errata.output.render import catalogue_output
    from errata.pipeline import ScanOptions, plan

    monkeypatch.chdir(root)
    run = plan(ScanOptions(ignore=("grammar",)))
    return scan_catalogue(["books"], run, catalogue_output("json"), folder="out", runner=runner, **kw)


def test_a_cluster_run_writes_what_a_local_run_writes(tmp_path: Path, cluster: Any, reference: Path) -> None:
    remote = _books(tmp_path)
    there = run_cli(
        "scan", "books", "--format", "json", "-o", "out", *ARGS, "--cluster", cluster.scheduler_address,
        "--range-pages", "3", cwd=remote,
    )  # fmt: skip
    assert there.returncode == 1
    assert there.stderr == (
        "0 findings in books/a/clean.pdf: report written to out/a/clean.json\n"
        "2 findings in books/a/twocol.pdf: report written to out/a/twocol.json\n"
        "8 findings in books/main.pdf: report written to out/main.json\n"
        "10 findings in 3 books: summary written to out/summary.json\n"
    )
    files = _files(remote / "out")
    assert files == _files(reference)  # reports, summary and state file, byte for byte
    assert list(files) == [
        ".errata-catalogue.json",
        "a/clean.json",
        "a/twocol.json",
        "main.json",
        "summary.json",
    ]
    # A re-run (given the scheduler's file this time) skips the finished books; a book that is not a PDF is
    # reported and fails the run.
    (remote / "books" / "broken.pdf").write_text("not a PDF at all")
    (tmp_path / "scheduler.json").write_text(json.dumps({"address": cluster.scheduler_address}))
    again = run_cli(
        "scan", "books", "--format", "json", "-o", "out", *ARGS, "--cluster", str(tmp_path / "scheduler.json"),
        cwd=remote,
    )  # fmt: skip
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert again.stderr.count("unchanged since the last run") == 3
    assert "errata: error: books/broken.pdf: not a PDF (no %PDF- header)\n" in again.stderr
    summary = json.loads((remote / "out" / "summary.json").read_text())
    assert [(b["name"], b["skipped"]) for b in summary["books"]] == [
        ("a/clean", True),
        ("a/twocol", True),
        ("main", True),
    ]
    assert summary["failed"] == [
        {
            "book": "broken",
            "path": "books/broken.pdf",
            "error": "books/broken.pdf: not a PDF (no %PDF- header)",
        }
    ]


def test_a_task_that_raises_once_is_retried(
    tmp_path: Path, client: Any, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.flaky import FailingOnce

    marker = tmp_path / "failed-once"
    runner = FailingOnce(client, str(marker), "raise", "finish_book")
    done = _library_scan(_books(tmp_path), runner, monkeypatch, range_pages=3)
    assert marker.read_text() == "raise"  # the first try of main.pdf's assembly raised
    assert (done.code, done.failed) == (1, ())
    assert _files(tmp_path / "out") == _files(reference)


def test_a_task_that_always_fails_fails_its_book_only(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.flaky import FailingOnce

    marker = tmp_path / "always"
    runner = FailingOnce(client, str(marker), "always", "read_part")  # main.pdf, the one book split in parts
    done = _library_scan(_books(tmp_path), runner, monkeypatch, range_pages=6)
    assert done.code == 2
    assert done.failed == (
        (
            "books/main.pdf",
            "books/main.pdf: its task failed on the cluster (RuntimeError: this task fails on every try)",
        ),
    )
    assert [b["name"] for b in done.summary["books"]] == ["a/clean", "a/twocol"]
    assert done.summary["failed"] == [{"book": "main", "path": "books/main.pdf", "error": done.failed[0][1]}]
    assert not (tmp_path / "out" / "main.json").exists()


def test_a_worker_that_dies_mid_book_costs_only_its_task(
    tmp_path: Path, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psutil

    from errata.batch import scan_catalogue
    from errata.output.render import catalogue_output
    from errata.pipeline import ScanOptions, plan
    from tests.support.flaky import FailingOnce

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    _books(tmp_path / "died")
    marker = tmp_path / "died-once"
    run = plan(ScanOptions(ignore=("grammar",)))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        # The workers started in another folder: they read the book from the client's.
        monkeypatch.chdir(tmp_path / "died")
        runner = FailingOnce(client, str(marker), "die", "read_part")
        done = scan_catalogue(
            ["books/main.pdf"], run, catalogue_output("json"), folder="out", runner=runner, range_pages=3
        )
    assert marker.read_text() == "die"  # one worker process exited in the middle of a run of main.pdf's pages
    assert (done.code, done.failed) == (1, ())
    assert (tmp_path / "died" / "out" / "main.json").read_bytes() == (reference / "main.json").read_bytes()
    left = [p.cmdline() for p in psutil.Process().children(recursive=True) if p.pid not in before]
    # No worker is left behind (multiprocessing's resource tracker lives as long as this process, by design).
    assert [c for c in left if "multiprocessing.resource_tracker" not in " ".join(c)] == []


def test_a_book_that_is_not_the_clients_file_is_not_scanned(tmp_path: Path, client: Any) -> None:
    from errata import __version__
    from errata.batch.tasks import BookTask, scan_book
    from errata.pipeline import ScanOptions

    pdf = _books(tmp_path) / "books" / "main.pdf"
    task = BookTask(str(pdf), str(tmp_path), "0" * 64, __version__, ScanOptions(), checked=True)
    answer = client.submit(scan_book, task, pure=False).result()
    assert answer.value is None
    assert answer.error == (
        f"{pdf}: the file on worker {socket.gethostname()} is not the client's (sha256 "
        "a9a448037323… against 000000000000…): the books must be on a filesystem the client and every worker "
        "share"
    )
    older = client.submit(scan_book, BookTask(str(pdf), str(tmp_path), "0" * 64, "0.0.1", ScanOptions()))
    assert older.result().error == (
        f"worker {socket.gethostname()} runs errata {__version__}, the client 0.0.1: install the same version "
        "everywhere"
    )


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    _books(tmp_path)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run_cli(
        "scan", "books", "--cluster", f"tcp://127.0.0.1:{port}", "--connect-timeout", "1", cwd=tmp_path
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (
        2,
        f"errata: error: no Dask scheduler answered at tcp://127.0.0.1:{port} within 1 s (OSError)\n",
    )


def test_without_distributed_cluster_mode_is_an_install_hint(tmp_path: Path) -> None:
    _books(tmp_path)
    code = "import sys; sys.modules['distributed'] = None; from errata.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "scan", "books", "--cluster", "tcp://127.0.0.1:8786"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (
        2,
        "errata: error: --cluster needs Dask's distributed: pip install 'errata[cluster]'\n",
    )

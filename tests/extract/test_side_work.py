"""Work the scan's own process does while its workers read pages (the rules load their models then): it runs
once, beside the reading, is done when the reading is, never overlaps a fork, and changes nothing read."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from errata.extract import extract
from errata.extract.workers import Job, Supervisor
from errata.lint.engine import prepare_rules
from errata.lint.rule import Examples, Rule, Severity
from errata.pipeline import ScanOptions, scan
from tests.support import hostile

FIXTURES = Path(__file__).parent.parent / "fixtures"
CHAPTER = FIXTURES / "tex" / "chapter10.pdf"


class Recorder:
    def __init__(self, seconds: float = 0.0, release: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.release = release
        self.threads: list[str] = []
        self.finished = threading.Event()

    def __call__(self) -> None:
        self.threads.append(threading.current_thread().name)
        time.sleep(self.seconds)
        if self.release is not None:
            self.release.wait(60)
        self.finished.set()


@pytest.mark.parametrize("jobs", [1, 2])
def test_side_work_runs_once_in_a_thread_and_is_done_when_the_pages_are(jobs: int) -> None:
    side = Recorder(seconds=0.5)
    doc = extract(str(CHAPTER), jobs=jobs, beside=side)
    assert side.threads == ["errata-beside"]
    assert side.finished.is_set()
    assert doc == extract(str(CHAPTER), jobs=jobs)


def test_side_work_runs_inline_when_every_page_comes_from_the_cache(tmp_path: Path) -> None:
    extract(str(CHAPTER), use_cache=True, cache_dir=tmp_path)
    side = Recorder()
    extract(str(CHAPTER), use_cache=True, cache_dir=tmp_path, beside=side)
    assert side.threads == [threading.main_thread().name]


def test_no_worker_is_forked_while_the_side_work_runs(tmp_path: Path) -> None:
    """Page 2 hangs its reader, which is killed and replaced while the side work still runs (it waits until
    the replacement is asked for): the replacement is forked only once the side work has finished."""
    pdf = tmp_path / "glyphs.pdf"
    pdf.write_bytes(hostile.many_glyphs())
    release = threading.Event()
    side = Recorder(release=release)
    supervisor = Supervisor(Job("pdfium", str(pdf), None), 1, page_timeout=0.5, beside=side)
    running_when_asked: list[bool] = []
    finished_when_forked: list[bool] = []
    start = supervisor._start

    def watched_start():  # type: ignore[no-untyped-def]
        running_when_asked.append(supervisor.side is not None and supervisor.side.is_alive())
        if running_when_asked[-1]:
            release.set()  # the side work may end now; the fork below must wait for it
        worker = start()
        finished_when_forked.append(side.finished.is_set())
        return worker

    supervisor._start = watched_start  # type: ignore[method-assign]
    pages = list(supervisor.run([1, 2, 3]))
    assert [p.index for p in pages] == [1, 2, 3]
    assert pages[1].digest.error == "gave up after 0.5 s (--page-timeout)"
    assert supervisor.replaced == 1
    # The first worker starts before the side work; the replacement is asked for while it runs, and forked
    # after it has finished.
    assert running_when_asked == [False, True]
    assert finished_when_forked == [False, True]
    assert side.threads == ["errata-beside"]


def _broken() -> object:
    raise RuntimeError("no model here")


def test_a_rule_whose_preparation_fails_is_left_to_report_it_when_it_runs() -> None:
    rule = Rule(
        id="broken",
        summary="prepares badly",
        severity=Severity.WARNING,
        check=lambda flow, ctx: iter(()),
        examples=Examples(bad=(), good=()),
        prepare=_broken,
    )
    prepare_rules([rule])  # no exception: the failure is the rule's to meet


def test_a_scan_gives_the_same_report_with_its_rules_prepared_beside() -> None:
    options = ScanOptions(use_cache=False)
    report = scan(str(CHAPTER), options)
    from errata.extract import extract as plain_extract
    from errata.pipeline import finish, plan

    run = plan(options)
    doc = plain_extract(str(CHAPTER))
    assert finish(doc, str(CHAPTER), run).findings == report.findings
    assert [f.rule for f in report.findings]  # the seed chapter has findings to compare


def test_a_long_reading_is_done_without_the_side_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past BESIDE_PAGES the models would sit under the whole reading's memory: the work is left undone."""
    import errata.extract

    pages = len(extract(str(CHAPTER)).pages_scanned)
    assert pages > 1
    monkeypatch.setattr(errata.extract, "BESIDE_PAGES", pages - 1)
    side = Recorder()
    extract(str(CHAPTER), beside=side)
    assert side.threads == []
    monkeypatch.setattr(errata.extract, "BESIDE_PAGES", pages)
    extract(str(CHAPTER), beside=side)
    assert side.threads == ["errata-beside"]

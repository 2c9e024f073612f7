"""Mutations of real PDFs for robustness testing: bit flips, truncations and duplicated chunks.

Used by the test suite (a bounded, seeded run) and by ``tools/fuzz_pdfs.py`` (a long run). The contract under
test: every mutated file either fails to open with one :class:`~errata.errors.InputError`, or yields a report in
which unreadable pages are ``page-unreadable`` problems; nothing else escapes, and nothing hangs past the page
timeout.
"""

from __future__ import annotations

import random


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation of ``data``: its kind and the mutated bytes."""
    kind = rng.choice(["flip", "flip", "truncate", "duplicate", "zero", "splice"])
    buf = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del buf[rng.randrange(1, len(buf)) :]
    elif kind == "duplicate":
        a = rng.randrange(len(buf))
        b = min(len(buf), a + rng.randint(1, 4096))
        at = rng.randrange(len(buf))
        buf[at:at] = buf[a:b]
    elif kind == "zero":
        a = rng.randrange(len(buf))
        buf[a : a + rng.randint(1, 2048)] = bytes(min(2048, len(buf) - a))
    else:  # splice: a chunk of the file moved elsewhere
        a = rng.randrange(len(buf))
        chunk = buf[a : a + rng.randint(1, 1024)]
        del buf[a : a + len(chunk)]
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = chunk
    return kind, bytes(buf)

"""Code-like context: the share of tokens around a match that are operators, paths, names or options."""

from __future__ import annotations

import pytest

from errata.lint.syntax import code_share


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("The block reads from the stream and writes its output to the the stream again.", 0.0),
        # [include] path = /path/to/foo.inc ; ... path = foo.inc: 5 of 12 tokens
        ("[include] path = /path/to/foo.inc ; include by absolute path path = foo.inc", 5 / 12),
        # -Wn -c -x {XID} -u ./gladevcp/hitcounter.py: 6 of 11 tokens
        ("halcmd loadusr -Wn gladevcp gladevcp -c gladevcp -x {XID} -u ./gladevcp/hitcounter.py", 6 / 11),
        ("As we saw, e.g. in Fig. 3, the the model and i.e. the layer are small.", 0.0),
    ],
)
def test_code_share(text: str, share: float) -> None:
    middle = len(text) // 2
    assert code_share(text, middle, middle) == pytest.approx(share)

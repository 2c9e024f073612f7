"""Small PDFs, written byte by byte, whose one bad page costs a reader far more than its size suggests.

Each builder returns the bytes of a three-page PDF: page 1 and 3 are ordinary text, page 2 is the hostile one,
so that a test can check that the bad page is reported and both of its neighbours are still scanned.
"""

from __future__ import annotations

import zlib

ORDINARY = b"BT /F1 12 Tf 72 700 Td (An ordinary page of text, the one before or after the bad one.) Tj ET"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    data = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def build(content: bytes, *, forms: list[bytes] | None = None, stream: bytes | None = None) -> bytes:
    """A three-page PDF whose second page draws ``content`` (or has ``stream``, a whole stream object, as its
    content); ``forms`` are Form XObjects named /X0, /X1, ... (form k may draw the forms before it)."""
    forms = forms or []
    objects: list[bytes] = [
        b""
    ] * 8  # 1 catalog, 2 pages, 3-5 pages, 6 font, 7-8 ordinary and hostile content
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"
    first_form = len(objects) + 1
    xobjects = b" ".join(b"/X%d %d 0 R" % (k, first_form + k) for k in range(len(forms)))
    resources = b"<< /Font << /F1 6 0 R >> /XObject << %s >> >>" % xobjects
    for k, content_ref in enumerate((7, 8, 7)):
        objects[2 + k] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
            % (resources, content_ref)
        )
    objects[5] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects[6] = _stream(ORDINARY)
    objects[7] = stream if stream is not None else _stream(content)
    for k, body in enumerate(forms):
        inner = b" ".join(b"/X%d %d 0 R" % (j, first_form + j) for j in range(k))
        extra = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> "
        extra += b"/XObject << %s >> >> " % inner
        objects.append(_stream(body, extra))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_glyphs(n: int = 1_000_000) -> bytes:
    """A page that shows ``n`` one-glyph strings: PDFium spends seconds inside its text loading, in C."""
    return build(b"BT /F1 1 Tf 10 10 Td " + b"(x) Tj " * n + b"ET")


def nested_forms(depth: int = 24) -> bytes:
    """Form k draws form k-1 twice: a page of a few hundred bytes that draws 2**depth glyphs."""
    forms = [b"BT /F1 1 Tf 10 10 Td (x) Tj ET"]
    forms += [b"q /X%d Do Q q /X%d Do Q" % (k, k) for k in range(depth)]
    return build(b"/X%d Do" % depth, forms=forms)


def huge_inline_image(megabytes: int = 400) -> bytes:
    """An inline image of ``megabytes`` of pixels in a content stream compressed twice (under a kilobyte)."""
    side = int((megabytes << 20) ** 0.5)
    head = b"q 100 0 0 100 72 400 cm BI /W %d /H %d /CS /G /BPC 8 ID " % (side, side)
    deflate = zlib.compressobj(9)
    block = bytes(1 << 24)
    parts = [deflate.compress(head)]
    remaining = side * side
    while remaining > 0:
        parts.append(deflate.compress(block[: min(len(block), remaining)]))
        remaining -= len(block)
    parts.append(deflate.compress(b" EI Q"))
    parts.append(deflate.flush())
    twice = zlib.compress(b"".join(parts), 9)
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
    return build(b"", stream=stream + twice + b"\nendstream")

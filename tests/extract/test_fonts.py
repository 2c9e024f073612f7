"""Font kinds and glyph normalisation, from font names and glyph strings alone."""

from __future__ import annotations

import pytest

from errata.extract.fonts import FontKind, font_basename, font_class, font_kind, is_bold, normalize_glyph
from errata.extract.words import Word


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("PGXFVZ+CMR10", FontKind.TEXT),
        ("Times-Roman", FontKind.TEXT),
        ("ABCDEF+CMTT10", FontKind.MONO),
        ("Courier-Bold", FontKind.MONO),
        ("XYZABC+SourceCodePro-Regular", FontKind.MONO),
        ("DejaVuSansMono", FontKind.MONO),
        ("ABCDEF+CMMI10", FontKind.MATH),
        ("CMSY10", FontKind.MATH),
        ("CMEX10", FontKind.MATH),
        ("ABCDEF+CambriaMath", FontKind.MATH),
        ("Symbol", FontKind.MATH),
        ("MSBM10", FontKind.MATH),
    ],
)
def test_font_kind_from_the_name_after_the_subset_prefix(name: str, kind: FontKind) -> None:
    assert font_kind(name) is kind


def test_a_subset_prefix_is_stripped_and_only_the_first_plus_counts() -> None:
    assert font_basename("PGXFVZ+CMR10") == "CMR10"
    assert font_basename("CMR10") == "CMR10"
    assert font_basename("AB+C+D") == "C+D"


@pytest.mark.parametrize(
    ("name", "bold"),
    [
        ("ABCDEF+CMBX12", True),
        ("Times-Bold", True),
        ("Helvetica-BoldOblique", True),
        ("MinionPro-Semibold", True),
        ("Arial,Bd", True),
        ("ABCDEF+CMR10", False),
        ("Times-Italic", False),
        ("ABCDEF+CMB10", True),
    ],
)
def test_bold_from_the_name(name: str, bold: bool) -> None:
    assert is_bold(name) is bold


def test_font_class_is_kind_and_bold_together() -> None:
    assert font_class("ABCDEF+CMBX10") == (FontKind.TEXT, True)
    assert font_class("Courier-Bold") == (FontKind.MONO, True)


@pytest.mark.parametrize(
    ("glyph", "text"),
    [
        ("\ufb01", "fi"),
        ("\ufb03", "ffi"),
        ("(cid:12)", "\ufffd"),
        ("\u00ad", "-"),
        ("\u00a0", " "),
        ("\u2009", " "),
        ("e\ufb00", "eff"),
        ("a", "a"),
    ],
)
def test_glyph_text_as_prose(glyph: str, text: str) -> None:
    assert normalize_glyph(glyph) == text


def test_a_ligature_glyph_is_spread_evenly_over_its_width() -> None:
    w = Word.from_glyphs(
        [("o", 0.0, 5.0), ("\ufb03", 5.0, 20.0), ("x", 20.0, 25.0)], 90.0, 100.0, 10.0, "CMR10"
    )
    assert w is not None
    assert (w.text, w.x0, w.x1) == ("offix", 0.0, 25.0)
    assert w.cx0 == [0.0, 5.0, 10.0, 15.0, 20.0]
    assert w.cx1 == [5.0, 10.0, 15.0, 20.0, 25.0]


def test_a_word_takes_its_font_kind_and_weight_and_a_blank_glyph_run_is_no_word() -> None:
    mono = Word.from_glyphs([("x", 0.0, 5.0)], 90.0, 100.0, 10.0, "ABCDEF+CMTT10")
    bold = Word.from_glyphs([("\u00e9", 0.0, 5.0)], 90.0, 100.0, 10.0, "Times-Bold")
    assert mono is not None and bold is not None
    assert (mono.kind, mono.bold, mono.masked) == (FontKind.MONO, False, True)
    assert (bold.text, bold.kind, bold.bold, bold.masked) == ("\u00e9", FontKind.TEXT, True, False)
    assert Word.from_glyphs([("\u00a0", 0.0, 5.0)], 90.0, 100.0, 10.0, "CMR10") is None

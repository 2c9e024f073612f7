"""Kinds of planted errata and the edits that plant them into a paragraph's word list.

A paragraph is a list of words as printed, separated by spaces. Each operation takes the list and a seeded
random generator and returns the edited list with the span of words the erratum covers, or None when the
paragraph offers no place for it. References are planted as special words (``\\x01ref:Section\\x01).``) that
each producer renders its own way: an undefined ``\\ref`` in LaTeX, a literal "??" elsewhere.

Core kinds are scored against errata's rules of the same name; the others are for rules that do not exist yet
and are marked ``future``. The kinds for the document-level rules (:data:`DOCUMENT`) are planted by
:mod:`benchmarks.inject.refs` into documents of their own, and are marked ``future`` too (not core).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORE = ("repeated-word", "adjective-for-adverb", "unresolved-reference")
FUTURE = ("a-an", "misspelling", "doubled-phrase", "doubled-punctuation", "leftover-markup")
DOCUMENT = ("dangling-reference", "numbering", "term-consistency")

# Adjective -> adverb pairs used to plant "is usual represented"-style slips. Typed here on purpose
# independently of any list errata ships, so that the corpus does not measure errata against itself.
ADVERBS = {
    "usual": "usually",
    "automatic": "automatically",
    "careful": "carefully",
    "complete": "completely",
    "direct": "directly",
    "exact": "exactly",
    "general": "generally",
    "independent": "independently",
    "proper": "properly",
    "quick": "quickly",
    "recent": "recently",
    "separate": "separately",
    "simple": "simply",
    "strict": "strictly",
    "typical": "typically",
    "correct": "correctly",
    "previous": "previously",
    "explicit": "explicitly",
    "silent": "silently",
    "manual": "manually",
    "dynamic": "dynamically",
    "static": "statically",
    "efficient": "efficiently",
    "random": "randomly",
    "normal": "normally",
    "actual": "actually",
    "original": "originally",
    "initial": "initially",
    "optional": "optionally",
    "internal": "internally",
    "external": "externally",
    "permanent": "permanently",
    "temporary": "temporarily",
    "immediate": "immediately",
    "successful": "successfully",
    "easy": "easily",
    "necessary": "necessarily",
    "common": "commonly",
    "entire": "entirely",
    "partial": "partially",
    "clear": "clearly",
    "literal": "literally",
    "implicit": "implicitly",
    "recursive": "recursively",
    "consistent": "consistently",
    "reasonable": "reasonably",
    "relative": "relatively",
    "unique": "uniquely",
    "frequent": "frequently",
    "primary": "primarily",
    "sequential": "sequentially",
    "exclusive": "exclusively",
    "specific": "specifically",
    "incorrect": "incorrectly",
    "traditional": "traditionally",
    "interactive": "interactively",
    "local": "locally",
    "global": "globally",
    "safe": "safely",
    "rare": "rarely",
}
_ADJECTIVE_OF = {adv: adj for adj, adv in ADVERBS.items()}
_IRREGULAR_PARTICIPLES = frozenset(
    "set put made done shown given known written taken read built kept left sent found held run split cut "
    "seen chosen begun drawn thrown grown bound broken spoken driven hidden forgotten gotten proven frozen "
    "stolen ridden risen beaten eaten fallen forbidden bitten woken sworn torn worn born".split()
)
# Words that end like a participle and are none: "between", "often", "something", "exceed" ("should be
# primary between 0 and 100" is no adjective-for-adverb slip).
_NOT_PARTICIPLES = frozenset(
    "during string spring evening morning ceiling lightning pudding wedding exceed proceed succeed indeed "
    "need speed breed seed hundred kindred sacred naked wicked embed".split()
)
# Words before which a participle phrase takes an adverb: be-forms, "not", comparatives, modals' "be".
_BEFORE = frozenset("is are was were be been being not more less most so too get gets".split())
# Closed-class words that cannot be the noun a participle modifies. An adjective inserted before a participle
# is a slip only where the participle is a verb ("is partial expanded by"); before a noun it makes a
# grammatical noun phrase ("which are separate unscaled values"), so insertion wants one of these next.
_NOT_A_NOUN = frozenset(
    "to by in on at of for from with without into onto as than if when unless until while because since "
    "before after during and or but nor so the a an this that these those its their his her our your my any "
    "each every all some no it they them he she we you i there here which who whom whose where what how why "
    "is are was were be been being has have had do does did can could may might must shall should will would "
    "not only also again later first".split()
)
_VOWEL = re.compile(r"^[aeio]")  # "u" and "h" are left out: "a user", "an hour" need a pronunciation model

_PLAIN = re.compile(r"^([A-Za-z]+(?:'[a-z]+)?)([,.;:]?)$")


def split_word(w: str) -> tuple[str, str] | None:
    """'word,' -> ('word', ','); None for anything that is not a plain word with optional punctuation."""
    m = _PLAIN.match(w)
    return (m.group(1), m.group(2)) if m else None


def is_participle(w: str) -> bool:
    s = split_word(w)
    if s is None or s[1]:
        return False
    core = s[0]
    if not core.islower():
        return False
    if core in _IRREGULAR_PARTICIPLES:
        return True
    return (
        core not in _NOT_PARTICIPLES
        and not core.endswith("thing")
        and bool(re.search(r"[a-z]{3,}(?:ed|ing)$", core))
    )


def _verb_follows(words: list[str], i: int) -> bool:
    """Whether the participle at ``i`` is a verb, not a noun's modifier: it ends the paragraph, or a
    closed-class word or an -ly adverb follows it ("is set to", "are read and"; "is shown below" is left out,
    as the planter cannot tell "below" from a noun)."""
    if i + 1 >= len(words):
        return True
    s = split_word(words[i + 1])
    if s is None:
        return False
    return s[0].lower() in _NOT_A_NOUN or (s[0].endswith("ly") and len(s[0]) > 4)


@dataclass
class Plant:
    kind: str
    start: int  # word span [start, end) of the erratum in the edited list
    end: int
    detail: str  # sub-kind: how it was planted
    text: str = ""  # the erratum as printed (filled by the caller)

    @property
    def future(self) -> bool:
        return self.kind in FUTURE or self.kind in DOCUMENT


Edit = tuple[list[str], Plant]


def repeated_word(words: list[str], rng: random.Random, at: int | None = None) -> Edit | None:
    """Double one word: 'the the', with a share 'the The'; ``at`` doubles that word (a line's last)."""
    if at is None:
        sites = [i for i, w in enumerate(words) if (s := split_word(w)) and len(s[0]) >= 1]
        if not sites:
            return None
        at = rng.choice(sites)
    s = split_word(words[at])
    if s is None:
        return None
    core, punct = s
    detail = "capitalised" if core[0].isupper() else "same-case"
    second = core
    if rng.random() < 0.15 and core[0].islower():
        second = core[0].upper() + core[1:]
        detail = "case-differs"
    new = [*words[:at], core, second + punct, *words[at + 1 :]]
    return new, Plant("repeated-word", at, at + 2, detail)


def adjective_for_adverb(words: list[str], rng: random.Random) -> Edit | None:
    """'is usually represented' -> 'is usual represented', or an adjective put before a participle."""
    replace = [
        i
        for i in range(len(words) - 1)
        if (s := split_word(words[i])) and not s[1] and s[0] in _ADJECTIVE_OF and is_participle(words[i + 1])
    ]
    if replace and rng.random() < 0.7:
        i = rng.choice(replace)
        before = split_word(words[i - 1]) if i > 0 else None
        ctx = before[0].lower() if before and not before[1] else ""
        new = [*words[:i], _ADJECTIVE_OF[words[i]], *words[i + 1 :]]
        return new, Plant(
            "adjective-for-adverb", i, i + 2, f"replace-after-{ctx if ctx in _BEFORE else 'other'}"
        )
    insert = [
        i
        for i in range(len(words) - 1)
        if (s := split_word(words[i]))
        and not s[1]
        and s[0].lower() in _BEFORE
        and is_participle(words[i + 1])
        and _verb_follows(words, i + 1)
    ]
    if not insert:
        return None
    i = rng.choice(insert)
    adj = rng.choice(sorted(ADVERBS))
    new = [*words[: i + 1], adj, *words[i + 1 :]]
    return new, Plant("adjective-for-adverb", i + 1, i + 3, f"insert-after-{words[i].lower()}")


_REFS = (
    ("(see", "ref:Section", ")"),
    ("(see", "ref:page", ")"),
    ("(see", "ref:Chapter", ")"),
    ("(", "ref:Figure", ")"),
    ("(", "ref:Table", ")"),
    ("(see", "ref:Appendix", ")"),
    ("on", "ref:page", ""),
    ("in", "ref:Section", ""),
    ("", "cite", ""),
    ("in", "eqref:Equation", ""),
)


def unresolved_reference(words: list[str], rng: random.Random) -> Edit | None:
    """Insert a reference that the producer prints unresolved: 'Section ??', 'page ??', '[?]', '(??)'."""
    sites = [i for i, w in enumerate(words) if (s := split_word(w)) and len(s[0]) > 2]
    if not sites:
        return None
    i = rng.choice(sites)
    core, punct = split_word(words[i]) or ("", "")
    lead, ref, close = rng.choice(_REFS)
    tail = close + punct
    if lead == "(":
        # "(Figure ??)": the opening parenthesis is glued to the keyword
        ins = [f"\x02(\x01{ref}\x01{tail}"]
    elif lead:
        ins = [lead, f"\x01{ref}\x01{tail}"]
    else:
        ins = [f"\x01{ref}\x01{tail}"]
    new = [*words[:i], core, *ins, *words[i + 1 :]]
    at = i + 1 + (len(ins) - 1)
    return new, Plant("unresolved-reference", at, at + 1, ref.split(":")[-1])


def a_an(words: list[str], rng: random.Random) -> Edit | None:
    # not after another article: in 'An a may be used' the letter a is a word of its own
    sites = [
        i
        for i in range(len(words) - 1)
        if words[i] in ("a", "an", "A", "An")
        and (s := split_word(words[i + 1]))
        and s[0].islower()
        and (i == 0 or words[i - 1].lower() not in ("a", "an", "the"))
        and words[i + 1].lower() not in ("a", "an")
    ]
    if not sites:
        return None
    i = rng.choice(sites)
    art = words[i]
    swapped = {"a": "an", "an": "a", "A": "An", "An": "A"}[art]
    new = [*words[:i], swapped, *words[i + 1 :]]
    return new, Plant("a-an", i, i + 2, "a-for-an" if swapped.lower() == "a" else "an-for-a")


@cache
def _typos() -> dict[str, list[str]]:
    """correct word -> misspellings, from codespell's dictionary when codespell is installed."""
    try:
        import codespell_lib  # type: ignore[import-not-found]
    except ImportError:
        return {}
    path = Path(codespell_lib.__file__).with_name("data") / "dictionary.txt"
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        typo, _, fix = line.partition("->")
        fix = fix.strip()
        if "," in fix or not typo.isalpha() or not fix.isalpha() or not typo.islower() or len(fix) < 5:
            continue
        out.setdefault(fix, []).append(typo)
    return out


def misspelling(words: list[str], rng: random.Random) -> Edit | None:
    typos = _typos()
    sites = [i for i, w in enumerate(words) if (s := split_word(w)) and s[0] in typos]
    if not sites:
        return None
    i = rng.choice(sites)
    core, punct = split_word(words[i]) or ("", "")
    new = [*words[:i], rng.choice(sorted(typos[core])) + punct, *words[i + 1 :]]
    return new, Plant("misspelling", i, i + 1, "codespell")


def doubled_phrase(words: list[str], rng: random.Random) -> Edit | None:
    n = rng.choice((2, 3))
    sites = [
        i for i in range(len(words) - n) if all((s := split_word(w)) and not s[1] for w in words[i : i + n])
    ]
    if not sites:
        return None
    i = rng.choice(sites)
    new = [*words[: i + n], *words[i : i + n], *words[i + n :]]
    return new, Plant("doubled-phrase", i, i + 2 * n, f"{n}-words")


def doubled_punctuation(words: list[str], rng: random.Random) -> Edit | None:
    sites = [i for i, w in enumerate(words) if (s := split_word(w)) and s[1] in (",", ";", ":")]
    if not sites:
        return None
    i = rng.choice(sites)
    new = [*words[:i], words[i] + words[i][-1], *words[i + 1 :]]
    return new, Plant("doubled-punctuation", i, i + 1, "doubled" + words[i][-1])


def leftover_markup(words: list[str], rng: random.Random) -> Edit | None:
    sites = [i for i, w in enumerate(words) if w.endswith(".") and split_word(w)]
    if not sites:
        return None
    i = rng.choice(sites)
    mark = rng.choice((["TODO:", "check", "this."], ["(FIXME)"], ["\\ref{sec:intro}"], ["XXX"]))
    new = [*words[: i + 1], *mark, *words[i + 1 :]]
    return new, Plant("leftover-markup", i + 1, i + 1 + len(mark), mark[0].strip("(:)\\{"))


OPS = {
    "repeated-word": repeated_word,
    "adjective-for-adverb": adjective_for_adverb,
    "unresolved-reference": unresolved_reference,
    "a-an": a_an,
    "misspelling": misspelling,
    "doubled-phrase": doubled_phrase,
    "doubled-punctuation": doubled_punctuation,
    "leftover-markup": leftover_markup,
}


def special(word: str) -> tuple[str, str, str, str] | None:
    """A planted reference word -> (prefix, kind, keyword, suffix), e.g. ('(', 'ref', 'Section', ').')."""
    m = re.match(r"^(?:\x02([^\x01]*))?\x01(ref|eqref|cite)(?::([A-Za-z]+))?\x01(.*)$", word)
    if not m:
        return None
    return m.group(1) or "", m.group(2), m.group(3) or "", m.group(4)


def printed(word: str) -> str:
    """How a (possibly special) word prints when the reference is left unresolved."""
    sp = special(word)
    if sp is None:
        return word
    pre, kind, kw, suf = sp
    if kind == "cite":
        return f"{pre}[?]{suf}"
    if kind == "eqref":
        return f"{pre}{kw} (??){suf}"
    return f"{pre}{kw} ??{suf}"


def printed_text(words: list[str]) -> str:
    return " ".join(printed(w) for w in words)

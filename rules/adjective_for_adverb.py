"""An adjective where an adverb belongs: "the residual stream is usual representing the next token".

## What it does
Flags an adjective directly before a participle or "been" ("is usual representing", "are automatic
generated", "can easy trained", "not clear shown", "more efficient computed", "has usual been") when English
has a "-ly" adverb for it, and suggests the adverb ("usually representing"). Which adjectives have an adverb
comes from wordfreq's frequency list (every "-ly" word whose base is itself a word: common, or rarer and long
as "recursive"), not from a list typed by hand; the part-of-speech tags come from spaCy. Which words are
participles comes from their ending and from lemminflect's irregular forms (``rules/data``). After a form of
"be" or "not" the participle counts whatever the tagger calls it ("is random set to 0", "is not internal
enabled", "is easy running provides"), and so does an adjective with an adjective's ending that the tagger
calls a noun ("is manual taken"); an adverb may stand between the verb and the slip ("is usually deep
hidden"), and a subordinator may open the clause ("unless explicit bound to").

## Why is this bad?
The participle needs an adverb; the adjective is usually a slip made while editing a sentence ("is usually
representing" shortened to "is usual representing"). Spell checkers do not see it, since every word is spelled
correctly.

## Example
At the highest transformer blocks, the residual stream is usual representing the following token.

## Use instead
At the highest transformer blocks, the residual stream is usually representing the following token.

## Known false positives
Only an adjective in a verb phrase is a candidate: after a form of "be" or "have", a modal, "not", "more",
"less", "most", "so" or "too" (also across a line break), or after a subordinator with a past participle.
Attributive adjectives are skipped: elsewhere, after a determiner or preposition by the tagger ("the actual
formatting", "a different operating system", "an interesting reading", "X incremental offset"), and before a
participle that itself modifies a noun ("the usual training setup", "is usual training practice", "are
separate unscaled values"); an -ing word counts only after "be" or "so" ("is usual representing"), since
elsewhere it is a noun ("disables automatic spacing"), and not after a clause-opening "It", whose gerund is
the extraposed subject ("It is not effective having every test fail"). After "there is" the words are a noun
phrase ("there is less current drawn"). On 12,075 real pages the rule before the verb-phrase restriction gave
23 findings, 2 of them true. So are compound adjectives written without their hyphen ("is clear cut", "is real
valued", "double quoted", "the most common built in fonts": the joined form is a word, the pair is a known
compound, or a particle and a noun follow), participles that act as prepositions with their object ("is
different compared to", "is similar given that", "is correct given the assumptions"; "is partial given
multiple times" is missed with them) and adjectives whose "-ly" word means something else ("hard" / "hardly",
"present" / "presently", "open" / "openly"). An adjective before a participle that modifies a noun is never
flagged, even when it is the slip ("the recent processed data"): there it cannot be told from two stacked
adjectives ("the actual measured value"). The rule needs the spaCy model; without it the rule is skipped with
a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import regex

from errata.lint.nlp import load_tagger
from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.lint.syntax import code_share
from errata.model.document import Flow

from .lexicon import COMMON, adverb_of, zipf
from .lexicon import prepare as prepare_lexicon

# Participles that work as prepositions or conjunctions after a predicate adjective ("is different compared to",
# "is similar given that"), with the words that follow them then; None: a noun phrase or clause follows.
_PREPOSITIONAL: dict[str, frozenset[str] | None] = {
    "compared": frozenset({"to", "with"}),
    "based": frozenset({"on", "upon"}),
    "according": frozenset({"to"}),
    "depending": frozenset({"on", "upon"}),
    "owing": frozenset({"to"}),
    "starting": frozenset({"from", "with", "at"}),
    "beginning": frozenset({"from", "with", "at"}),
    **dict.fromkeys(
        "given including regarding considering concerning provided providing assuming excluding following "
        "notwithstanding pending barring using seeing granted speaking meaning".split()
    ),
}
# Tags that open a noun phrase or a clause: what a preposition-like participle governs ("given the constraints").
_PHRASE_START = frozenset("DT PDT PRP PRP$ NN NNS NNP NNPS JJ JJR JJS CD WDT WP WRB".split())
# Compound adjectives often written without their hyphen whose joined form is no word wordfreq knows.
_COMPOUNDS = frozenset(
    {
        "clear cut",
        "open ended",
        "short lived",
        "ready made",
        "free standing",
        "easy going",
        "real valued",
        "full fledged",
        "high ranking",
        "low lying",
        "deep seated",
        "long standing",
        "far reaching",
        "high pitched",
        "low paid",
        "high paid",
        "good looking",
        "hard working",
        "single threaded",
        "multi threaded",
        "open sourced",
        "double quoted",
        "single quoted",
        "double spaced",
        "single spaced",
        "double sided",
        "single sided",
        "double clicked",
        "double dotted",
    }
)
# Adjectives whose -ly word is not their manner adverb: "hardly" is not "in a hard way", "presently" and
# "currently" mean "now", "openly" "in public", "lively" "full of life"
# ("Menus are present allowing the user", "were open used to").
_OTHER_SENSE = frozenset(
    {
        "hard",
        "short",
        "late",
        "near",
        "pretty",
        "just",
        "even",
        "bare",
        "scarce",
        "high",
        "present",
        "current",
        "open",
        "live",
    }
)
# The words after which an adjective before a participle is in a verb phrase, where the adverb belongs: be and
# have, the modals, negation and degree words. Elsewhere ("X incremental offset", "consecutive dotted half
# notes") the adjective modifies a noun phrase (on 12,075 real pages, 17 of 23 findings were such).
_VERB_CONTEXT = frozenset(
    "is are was were be been being am isn't aren't wasn't weren't has have had having get gets got gotten "
    "can could may might must shall should will would not never also often still more less most so too".split()
)
# Subordinators, after which a clause with a bare participle goes on ("unless explicit bound to a command").
_SUBORDINATORS = frozenset("unless if when once as until while although though because whether".split())
_CONTEXT = _VERB_CONTEXT | _SUBORDINATORS
_CODE_SHARE = 0.3  # pin tables and settings ("Input(bit): clear requested offset") are no prose
_BE_FORMS = frozenset("is are was were be been being am isn't aren't wasn't weren't not".split())
# Adjective endings: a word with one that the tagger calls a noun is still the adjective ("is manual taken",
# "is static linked"); nouns whose -ly word is an adjective ("time"/"timely", "cost"/"costly") have none.
_ATTRIBUTIVE_BEFORE = frozenset("DT PRP$ CD JJ JJS POS PDT WDT IN".split())
_ADJECTIVE_ENDING = regex.compile(r"(?:al|ic|ive|ous|ful|ent|ant|ible|able|ary|ile)$")
_NOMINAL = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ"})  # a noun or a noun's adjective ("font encodings")
_PARTICLES = frozenset({"in", "up", "out", "on", "off", "down"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_NOUN_OR_VERB = _NOUN_TAGS | {"VB", "VBP"}  # "is manual taken", "did not recursive set"
# After "be ADJ", an -ing word that the tagger calls a noun is the verb when its object, a verb or a particle
# follows ("while find is recent executing (for example", "bash is easy running provides").
_VERB_NEXT = frozenset("DT PRP PRP$ VB VBD VBP VBZ MD TO RP -LRB-".split())
_JOINED = 1.5  # zipf frequency from which adjective+participle written together is a word ("hardcoded")

_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{N}\-'’_:./@])(?P<adj>\p{Ll}{3,})\s+(?P<part>\p{Ll}+)(?![\p{L}\-'’/])"
)
_DATA = Path(__file__).with_name("data") / "irregular_participles.txt"


@cache
def _irregular() -> frozenset[str]:
    """Past participles that do not end in -ed ("set", "run", "found"), from tools/build_participles.py."""
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _participle(word: str) -> bool:
    return word.endswith(("ed", "ing")) or word in _irregular()


def _ing_form(word: str) -> bool:
    """Whether an -ing word is made on a verb: "missing" on "miss", "executing" on "execute", "running" on
    "run"; "thing", "string" and "during" are not."""
    stem = word[:-3]
    if len(stem) < 3:
        return False
    made_on = (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else "")
    return any(w and zipf(w) >= COMMON for w in made_on)


def _participle_by_form(word: str) -> bool:
    """Whether ``word`` is a past participle by its form alone, whatever the tagger calls it: an irregular one,
    or an -ed word of five letters or more that is no -eed word made on another word ("speed", "exceed",
    "need"; "agreed" and "freed" are made on "agree" and "free")."""
    if word in _irregular():
        return word != "been"
    if not word.endswith("ed") or len(word) < 5:
        return False
    return not word.endswith("eed") or zipf(word[:-1]) >= COMMON


_BATCH = 4  # sentences the tagger takes at once: each holds about 2 MB of vectors until tagged

_LY = regex.compile(r"\p{Ll}{3,}ly$")  # an adverb between the verb and the adjective
_PREVIOUS_WORD = regex.compile(r"([\p{L}\d'’]+)\W*$")


def _candidates(text: str) -> list[regex.Match[str]]:
    """Adjective + participle pairs that pass the cheap tests; the tagger sees only their sentences."""
    out = []
    for m in _CANDIDATE.finditer(text, overlapped=True):
        adj, part = m.group("adj"), m.group("part").lower()
        if not _participle(part) or adj in _OTHER_SENSE or adverb_of(adj) is None:
            continue
        if f"{adj} {part}" in _COMPOUNDS or zipf(adj + part) >= _JOINED:
            continue
        previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
        if previous is not None and _LY.match(previous.group(1)):  # "is usually deep hidden"
            previous = _PREVIOUS_WORD.search(text, max(0, previous.start() - 40), previous.start())
        if previous is None or previous.group(1).lower() not in _CONTEXT:
            continue  # only where a verb phrase goes on: "is usual representing", "can easy trained"
        out.append(m)
    return out


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    text = flow.masked
    candidates = [m for m in _candidates(text) if code_share(text, m.start(), m.end()) < _CODE_SHARE]
    if not candidates:
        return
    nlp = ctx.nlp()
    sentences = [flow.sentence(m.start(), m.end()) for m in candidates]
    # Small batches: spaCy holds a whole batch's vectors (a thousand sentences by default) until it is tagged.
    docs = nlp.pipe((text[s:e].replace("\n", " ") for s, e in sentences), batch_size=_BATCH)
    for m, (s, _e), doc in zip(candidates, sentences, docs, strict=True):
        tokens = {t.idx: t for t in doc}
        adj, part = tokens.get(m.start("adj") - s), tokens.get(m.start("part") - s)
        if adj is not None and part is not None and _slip(doc, adj, part):
            adverb = adverb_of(m.group("adj")) or ""
            original = flow.text[m.start("adj") : m.end("part")]
            suggestion = f"{adverb} {flow.text[m.start('part') : m.end('part')]}"
            yield Hit(
                m.start("adj"),
                m.end("part"),
                f"Adjective ‘{m.group('adj')}’ used as an adverb in ‘{original}’",
                suggestion,
            )


def _clause_it(doc: Any, token: Any) -> bool:
    """Whether ``token`` is an "It" opening its sentence or clause, as in an extraposition ("It is not
    effective having ..."); "while it is efficient waiting" has a referent and no extraposed subject."""
    return token.lower_ == "it" and (token.i == 0 or doc[token.i - 1].is_punct)


def _verb_object(part: Any, nxt: Any) -> bool:
    """Whether a word the tagger calls a noun after the participle is no noun the participle modifies: an
    adjective by the lexicon ("is immediate taken relative to") or, after an -ing verb, a name or an option
    ("so global putting -delete first")."""
    ending = _ADJECTIVE_ENDING.search(nxt.lower_)
    if ending and adverb_of(nxt.lower_) is not None and not part.lower_.endswith("ing"):
        return True
    return part.lower_.endswith("ing") and nxt.tag_ in ("NNP", "NNPS")


def _noun_follows(doc: Any, token: Any) -> bool:
    """Whether a noun comes right after ``token`` (an adjective): "be valid reserved external addresses"."""
    return token.i + 1 < len(doc) and doc[token.i + 1].tag_ in _NOUN_TAGS


def _governs(part: str, nxt: Any) -> bool:
    """Whether ``part`` is a preposition-like participle with its object next ("compared to", "given the")."""
    if part not in _PREPOSITIONAL:
        return False
    expected = _PREPOSITIONAL[part]
    if nxt.lower_ == "that":
        return True
    return nxt.lower_ in expected if expected is not None else nxt.tag_ in _PHRASE_START


def _slip(doc: Any, adj: Any, part: Any) -> bool:
    """Whether the tagged pair is an adjective standing for the adverb of a verb's participle."""
    if part.tag_ == "MD":
        return False  # "that are legal would be": lemminflect's table gives modals a participle
    before = doc[adj.i - 1] if adj.i > 0 else None
    nxt = doc[part.i + 1] if part.i + 1 < len(doc) else None
    word = before.lower_ if before is not None else ""
    if before is not None and before.tag_ == "RB" and _LY.match(before.text) and before.i > 0:
        word = doc[before.i - 1].lower_  # "is usually deep hidden": the verb is one word further back
    be = word in _BE_FORMS  # "is usual representing", "not automatic cleared"
    clause = word in _SUBORDINATORS  # "unless explicit bound"
    lexical = _participle_by_form(part.lower_) and part.tag_ != "CD"  # "set", "enabled", "taken"
    # The word is an adjective by the lexicon; in the slip's position the tagger often calls it an adverb
    # ("is easy trained"), and after "be" a noun when it has an adjective's ending ("is manual taken").
    if adj.tag_ not in ("JJ", "RB") and not (
        be and adj.tag_ in _NOUN_OR_VERB and _ADJECTIVE_ENDING.search(adj.lower_)
    ):
        return False
    if before is not None and not clause and word != "so" and before.tag_ in _ATTRIBUTIVE_BEFORE:
        return False  # attributive: "its usual training", "by static linking", "in general preferred"
    if any(t.lower_ == "there" for t in doc[max(0, adj.i - 3) : adj.i]):
        return False  # existential: "there is common ground", "there is less current drawn"
    if nxt is not None and _governs(part.lower_, nxt):
        return False  # "is different compared to", "is similar given that", "is correct given the"
    if part.tag_ in ("VBN", "VBG") or (part.tag_ == "VBD" and part.lower_.endswith("ed")):
        pass
    elif be and lexical and not (part.tag_ in _NOUN_TAGS and (nxt is None or nxt.is_punct)):
        pass  # the tagger calls "set", "read", "enabled" a noun or adjective after the adjective: "is random set to"
        # (a noun that ends the clause is one: "is valid input;")
    elif (
        be
        and part.tag_ in _NOUN_TAGS
        and nxt is not None
        and nxt.tag_ in _VERB_NEXT
        and _ing_form(part.lower_)
    ):
        pass  # "is easy running provides"; not "are clever thing to use"
    elif (
        be
        and part.tag_ == "JJ"
        and (nxt is None or nxt.tag_ in ("CC", ",", ".", "IN", "TO"))
        and _ing_form(part.lower_)
    ):
        pass  # "the keys may not be careful missing or empty"
    else:
        return False
    if clause and part.tag_ != "VBN":
        return False  # after a subordinator only a past participle: "after careful cleaning" is a noun
    if nxt is not None and nxt.tag_ in _NOUN_TAGS and not _verb_object(part, nxt):
        return False  # "is usual training practice": the participle modifies a noun
    after = doc[part.i + 2] if part.i + 2 < len(doc) else None
    if (
        not be
        and nxt is not None
        and nxt.lower_ in _PARTICLES
        and after is not None
        and after.tag_ in _NOMINAL
    ):
        return False  # a compound written without its hyphen: "the most common built in font encodings"
    if nxt is not None and nxt.lower_ == "of" and part.tag_ in _NOUN_TAGS:
        return False  # "is complete set of": a noun
    if (
        nxt is not None
        and nxt.tag_ in ("JJ", "JJR", "JJS")
        and not (be and lexical and not _noun_follows(doc, nxt))
    ):
        return False  # "consecutive dotted half notes": the participle is one of a noun's adjectives
    if part.lower_.endswith("ing") and part.tag_ != "VBN":
        if not (be or word == "so"):
            return (
                False  # outside a progressive ("is usual representing") an -ing word after an adjective is a
            )
            # noun: "disables automatic spacing", "needs careful placing", "More powerful debugging"
        if before is not None and before.lower_ == "be" and (before.i == 0 or doc[before.i - 1].is_punct):
            return False  # an imperative: "Be careful assigning the capability"
        if any(_clause_it(doc, t) for t in doc[max(0, adj.i - 4) : adj.i]):
            return False  # an extraposed gerund subject: "It is not effective having", "It can be awkward dealing"
    return True


def prepare() -> None:
    load_tagger()
    prepare_lexicon()
    _irregular()


RULE = Rule(
    id="adjective-for-adverb",
    summary="An adjective stands where an adverb should modify a participle",
    severity=Severity.WARNING,
    check=check,
    prepare=prepare,
    doc=__doc__ or "",
    category="grammar",
    examples=Examples(
        bad=(
            Bad(
                "At the highest transformer blocks, the residual stream is [[usual representing]] the following "
                "token.",
                fix="usually representing",
            ),
            Bad("The model is [[easy trained]] on small data.", fix="easily trained"),
            Bad("This is [[clear shown]] in Figure 3.", fix="clearly shown"),
            Bad("The labels are [[automatic generated]] by the script.", fix="automatically generated"),
            Bad("The weights were [[random initialized]] before training.", fix="randomly initialized"),
            Bad("The gradient is [[efficient computed]] in one pass.", fix="efficiently computed"),
            Bad("The cache is not [[automatic cleared]] between runs.", fix="automatically cleared"),
            Bad(
                "A deeper model is more [[accurate calibrated]] than a shallow one.",
                fix="accurately calibrated",
            ),
            Bad("The method has [[recent been]] extended to images.", fix="recently been"),
            Bad("The scores are\n[[random sampled]] from the model.", fix="randomly sampled"),
            Bad("If this variable is [[random set]] to 0, the debugger is off.", fix="randomly set"),
            Bad(
                "The shell exits when job control is not [[internal enabled]] and the flag is off.",
                fix="internally enabled",
            ),
            Bad("The directory is [[recursive created]] by the script.", fix="recursively created"),
            Bad("A negative offset is [[manual taken]] relative to the end.", fix="manually taken"),
            Bad("Such keys have no effect unless [[explicit bound]] to a command.", fix="explicitly bound"),
            Bad("The anchor is usually [[deep hidden]] in the internals.", fix="deeply hidden"),
            Bad(
                "The line is read as an expression, so [[random putting]] the option first breaks it.",
                fix="randomly putting",
            ),
            Bad("The keys may not be [[careful missing]] or empty.", fix="carefully missing"),
            Bad("Message was [[successful printed]].", fix="successfully printed"),
            Bad(
                "It ignores the signal while it is [[efficient waiting]] for the command.",
                fix="efficiently waiting",
            ),
        ),
        good=(
            "The usual training setup is cheap.",
            "It was a useful pretrained model.",
            "This is an interesting reading of the text.",
            "This is usual training practice.",
            "The result is different compared to the baseline.",
            "The distinction is clear cut in this case.",
            "The model is usually trained on small data.",
            "The goal is clear: training the model takes days.",
            "The actual formatting is done later.",
            "It runs on a different operating system.",
            "The function is real valued on its domain.",
            "The table is hard coded in the source.",
            "The inputs are of different sized batches.",
            "He was hard pressed to explain it.",
            "The sources are compiled, or static linking is done at installation.",
            "the form .__T__generic:derived is used",
            "It disables automatic spacing around punctuation.",
            "so it needs careful placing to avoid that anything else gets in front of it",
            "So for example, consecutive dotted half notes could be entered at once.",
            "If the user has a format they would like converted, they ask.",
            "axis.L.eoffset-clear Input(bit): clear requested offset 5.",
            "It is not effective having every test case fail.",
            "(It can be awkward dealing with nested code.)",
            "Menus are present allowing the user to alter options.",
            "A thread made when handles were open used to cause a crash.",
            "There is less current drawn by the input than the relay needs.",
            "The text is interpolated as though it were double quoted and then executed.",
            "The estimate is correct given the assumptions.",
            "The counts are separate unscaled values.",
            "The key is careful planning.",
            "It shows the two most common built in font encodings.",
            "There is common ground between the two designs.",
            "These must be valid reserved external IP addresses.",
            "Be careful assigning the mouse capability.",
            "The prefix is meant to be live migrated.",
            "Levels 1..9 are various speed/size tradeoffs.",
            "Report moves as simple deleted/created events.",
            "Such caches are several hundred bytes.",
            "I don’t think that quarks are wonderfully clever thing to use.",
            "Slurs that are not forced to be simple must be terminated.",
            "Changes for which CPAN is canonical should be coordinated upstream.",
            "The input is valid input; the other produces an error.",
            "The reference to it is global meaning you don’t need to use self.",
            "A second d if double dotted.",
        ),
    ),
)

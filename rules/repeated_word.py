"""A word printed twice in a row: "are just just the equation", "the⏎the" across a line break.

## What it does
Flags a word immediately followed by the same word, in any case ("the the", "the The", "section Section",
"Appendix Appendix"), also when the two are separated by a line break, a column break, a page break or a
hyphenated line end, since errata joins those before rules run. A block boundary (a heading, a new
paragraph) lies between the words of no match.

## Why is this bad?
A doubled word is the most common typo readers report, and the hardest one for authors to see: the eye skips
the second copy, especially when it starts a new line or a new page.

## Example
Equation (10.32) and following are just just the equation for a single transformer block.

## Use instead
Equation (10.32) and following are just the equation for a single transformer block.

## Known false positives
Grammatical doublings are skipped: "he had had enough" always; "that that" after a verb or before a noun
phrase ("He said that that approach fails", "I know that that is wrong"), not after a relative "that" ("files
that that match"); "no no", "so so", "well well", "many many" only before a pause ("No no, not that one"), never
before a word ("there is no no equivalent", "as well well as"); a doubled verb
("is is", "was was", "do do", "did did", "does does") only after a wh-clause that makes it grammatical ("what
it is is", "all he did did", "what they do do") or, for do, as the emphatic do after a pronoun ("we do do
different things", not before "not": "It did did not converge"), never elsewhere ("this file is is read"). A capitalised pair
is a name ("Bora Bora", "Pago Pago") unless the word is ordinary English (by wordfreq's frequency list) or the
document prints it in lower case too: "Appendix Appendix" is flagged. Also skipped: single letters other than
"a" ("x x", "W W Norton"; "a A" inside a sentence is flagged: a doubled article, or the article "an" that the
letter A takes, "inside a A element"; letters listed, "a A b B", are not), capitals outside lower-case prose (headings, rows of a table: "SHELL BUILTIN
BUILTIN" inside a sentence is flagged), a word next to its acronym ("the THE corpus"), typeset specimens
("run run RUN run") and runs of three or more copies ("fun fun fun", music glyphs read as "hh hh hh"), a
copy that runs into an address or a path ("Kelkel kelkel@example.org", "config config.toml"), a pair
among code or data set in the body font (a third of the tokens around it are operators, paths, dotted or
underscored names, options: "mb2hal.m.n.bit bit out", "path path = foo.inc"; but not "the the", "a a", "of
of", "to to", which no code doubles), lexicalised reduplications ("bye bye", "blah blah") and anything in math
or code. Tables are read a row at a time, and a pair only within one cell: two cells of a row printed apart
by more than a word space ("on    on") are no pair. A word that ends a short line, then the same word
capitalised at the start of the next, is a block ending and the next beginning (a run-in heading "Access to
images" before "Images for a package", "Package Options" before "Options can be set", a cell, a paragraph's
last line); at a line the text wrapped at it is a slip.
A pair whose copies are printed in different fonts is typography, not a slip: a definition-list term in
bold before a description that starts with it ("prove  prove is a command-line interface"), an option's
italic metavariable after its name ("-T title title"); on 12,075 real pages a font change marked 71 of 144
false alarms and 2 of 166 true doubled words. Add others with the rule's ``allow`` option.

## References
- LanguageTool's EnglishWordRepeatRule, which knows "had had" and "that that".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import regex

from errata.lint.rule import Bad, Examples, Hit, Rule, RuleContext, Severity
from errata.lint.syntax import code_share
from errata.model.document import BLOCK_BREAK, PROSE_REGIONS, Flow, Region

from .lexicon import foreign, is_common, zipf
from .lexicon import prepare as prepare_lexicon

# A doubled verb is grammatical after a wh-clause that is its subject: "what it is is", "all he did did".
_DOUBLED_VERBS = frozenset({"is", "was", "do", "does", "did"})
_WH_CLAUSE = regex.compile(
    r"(?i)\b(?:what|whatever|all|how|why|where|who|whoever|which)\b(?:\s+[\p{L}'’]+){1,5}\s*$"
)

# "We do do different things": a pronoun, the emphatic do, then the verb do. Before "not" it is a slip
# ("It did did not converge").
_EMPHATIC_DO = frozenset({"do", "does", "did"})
_EMPHASIS = regex.compile(r"(?i)\b(?:i|we|you|they|he|she|it)\s+$")
_NEGATION = regex.compile(r"\s+(?:not\b|n['’]t\b)", regex.IGNORECASE)

# Two copies of a word separated only by spaces (a line, column or page end is a space in a flow; a block
# boundary is a newline and is never crossed).
# Only the copy is matched without regard to case: every class here holds both cases of what it holds, so the
# matches are those of the whole pattern under IGNORECASE, and it runs ten times faster (full case folding of
# each letter class at every position is what cost).
_PAIR = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_'’\-\u2010\u2011\u2212@/.])(?<![^\s\ufffc]\ufffc+)(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?)"
    r" +((?i:\1))(?![\p{L}\p{N}\p{M}_'’\-\u2010\u2011\u2212\ufffc@/!>=<]|\.[\p{L}\p{N}])",
    regex.V1,
)
# A copy next to the pair: three or more in a row are sample text or glyphs ("fun fun fun", "hh hh hh"), not
# a slip of the pen, which doubles.
_CODE_SHARE = 0.3  # from this share of code-like tokens around it, a pair is data, not prose
# A third copy before or after the pair makes a run ("run run run"); a token that only starts with the word
# ("list List list-2", "file file file.txt") is another token.
_RUN_BEFORE = regex.compile(r"(?<![\p{L}\p{N}_-])(\p{L}[\p{L}\p{M}'’]*) +$", regex.V1)
_RUN_AFTER = regex.compile(r" +(\p{L}[\p{L}\p{M}'’]*)(?![\p{L}\p{N}_-]|\.\w)", regex.V1)

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")

# Doublings that are grammatical or lexicalised (lower case).
ALLOWED = frozenset(
    {
        "had had",
        "bye bye",
        "yes yes",
        "very very",
        "really really",
        "long long",  # C's integer type
        "much much",
        "million million",
        "billion billion",
        "thousand thousand",
        # other languages' grammatical doublings met in English books
        "die die",
        "der der",
        "das das",
        "nous nous",
        "vous vous",
        "ha ha",
        "tut tut",
        "knock knock",
        "chop chop",
        "pooh pooh",
        "bora bora",
        "pago pago",
        "baden baden",
        "walla walla",
        "sing sing",
        "cao cao",
        "duran duran",
        "mahi mahi",
        "tse tse",
        "tsetse",
        "dum dum",
        "hush hush",
        "tom tom",
        "ylang ylang",
        "aye aye",
        "bla bla",
        "blah blah",
        "tsk tsk",
        "grumble grumble",
        "twinkle twinkle",
        "hip hip",
        "hear hear",
    }
)

# Interjections and intensifiers that are doubled on purpose only before a pause ("No no, not that", "so-so",
# "Well well."): before a word they are slips ("there is no no equivalent", "as well well as", "so so to").
_BEFORE_A_PAUSE = frozenset({"no no", "so so", "well well", "now now", "there there", "many many"})
_PAUSE = regex.compile(r"\s*(?:[,.;:!?)\]…—–]|$)", regex.V1)

# "that that" is grammatical as a complementizer before a demonstrative ("He said that that approach fails",
# "I know that that is wrong", "the claim that that result holds"), a slip after a relative "that" ("files
# that that match", "an environment that that is a copy", "similar to that that accepted by"). The tagger
# tells the uses apart only with help: after a verb, or before a noun phrase, it is the grammatical one.
_THAT_BEFORE_NOUN = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "CD"})

# Words no code or data doubles: their pair is a slip even among options and paths ("bound to the the -t
# option"), where doubled names and keywords are data ("path path = foo.inc").
_NEVER_CODE = frozenset({"the", "a", "an", "of", "to"})

# Function words: a capitalised pair of these ("The The") is a typo, not a name.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "if",
        "then",
        "than",
        "we",
        "you",
        "they",
        "he",
        "she",
        "i",
        "our",
        "your",
        "their",
        "his",
        "her",
        "not",
        "no",
    ]
)


def check(flow: Flow, ctx: RuleContext) -> Iterator[Hit]:
    allowed = ALLOWED | {str(a).lower() for a in ctx.options.get("allow", ())}
    text = flow.masked
    lower_words: set[str] | None = None
    for m in _PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        low = first.lower()
        pair = f"{low} {second.lower()}"
        if pair in allowed:
            continue
        if pair in _BEFORE_A_PAUSE and _PAUSE.match(text, m.end()):
            continue  # "No no, not that one", "it was so so."
        if pair == "that that" and _grammatical_that_that(flow, m, ctx):
            continue
        if len(first) == 1 and (
            low != "a"
            or _LETTER_NEXT.match(text, m.end())
            or (second == "A" and (first == "A" or not _in_lower_case_prose(flow, m.start(), m.end())))
        ):
            continue  # variables, initials, letters listed: "x x", "W W Norton", "A A", "a a b c c"; not "is a A list"
        if second[0].isupper() and flow.apart(m.end(1), m.start(2)) and flow.ends_short(m.end(1), m.span(2)):
            continue  # "Access to images / Images for a package": a heading or a cell ends, the next begins
        if flow.region is Region.TABLE and not (first.islower() and second.islower()):
            continue  # a table's headings and labels repeat in capitals ("Direction Direction Steps")
        if first.isupper() and second.isupper() and not _in_lower_case_prose(flow, m.start(), m.end()):
            continue  # capitals: headings, acronyms, "Appendix A A sample session", table rows "N N Y"
        if len(second) > 1 and second.isupper() != first.isupper():
            continue  # a word and an acronym: "the THE corpus"
        if low in _DOUBLED_VERBS and _WH_CLAUSE.search(text, max(0, m.start() - 80), m.start()):
            continue  # "what it is is", "all he did did"
        if (
            low in _EMPHATIC_DO
            and _EMPHASIS.search(text, max(0, m.start() - 12), m.start())
            and not _NEGATION.match(text, m.end())
        ):
            continue  # "we do do different things": the emphatic do before the verb do
        if first[0].isupper() and second[0].isupper() and low not in _FUNCTION_WORDS and not first.isupper():
            if lower_words is None:
                lower_words = ctx.of_flow(flow, _lower_words)
            if low not in lower_words and not is_common(low):
                continue  # a name: "Bora Bora", "Pago Pago"
        if not flow.same_font(m.span(1), m.span(2)):
            continue  # a term and its description, an option and its metavariable: "prove prove is", "-T title title"
        if flow.region is Region.TABLE and (
            flow.apart(m.end(1), m.start(2)) or not _english_cell(flow, m, low)
        ):
            continue  # two cells of a row ("on  on"), glyphs or code in a table ("dd dd", "head head name:type")
        if _in_a_run(text, m.start(), m.end(), low) or _is_specimen(flow, m.start(), m.end(), low):
            continue
        if foreign(flow, m.start(), m.end()):
            continue  # another language's sentence (Latin chant, a French quotation): no judging its doublings
        if low not in _NEVER_CODE and _code_around(flow, m) >= _CODE_SHARE:
            continue  # data or code set in the body font: "path path = foo.inc ; find it"
        yield Hit(m.start(), m.end(), f"Repeated word ‘{flow.text[m.start(2) : m.end(2)]}’", first)


_LETTER_NEXT = regex.compile(r"\s+\p{L}\b")  # "a A b B": letters listed, not words


def _code_around(flow: Flow, m: regex.Match[str]) -> float:
    """The share of code-like tokens around the pair, within its sentence: the options of the next item of an
    option list ("turned on on implicitly. -W file, --what-if=file") say nothing of this one."""
    s, e = flow.sentence(m.start(), m.end())
    return code_share(flow.masked[s:e], m.start() - s, m.end() - s)


def _english_cell(flow: Flow, m: regex.Match[str], low: str) -> bool:
    """Whether a pair in a table row is English: a word English knows, with a vowel and not one letter over
    and over, in a row of three or more words that are mostly ordinary. Tables also hold music and symbol
    glyphs read as letters ("dd dd", "hh hh", "flˇ flˇ"), glyph charts and code ("head head name:type:kern1"),
    which repeat by design."""
    if (len(low) > 1 and len(set(low)) == 1) or not _VOWEL.search(low) or zipf(low) < _KNOWN:
        return False
    s, e = flow.sentence(m.start(), m.end())
    tokens = flow.masked[s:e].split()
    return len(tokens) >= 3 and sum(1 for t in tokens if is_common(t.strip(_PUNCT).lower())) >= 0.6 * len(
        tokens
    )


_PUNCT = ".,;:!?()[]{}\"'‘’“”"
_VOWEL = regex.compile(r"[aeiouy]")
_KNOWN = 2.0  # zipf: a word English uses at all ("queried" 2.7), not a glyph's letters


def _grammatical_that_that(flow: Flow, m: regex.Match[str], ctx: RuleContext) -> bool:
    s, e = flow.sentence(m.start(), m.end())
    if m.start() - s > 250 or e - m.end() > 250:
        return True  # no sentence to read: keep the grammatical reading
    doc = ctx.nlp()(flow.masked[s:e].replace("\n", " "))
    first = next((t for t in doc if t.idx == m.start(1) - s), None)
    if first is None or first.i + 1 >= len(doc):
        return True
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[first.i + 2] if first.i + 2 < len(doc) else None
    if before is not None and before.tag_.startswith("VB"):
        return True  # "said that that", "know that that"
    if after is not None and after.tag_ in ("VBN", "VBG") and after.i + 1 < len(doc):
        after = doc[after.i + 1]  # "important that that counted reference be cleaned up"
        return after.tag_ in ("NN", "NNS", "NNP", "NNPS")
    return after is not None and after.tag_ in _THAT_BEFORE_NOUN  # "the claim that that result holds"


# Capitals doubled inside a sentence of lower-case prose are a slip too ("see SHELL BUILTIN BUILTIN COMMANDS
# below", "set -k in MAKEFLAGS MAKEFLAGS"); in a heading or a row of capitals they are not.
_LOWER_SHARE = 0.5


def _in_lower_case_prose(flow: Flow, start: int, end: int) -> bool:
    s, e = flow.sentence(start, end)
    tokens = _WORD.findall(flow.masked[s:start] + " " + flow.masked[end:e])
    if len(tokens) < 4:
        return False
    return sum(1 for t in tokens if t.islower()) >= _LOWER_SHARE * len(tokens)


def _in_a_run(text: str, start: int, end: int, word: str) -> bool:
    before = _RUN_BEFORE.search(text, max(0, start - 60), start)
    after = _RUN_AFTER.match(text, end)
    return (before is not None and before.group(1).lower() == word) or (
        after is not None and after.group(1).lower() == word
    )


def _lower_words(flows: Iterable[Flow]) -> set[str]:
    """The words the flow prints in lower case (a word at a time: a list of every word of a book's flow would
    cost more than the flow)."""
    return {w for flow in flows for m in _WORD.finditer(flow.masked) if (w := m.group()).islower()}


def _is_specimen(flow: Flow, start: int, end: int, word: str) -> bool:
    """Whether the pair sits in typeset sample text rather than prose: a block of nothing but the pair (not a
    sentence of nothing but the pair after another of its paragraph: "checks for mail. The The."), a sentence
    in which the word makes up 40 % or more in at least four occurrences ("run run RUN run"), or one with three
    or more other doubled tokens (a chart of glyphs or notes)."""
    s, e = flow.sentence(start, end)
    tokens = [t.lower() for t in _WORD.findall(flow.masked[s:e])]
    if len(tokens) <= 2:
        j = s  # the block's start, or a sentence before it: the last character before the spaces at s
        while j > 0 and flow.text[j - 1] == " ":
            j -= 1
        return j == 0 or flow.text[j - 1] in ("\n", BLOCK_BREAK)
    count = tokens.count(word)
    if count >= 4 and count >= 0.4 * len(tokens):
        return True
    # a chart of doubled glyphs or notes ("c c d d e f f g g", "५ ५ ८ ८"): other pairs all around it
    printed = flow.masked[s:e].lower().split()
    pairs = sum(1 for a, b in itertools.pairwise(printed) if a == b)
    return pairs >= 4


RULE = Rule(
    id="repeated-word",
    summary="A word is printed twice in a row",
    severity=Severity.ERROR,
    check=check,
    prepare=prepare_lexicon,
    doc=__doc__ or "",
    category="typo",
    # a word doubled inside a table cell is a slip too (and prose the layout took for a table row is read)
    regions=PROSE_REGIONS | {Region.TABLE},
    examples=Examples(
        bad=(
            Bad("Equation (10.32) and following are [[just just]] the equation for a block.", fix="just"),
            Bad("we want to know how likely [[the the]] next word is", fix="the"),
            Bad("[[The the]] model is trained on text.", fix="The"),
            Bad("It is [[a a]] simple idea.", fix="a"),
            Bad("the result is [[a A]] list of the names of the files", fix="a"),
            Bad("The [[transformer transformer]] block is shown.", fix="transformer"),
            Bad("Readers [[don’t don’t]] notice it.", fix="don’t"),
            Bad("This file [[is is]] read at start-up.", fix="is"),
            Bad("as we saw in [[the The]] next section", fix="the"),
            Bad("as explained in [[section Section]] 3", fix="section"),
            Bad("The proofs are in [[Appendix Appendix]] B.", fix="Appendix"),
            Bad("Bash checks for mail every minute. [[The The]].", fix="The"),
            Bad("The loop executes [[the the]] list-2 commands.", fix="the"),
            Bad("while it runs the [[list List]] list-2 is read", fix="list"),
            Bad("It [[did did]] not converge.", fix="did"),
            Bad("the directory which [[is is]] used first", fix="is"),
            Bad("there is [[no no]] equivalent for their function", fix="no"),
            Bad("binary packages as [[well well]] as sources", fix="well"),
            Bad("how [[many many]] tasks are running", fix="many"),
            Bad("This option affects all options [[that that]] occur after it.", fix="that"),
            Bad("a mask similar to [[that that]] accepted by chmod", fix="that"),
            Bad("it is possible [[that that]] the current frame is overwritten", fix="that"),
            Bad("The builtin fc (see SHELL [[BUILTIN BUILTIN]] COMMANDS below) lists them.", fix="BUILTIN"),
            Bad("if you set it in [[MAKEFLAGS MAKEFLAGS]] in your environment", fix="MAKEFLAGS"),
            Bad("of the name.\n\ufffc[[This This]] prompt prints the file name.", fix="This"),
            Bad("which processor is bound to [[the the]] -t option: man -l -Tdvi ./foo.1x.gz", fix="the"),
        ),
        good=(
            "If he had had enough time, he would have finished.",
            "He said that that approach fails on long inputs.",
            "I know that that is wrong.",
            "But it is also important that that counted reference be cleaned up in time.",
            "We do do different things depending on the side.",
            "No no, not that one.",
            "The results were so so.",
            "ARITHMETIC EVALUATION EVALUATION RULES",
            "We flew to Bora Bora last year.",
            "The model is trained as it was used. Used this way, it works.",
            "Set x x to zero.",
            "The THE corpus is large.",
            "the\nthe heading is separate",
            "W W Norton published it.",
            "The letters are paired as a A b B c C in the font table.",
            "The notes of the scale: a a b c c d d e f f g g.",
            "Reset moves the index: X U A A --soft (disallowed).",
            "Miserere mei Deus me me misericordia Israel dilexit aequitatem meam.",
            "What it is is a list of tokens.",
            "All he did did not help.",
            "What they do do is tokenise the text.",
            "They met at Sing Sing prison.",
            "It gets typeset as: run run RUN run RUN run.",
            "Hello Hello",
            "discrete discrete",
            "The anchor_classes classes are listed.",
            "the other theory",
            "We add the\ufffc the vector.",
            "and she'll have fun fun fun till her daddy takes the T-bird away",
            "Write to Thomas Kelkel kelkel@example.org for a copy.",
            "The file lives in /usr/share/doc doc/README.",
            "Edit config config.toml first.",
            "[include] path = /path/to/foo.inc ; include by absolute path path = foo.inc ; find it",
            "pi po po> po>1 po>pp2",
        ),
    ),
)

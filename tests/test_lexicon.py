"""The rules' word facts: the compact table gives wordfreq's own Zipf frequencies, and -ly adverbs are found
on demand as the table over the whole list found them."""

from __future__ import annotations

import random

from wordfreq import iter_wordlist, zipf_frequency

from errata_rules.lexicon import _bases, adverb_of, zipf


def test_zipf_is_wordfreqs_on_its_words_and_on_others() -> None:
    words = list(iter_wordlist("en", "large"))
    sample = random.Random(3).sample(words, 3000) + words[:200] + words[-200:]
    sample += [w.upper() for w in sample[:300]]
    sample += [w + "-" + v for w, v in zip(sample[:300], sample[300:600], strict=True)]
    sample += "| |10th|1990s|3.14|don't|can’t|naïve|ﬁle|e.g.|a b|zzqxj|42".split("|")
    assert [zipf(w) for w in sample] == [zipf_frequency(w, "en") for w in sample]


def test_adverbs_on_demand() -> None:
    expected = {
        "usual": "usually",
        "easy": "easily",
        "automatic": "automatically",
        "simple": "simply",
        "true": "truly",
        "full": "fully",
        "recursive": "recursively",
        "Careful": "carefully",
    }
    assert {w: adverb_of(w) for w in expected} == expected
    for word in ("first", "last", "fast", "good", "table", "zzqxj", ""):
        assert adverb_of(word) is None, word


def test_an_adverb_leads_back_to_its_adjective() -> None:
    for adjective in ("usual", "easy", "automatic", "simple", "true", "full"):
        adverb = adverb_of(adjective)
        assert adverb is not None and adjective in _bases(adverb)

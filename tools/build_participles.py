"""Write rules/data/irregular_participles.txt: the English past participles that do not end in -ed.

adjective-for-adverb needs to know that "set", "run", "found" and "split" are participles ("is strict set",
"are quick run"); regular ones it recognises by their ending. The list is derived from lemminflect's English
inflection tables over wordfreq's common verbs, not typed by hand:

    pip install lemminflect wordfreq && python tools/build_participles.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rules" / "data" / "irregular_participles.txt"


def main() -> None:
    import lemminflect
    from wordfreq import iter_wordlist, zipf_frequency

    found: set[str] = set()
    for word in iter_wordlist("en", "large"):
        if zipf_frequency(word, "en") < 2.5:
            break
        if not word.isalpha():
            continue
        for lemma in lemminflect.getAllLemmas(word, upos="VERB").get("VERB", ()):
            for form in lemminflect.getInflection(lemma, tag="VBN"):
                if form.isalpha() and not form.endswith("ed") and zipf_frequency(form, "en") >= 2.5:
                    found.add(form.lower())
    header = "# English past participles not ending in -ed, from lemminflect (tools/build_participles.py).\n"
    OUT.write_text(header + "".join(f"{w}\n" for w in sorted(found)), encoding="utf-8")
    print(f"{len(found)} participles written to {OUT}")


if __name__ == "__main__":
    main()

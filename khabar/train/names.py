"""Name-word lists for the tagger: which words are given names, family names, foreign
name tokens, or mostly part of a person's, organisation's, place's or other name in
hand-annotated text. They let the tagger recognise a name it never saw labelled.

Sources (all permissive):

- ``given`` / ``family``: the names database of the PyPI package
  ``arabic-name-romanizer`` (MIT; its ``units`` table: name words with their role, from
  Wikidata, CC0 1.0, and the DziriNames benchmark, MIT); words seen at least
  ``MIN_NAME_COUNT`` times in that role.
- ``foreign``: NETransliteration (Merhav & Ash, COLING 2018; data CC0 1.0), 65k
  personal-name tokens from Wikidata in Arabic script,
  ``../shared/data/netransliteration/wd_arabic.normalized.aligned.tokens``. Arabic
  writes a foreign g as غ or as ج (بينغ / بينج, غوغل / جوجل): a token with غ is listed
  with ج too.
- ``PERS`` / ``ORG`` / ``LOC``: WikiFANE Gold (Alotaibi & Lee, COLING 2014;
  CC BY-SA 3.0), ``khabar.train.wikifane``: a word seen at least ``MIN_WIKI_COUNT``
  times there, at least ``MIN_WIKI_SHARE`` of them inside names of that type. Not MISC:
  WikiFANE's products, buildings and vehicles (كاترينا the hurricane, film titles) are
  not ANERcorp's MISC (currencies, religions, events).

The most frequent words of ``ner_words.tsv`` (``COMMON_RANK``, ``FOREIGN_RANK``) are left
out: من and في are name tokens somewhere too.

The table (match key, kinds) is ``khabar/data/ner_names.tsv`` (CC BY-SA 3.0, after
WikiFANE)::

    python -m khabar.train.names --out khabar/data/ner_names.tsv
"""

from __future__ import annotations

import argparse
import sqlite3
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

from khabar import arabic
from khabar.lexicon import data_lines
from khabar.train.wikifane import read_wikifane

MIN_NAME_COUNT = 2
MIN_WIKI_COUNT = 2
MIN_WIKI_SHARE = 0.5
# function words are no names (من، في are also name tokens somewhere): the most frequent
# words of the word table get no kind, and a foreign token must be rarer still
COMMON_RANK = 500
FOREIGN_RANK = 5000
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def romanizer_units() -> dict[str, set[str]]:
    """Match key -> {given, family} from arabic-name-romanizer's names database."""
    try:
        db = resources.files("arabic_name_romanizer").joinpath("resources", "names.sqlite3")
    except ModuleNotFoundError as err:
        raise RuntimeError("pip install -e '.[train]' (arabic-name-romanizer) first") from err
    counts: Counter[tuple[str, str]] = Counter()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for key, role, count in con.execute("SELECT arabic_key, role, count FROM units WHERE role != 'unknown'"):
            for word in key.split():
                counts[arabic.match_key(word), "given" if role == "given" else "family"] += count
    out: dict[str, set[str]] = defaultdict(set)
    for (key, kind), n in counts.items():
        if n >= MIN_NAME_COUNT and len(key) > 1:
            out[key].add(kind)
    return out


def foreign_tokens(path: Path) -> set[str]:
    """Match keys of NETransliteration's Arabic-script name tokens."""
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                key = arabic.match_key(parts[1].replace(" ", ""))
                if len(key) > 1:
                    out.add(key)
                    out.add(key.replace("غ", "ج"))
    return out


def wikifane_words(path: Path) -> dict[str, str]:
    """Match key -> the type of name it is mostly part of in WikiFANE."""
    seen: Counter[str] = Counter()
    inside: Counter[tuple[str, str]] = Counter()
    for s in read_wikifane(path):
        for word, tag in zip(s.words, s.tags):
            key = arabic.match_key(word)
            seen[key] += 1
            if tag != "O":
                inside[key, tag[2:]] += 1
    return {
        key: kind
        for (key, kind), n in inside.items()
        if kind != "MISC"
        and seen[key] >= MIN_WIKI_COUNT
        and n >= MIN_WIKI_SHARE * seen[key]
        and arabic.is_arabic(key[:1])
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    args = ap.parse_args(argv)
    kinds: dict[str, set[str]] = defaultdict(set)
    for key, found in romanizer_units().items():
        kinds[key] |= found
    for key in foreign_tokens(args.data / "netransliteration" / "wd_arabic.normalized.aligned.tokens"):
        kinds[key].add("foreign")
    for key, kind in wikifane_words(args.data / "wikifane" / "WikiFANE_Gold_2014_500K.txt").items():
        kinds[key].add(kind)
    ranked = [arabic.match_key(row[0]) for row in data_lines("ner_words.tsv")]
    for key in ranked[:COMMON_RANK]:
        kinds.pop(key, None)
    for key in ranked[COMMON_RANK:FOREIGN_RANK]:
        kinds.get(key, set()).discard("foreign")
    kinds = {k: v for k, v in kinds.items() if v}
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Name words for the NER tagger: match key, kinds (given, family: arabic-name-romanizer's Wikidata\n"
            "# names, MIT/CC0; foreign: NETransliteration, CC0; PERS/ORG/LOC: mostly inside such names in\n"
            "# WikiFANE Gold, CC BY-SA 3.0). Generated by khabar/train/names.py. Licence CC BY-SA 3.0.\n"
        )
        for key in sorted(kinds):
            f.write(f"{key}\t{','.join(sorted(kinds[key]))}\n")
    print(f"{len(kinds)} words written to {args.out}")


if __name__ == "__main__":
    main()

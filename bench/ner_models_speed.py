"""Two NER model files side by side, in one process: the entities stage's speed with
each (first pass over the articles, then the same articles again) and the tagger's
alone, in alternating rounds so that a shared machine's load falls on both alike.

    python bench/ner_models_speed.py --model khabar/data/models/ner.npz --model /tmp/ner-neural.npz

Prints a Markdown table (tokens per CPU-second, and each model's ratio to the first)
for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_speed import ROOT, articles, prepared  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, action="append", required=True, help="a model file (.npz); twice or more")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each is kept")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()

    from khabar.entities import find_entities
    from khabar.entities.tagger import Tagger

    texts = articles(args.data, args.articles)
    if not texts:
        sys.exit(f"no SaudiNewsNet articles under {args.data}; pass --data")
    docs = [prepared(t) for t in texts]
    tokens = sum(len(d.tokens) for d in docs)
    sentences = [[d.tokens.surface(i) for i in d.tokens.between(s.start, s.end)] for d in docs for s in d.sentences]
    best: dict[tuple[int, str], float] = {}
    for _ in range(args.rounds):
        for m, path in enumerate(args.model):
            tagger = Tagger(path)  # fresh: the first pass meets every word anew
            for name in ("entities stage, first pass (new words)", "entities stage, same articles again (words known)"):
                c0 = time.process_time()
                for d in docs:
                    find_entities(d, tagger)
                rate = tokens / (time.process_time() - c0)
                best[m, name] = max(best.get((m, name), 0.0), rate)
            c0 = time.process_time()
            for k in range(0, len(sentences), 20):
                tagger.tag_many(sentences[k : k + 20])
            name = "tagger alone (words known), 20 sentences per batch"
            best[m, name] = max(best.get((m, name), 0.0), tokens / (time.process_time() - c0))
    names = list(dict.fromkeys(name for _, name in best))
    head = " | ".join(f"{p.name} ({p.stat().st_size / 1e6:.2f} MB)" for p in args.model)
    print(f"{len(docs)} articles, {tokens} tokens, best of {args.rounds} alternating rounds, tokens per CPU-second\n")
    print(f"| measure | {head} | ratios to the first |")
    print("|---|" + "---:|" * (len(args.model) + 1))
    for name in names:
        rates = [best[m, name] for m in range(len(args.model))]
        ratios = ", ".join(f"{r / rates[0]:.2f}" for r in rates[1:])
        print(f"| {name} | " + " | ".join(f"{r:,.0f}" for r in rates) + f" | {ratios} |")
    print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


if __name__ == "__main__":
    main()

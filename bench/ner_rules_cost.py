"""What the article-level rules of NER session 2 cost: the entities stage over the same
SaudiNewsNet articles with and without them (quoted titles, clubs, names found again),
alternating, per CPU-second; words are known after a warm-up pass, so the difference is
the rules' own work.

    python bench/ner_rules_cost.py [--articles 300] [--rounds 5] [--data ../shared/data]

Prints the best and median rate of each; on a shared machine trust the best.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ner_speed import ROOT, articles, prepared  # noqa: E402

from khabar import entities  # noqa: E402
from khabar.entities import clubs, consistency, titles  # noqa: E402

RULES = {
    (titles, "quoted_titles"): lambda tokens, sentence, found: found,
    (clubs, "clubs"): lambda tokens, sentence, found: found,
    (consistency, "repeat_names"): lambda doc, found, sentence_of, ranges: (found, sentence_of),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    docs = [prepared(t) for t in articles(args.data, args.articles)]
    tokens = sum(len(d.tokens) for d in docs)
    real = {key: getattr(*key) for key in RULES}
    for d in docs:
        entities.find_entities(d)  # warm-up: every word's features and emissions cached
    rates: dict[str, list[float]] = {"with the rules": [], "without": []}
    for _ in range(args.rounds):
        for label in rates:
            for (module, name), stub in RULES.items():
                setattr(module, name, real[module, name] if label == "with the rules" else stub)
            t = time.process_time()
            for d in docs:
                entities.find_entities(d)
            rates[label].append(tokens / (time.process_time() - t))
    for (module, name), fn in real.items():
        setattr(module, name, fn)
    print(f"{len(docs)} articles, {tokens} tokens, {args.rounds} rounds, tokens per CPU-second")
    for label, values in rates.items():
        print(f"{label:>15}: best {max(values):,.0f}, median {statistics.median(values):,.0f}")


if __name__ == "__main__":
    main()

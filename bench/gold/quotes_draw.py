"""Draw the articles of a new blind quotes gold set from SaudiNewsNet, reproducibly.

    python bench/gold/quotes_draw.py --seed 10010 --articles 30 > /tmp/draw.jsonl

To redraw an existing set, leave it and the sets drawn after it out of the exclusion:
``--without quotes_test10.jsonl quotes_test11.jsonl`` (set 10), ``--without
quotes_test11.jsonl --exclude /tmp/draw10.jsonl`` (set 11).

Each line names one article (url, file, source; no text). The draw follows the protocol of
sets 5-9 (docs/quotes.md): one article per outlet in turn, outlets in a seeded random
order; 400-1,600 characters; three or more reporting words (cue forms of
``frames.lexicon``); never an article of an earlier gold file (``bench/gold/quotes_*.jsonl``),
nor one whose text repeats one (half of its 8-word shingles in a gold article or in an
article drawn before it: wire copy runs at several outlets).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from pathlib import Path

from khabar.frames.lexicon import cue_lexicon

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
MIN_CHARS, MAX_CHARS = 400, 1600
MIN_CUES = 3
SHINGLE = 8
MAX_SHARED = 0.5  # share of an article's shingles found elsewhere that makes it a repeat
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def cue_count(text: str) -> int:
    lex = cue_lexicon()
    return sum(1 for w in _WORD.findall(text) if lex.cue(w) is not None)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--articles", type=int, default=30)
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--exclude", type=Path, nargs="*", default=[], help="more JSONL files whose urls are taken")
    p.add_argument("--without", nargs="*", default=[], help="gold file names not to exclude (to redraw a set)")
    args = p.parse_args()
    gold = [f for f in sorted((ROOT / "bench" / "gold").glob("quotes_*.jsonl")) if f.name not in args.without]
    gold_files = gold + list(args.exclude)
    taken = set()
    for f in gold_files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                taken.add(json.loads(line)["url"])
    by_outlet: dict[str, list[tuple[str, dict]]] = {}
    seen: set[tuple[str, ...]] = set()
    for z in sorted(args.data.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            items = json.loads(zf.read(zf.namelist()[0]).decode("utf-8"))
        for a in items:
            text = a["content"]
            if a["url"] in taken:
                seen |= shingles(text)
            elif MIN_CHARS <= len(text) <= MAX_CHARS:
                by_outlet.setdefault(a["source"], []).append((z.name, a))
    rng = random.Random(args.seed)
    outlets = sorted(by_outlet)
    rng.shuffle(outlets)
    drawn = 0
    while drawn < args.articles:
        for outlet in outlets:
            if drawn >= args.articles:
                break
            pool = by_outlet[outlet]
            while pool:
                name, a = pool.pop(rng.randrange(len(pool)))
                sh = shingles(a["content"])
                if cue_count(a["content"]) < MIN_CUES or not sh or len(sh & seen) / len(sh) >= MAX_SHARED:
                    continue
                seen |= sh
                print(json.dumps({"url": a["url"], "file": name, "source": outlet}, ensure_ascii=False))
                drawn += 1
                break
    sys.stdout.flush()


if __name__ == "__main__":
    main()

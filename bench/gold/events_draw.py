"""Draw the articles of a new blind events gold set from SaudiNewsNet, reproducibly.

    python bench/gold/events_draw.py --seed 7707 --articles 11 > /tmp/draw7.jsonl

Each line names one article (url, file, source; no text). The draw follows the protocol of
events sets 1-6 (docs/events.md): one article per outlet in turn, outlets in a seeded random
order, no sports outlet; 400-1,300 characters; four or more political words (POLITICAL
below, with their clitics); never an article of any gold file (every ``bench/gold/*.jsonl``,
events, quotes or other, plus ``--exclude`` files: gold sets on other branches), nor one
whose text repeats one (half of its 8-word shingles in a gold article or in an article
drawn before it: wire copy runs at several outlets).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from pathlib import Path

from khabar.arabic import match_key

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
MIN_CHARS, MAX_CHARS = 400, 1300
MIN_POLITICAL = 4
SPORTS = frozenset({"arreyadi", "arriyadiyah"})
SHINGLE = 8
MAX_SHARED = 0.5  # share of an article's shingles found elsewhere that makes it a repeat
# words of political news (matching forms: article and clitics cut by match_key)
POLITICAL = frozenset(
    match_key(w)
    for w in "وزير وزارة الرئيس رئيس الحكومة حكومة قوات القوات الجيش جيش الأمن مجلس البرلمان المعارضة "
    "الشرطة السلطات الخارجية الدفاع الداخلية سفير السفير الأمم المتحدة التحالف مسلحين المسلحين".split()
)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def political_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if match_key(w) in POLITICAL)


def taken_urls(files: list[Path]) -> set[str]:
    taken = set()
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                taken.add(json.loads(line)["url"])
    return taken


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--articles", type=int, default=11)
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--exclude", type=Path, nargs="*", default=[], help="more JSONL files whose urls are taken")
    p.add_argument("--without", nargs="*", default=[], help="gold file names not to exclude (to redraw a set)")
    args = p.parse_args()
    gold = [f for f in sorted((ROOT / "bench" / "gold").glob("*.jsonl")) if f.name not in args.without]
    taken = taken_urls(gold + list(args.exclude))
    by_outlet: dict[str, list[tuple[str, dict]]] = {}
    seen: set[tuple[str, ...]] = set()
    for z in sorted(args.data.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            items = json.loads(zf.read(zf.namelist()[0]).decode("utf-8"))
        for a in items:
            text = a["content"]
            if a["url"] in taken:
                seen |= shingles(text)
            elif MIN_CHARS <= len(text) <= MAX_CHARS and a["source"] not in SPORTS:
                by_outlet.setdefault(a["source"], []).append((z.name, a))
    rng = random.Random(args.seed)
    outlets = sorted(by_outlet)
    rng.shuffle(outlets)
    drawn = 0
    while drawn < args.articles and any(by_outlet.values()):
        for outlet in outlets:
            if drawn >= args.articles:
                break
            pool = by_outlet[outlet]
            while pool:
                name, a = pool.pop(rng.randrange(len(pool)))
                sh = shingles(a["content"])
                if political_words(a["content"]) < MIN_POLITICAL or not sh or len(sh & seen) / len(sh) >= MAX_SHARED:
                    continue
                seen |= sh
                print(json.dumps({"url": a["url"], "file": name, "source": outlet}, ensure_ascii=False))
                drawn += 1
                break
    sys.stdout.flush()


if __name__ == "__main__":
    main()

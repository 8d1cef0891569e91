"""How much the events stage adds to the full analysis of an article.

Runs the whole pipeline (``Pipeline(timed=True)``: clean, segment, entities, time, quotes,
events) over SaudiNewsNet articles and reads the seconds each stage took from the
pipeline's own clock, so the events stage is timed inside a real pass, on the Documents
the earlier stages left (tokens, their matching forms, entities, times and quotes ready).
Prints each stage's share and the events stage's cost as a share of everything before it.

    python bench/events_speed.py                        # 1,000 articles of 2015-07-21
    python bench/events_speed.py --articles 300 --zip ../shared/data/saudinewsnet/2015-08-02.zip

Single process. The machine may be shared: every pass is repeated (``--repeat``) and the
pass with the smallest total is kept; the share is a ratio taken inside one pass, so it
holds better than the absolute times.
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from pathlib import Path

from khabar.pipeline import Meta, Pipeline

DEFAULT_ZIP = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "2015-07-21.zip"


def load(path: Path, n: int) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(z.namelist()[0]).decode("utf-8"))[:n]


def one_pass(articles: list[dict]) -> tuple[float, dict[str, float], int]:
    """Wall seconds of a whole pass (cleaning included), each stage's seconds, events found."""
    nlp = Pipeline(timed=True)
    found = 0
    start = time.perf_counter()
    for a in articles:
        doc = nlp.text(a["content"], Meta(title=a.get("title"), published=a.get("date_extracted")))
        found += len(doc.layer("events"))
    total = time.perf_counter() - start
    assert nlp.seconds is not None
    return total, dict(nlp.seconds), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP, help="a SaudiNewsNet zip")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.zip.exists():
        raise SystemExit(f"no SaudiNewsNet zip at {args.zip}; pass --zip PATH")
    articles = load(args.zip, args.articles)
    one_pass(articles[:20])  # load the model and the lexicons outside the clock
    best = min((one_pass(articles) for _ in range(args.repeat)), key=lambda r: r[0])
    total, seconds, found = best
    n = len(articles)
    events = seconds["events"]
    before = total - events
    print(f"articles: {n} from {args.zip.name}, {found} events found ({found / n:.1f} per article)")
    print(f"whole analysis: {total:.2f} s, {1000 * total / n:.2f} ms/article (best of {args.repeat})")
    for name, s in seconds.items():
        print(f"  {name:9s} {s:7.2f} s  {1000 * s / n:6.2f} ms/article  {100 * s / total:5.1f}%")
    print(f"  {'cleaning':9s} {total - sum(seconds.values()):7.2f} s  (and reading metadata)")
    print(f"events adds {100 * events / before:.1f}% to the analysis before it ({1000 * events / n:.2f} ms/article)")


if __name__ == "__main__":
    main()

"""How much the quotes stage adds to the analysis of an article.

Analyses SaudiNewsNet articles with every stage that runs before quotes in
``khabar.pipeline.STAGES`` (clean, segment, and entities and time once they are there),
then runs the quotes stage on the same Documents, and prints the time of each and the
share quotes add. The stage is timed twice: on the Documents as the earlier stages leave
them (tokens and their matching forms already cut by the entities stage: what quotes add
to the pipeline, the figure for the target), and on copies without tokens, where quotes
cut them again (what the stage costs on its own, after segmentation only).

    python bench/quotes_speed.py                       # 1,000 articles of 2015-07-21
    python bench/quotes_speed.py --articles 300 --zip ../shared/data/saudinewsnet/2015-08-02.zip

Single process; figures on a shared machine are noisy, so it repeats each timing
(``--repeat``) and keeps the fastest. ``--model PATH`` also times the stage with a speaker
model (``khabar train quotes --out PATH``), which the package does not ship.
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from functools import partial
from pathlib import Path

from rich.progress import track

from khabar.document import Document
from khabar.pipeline import Meta, Options, Pipeline
from khabar.quotes import find_quotes
from khabar.quotes.ranker import TreeEnsemble

# every stage before quotes: the ones it reads
BEFORE_QUOTES = Pipeline(Options(stages=("entities", "time")))

DEFAULT_ZIP = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "2015-07-21.zip"


def load(path: Path, n: int) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(z.namelist()[0]).decode("utf-8"))[:n]


def base_analysis(article: dict) -> Document:
    """What ``analyze_text`` does before the quotes stage: clean, then the earlier stages."""
    meta = Meta(title=article.get("title"), published=article.get("date_extracted"))
    return BEFORE_QUOTES.text(article["content"], meta)


def timed(fn, items, label: str, repeat: int) -> tuple[float, list]:
    best, out = float("inf"), []
    for r in range(repeat):
        start = time.perf_counter()
        out = [fn(x) for x in track(items, description=f"{label} ({r + 1}/{repeat})", transient=True)]
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", type=Path, default=DEFAULT_ZIP, help="a SaudiNewsNet zip")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--model", type=Path, help="also time the stage with this speaker model (khabar train quotes --out PATH)"
    )
    args = parser.parse_args()
    if not args.zip.exists():
        raise SystemExit(f"no SaudiNewsNet zip at {args.zip}; pass --zip PATH")
    articles = load(args.zip, args.articles)
    chars = sum(len(a["content"]) for a in articles)

    base_label = " + ".join(["clean", *BEFORE_QUOTES.names])
    base_s, docs = timed(base_analysis, articles, base_label, args.repeat)
    fresh = [d.replace(_tokens=None) for d in docs]  # no tokens: quotes cuts them again
    quotes_cold_s = min(_time(find_quotes, fresh) for _ in range(args.repeat))
    for d in docs:
        _ = d.tokens  # tokenise once, as an earlier stage would
    quotes_warm_s, out = timed(find_quotes, docs, "quotes (tokens ready)", args.repeat)

    model_s = None
    if args.model:
        model = TreeEnsemble.load(args.model)
        model_s, _ = timed(partial(find_quotes, model=model), docs, "quotes with the speaker model", args.repeat)

    n = len(articles)
    found = sum(len(d.quotes) for d in out)
    print(f"articles: {n} from {args.zip.name} ({chars / n:.0f} characters each on average), {found} quotes found")
    print(f"before quotes ({base_label}): {base_s:.2f} s, {1000 * base_s / n:.2f} ms/article")
    print(
        f"quotes in the pipeline (tokens ready): {quotes_warm_s:.2f} s, {1000 * quotes_warm_s / n:.2f} ms/article"
        f" (+{100 * quotes_warm_s / base_s:.0f}% of the analysis before quotes)"
    )
    print(
        f"quotes cutting the tokens again:       {quotes_cold_s:.2f} s, {1000 * quotes_cold_s / n:.2f} ms/article"
        f" (+{100 * quotes_cold_s / base_s:.0f}%)"
    )
    if model_s is not None:
        print(
            f"quotes with the speaker model:         {model_s:.2f} s, {1000 * model_s / n:.2f} ms/article"
            f" (+{100 * model_s / base_s:.0f}%; {model_s / quotes_warm_s:.2f} x the rules alone)"
        )


def _time(fn, items) -> float:
    start = time.perf_counter()
    for x in items:
        fn(x)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

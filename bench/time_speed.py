"""How much the time stage adds to analysing an article, on SaudiNewsNet.

Each article is analysed (clean, segment and entities: the stages time does not need but
runs after), its token layer built (the time stage needs it; later stages share it), and
then tagged for time, timing the three parts per article, so that the share is measured on
the same documents in the same process; a whole-pipeline pass (every stage: quotes read
the times, so the pass "without time" stops at entities) is also timed, and inside it the
time stage is clocked on its own (the difference of two whole passes is swamped by the
other stages' variance). Each is run --repeat times and
the fastest run is reported, since a shared machine adds noise in one direction only. Reads the zips in ../shared/data/saudinewsnet
(CC BY-NC-SA 4.0, research use).

    .venv/bin/python bench/time_speed.py --articles 3000 --repeat 3

With ``--against CHECKOUT`` it compares this checkout's time stage with another's instead,
in one process: each article is analysed once (every stage but time), then tagged by both
stages, in alternating order, timing CPU seconds per call, so that both meet the same
documents and the same cache pressure from the other stages. This is the figure to trust
on a shared machine, where two runs one after the other vary by ±25%. The other stage is
imported from CHECKOUT/khabar/time under another name and reads CHECKOUT/khabar/data;
it runs on this checkout's other modules (document, segment, arabic).

    .venv/bin/python bench/time_speed.py --articles 1000 --repeat 3 --against ../baseline
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.progress import track

from khabar import time as time_stage
from khabar.pipeline import Meta, Options, Pipeline

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet"


def articles(folder: Path, limit: int) -> Iterator[dict]:
    n = 0
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for article in json.loads(z.read(name)):
                    if article.get("content"):
                        yield article
                        n += 1
                        if n >= limit:
                            return


def stage_of(checkout: Path):
    """The time stage of another checkout, importable beside this one's: its package copied
    under another name, its data files read from that checkout."""
    import importlib
    import shutil
    import sys
    import tempfile
    from types import SimpleNamespace

    folder = Path(tempfile.mkdtemp(prefix="khabar-time-"))
    shutil.copytree(checkout / "khabar" / "time", folder / "time_against")
    sys.path.insert(0, str(folder))
    package = importlib.import_module("time_against")
    data = checkout / "khabar" / "data"

    def data_lines(name: str) -> list[list[str]]:
        text = (data / name).read_text(encoding="utf-8")
        return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]

    for name, module in list(sys.modules.items()):
        if name.startswith("time_against") and hasattr(module, "data_lines"):
            module.data_lines = data_lines  # read lazily, so patching after import is in time
    if (folder / "time_against" / "rules.py").exists():  # a checkout whose grammar is time_rules.toml
        importlib.import_module("time_against.rules").resources = SimpleNamespace(files=lambda _: data)
    return package


def against(args, docs: list[dict], metas: list[Meta]) -> None:
    """Both stages on the same documents, per article, alternating which goes first."""
    other = stage_of(args.against)
    base = Pipeline(Options(stages=("entities",)))  # every stage before time
    warm = base.text("الاثنين 9 أبريل", Meta())
    time_stage.tag_times(warm), other.tag_times(warm)
    best = {"this": float("inf"), "against": float("inf")}
    differ = 0
    gc.disable()
    try:
        for run in range(args.repeat):
            spent = {"this": 0.0, "against": 0.0}
            for k, (a, meta) in enumerate(track(list(zip(docs, metas)), description=f"run {run + 1}/{args.repeat}")):
                doc = base.text(a["content"], meta)
                doc.tokens.normalized_words()  # as the entities stage leaves it
                stages = [("this", time_stage), ("against", other)]
                found = {}
                for name, stage in stages if (k + run) % 2 == 0 else stages[::-1]:
                    t0 = time.process_time()
                    found[name] = stage.tag_times(doc).times
                    spent[name] += time.process_time() - t0
                if run == 0:
                    differ += found["this"] != found["against"]
            best = {k: min(best[k], spent[k]) for k in best}
            print(f"run {run + 1}: this {spent['this']:.3f} s, against {spent['against']:.3f} s, "
                  f"this/against {spent['this'] / spent['against']:.3f}")  # fmt: skip
    finally:
        gc.enable()
    print(f"articles: {len(docs)}; times differ in {differ} of them")
    print(f"time stage, CPU seconds (fastest of {args.repeat}): this {best['this']:.3f}, "
          f"{args.against} {best['against']:.3f}: this/against {best['this'] / best['against']:.3f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of SaudiNewsNet zips")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest of each is reported (shared machines)")
    parser.add_argument("--against", type=Path, help="another checkout: compare its time stage with this one's")
    args = parser.parse_args()
    if not args.data.exists():
        parser.error(f"no SaudiNewsNet folder at {args.data}; pass --data")
    if args.against is not None and not (args.against / "khabar" / "time").is_dir():
        parser.error(f"no khabar/time in {args.against}")
    docs = list(articles(args.data, args.articles))
    metas = [Meta(a.get("title"), a.get("date_extracted"), a.get("url"), a.get("source")) for a in docs]
    if args.against is not None:
        against(args, docs, metas)
        return
    chars = sum(len(a["content"]) for a in docs)
    base = Pipeline(Options(stages=("entities",)))
    full = Pipeline(timed=True)
    time_stage.tag_times(base.text("الاثنين 9 أبريل", Meta()))  # load the lexicon first
    inside = (float("inf"), 0.0)  # (whole pass, time stage in it) of the fastest clocked pass
    tag = time_stage.tag_times
    pairs = list(zip(docs, metas))
    best_base = best_tokens = best_time = float("inf")
    whole = {"without time": float("inf"), "with time": float("inf")}
    types: Counter = Counter()
    gc.disable()
    try:
        for run in range(args.repeat):
            # per article: the analysis without the stage, then the stage on its result
            t_base = t_tokens = t_time = 0.0
            for a, meta in track(pairs, description=f"per article, run {run + 1}/{args.repeat}"):
                t0 = time.perf_counter()
                doc = base.text(a["content"], meta)
                t1 = time.perf_counter()
                doc.tokens  # noqa: B018 - the token layer, which later stages need anyway
                t2 = time.perf_counter()
                doc = tag(doc)
                t3 = time.perf_counter()
                t_base += t1 - t0
                t_tokens += t2 - t1
                t_time += t3 - t2
                if run == 0:
                    types.update(t.type for t in doc.times)
            best_base, best_time = min(best_base, t_base), min(best_time, t_time)
            best_tokens = min(best_tokens, t_tokens)
            # whole pipeline passes, one of each; which goes first alternates between runs,
            # since a pass run second on a busy machine (and with gc off) tends to be slower
            passes = [("without time", base), ("with time", full)]
            for label, nlp in passes if run % 2 == 0 else passes[::-1]:
                if nlp.seconds is not None:
                    nlp.seconds = dict.fromkeys(nlp.seconds, 0.0)
                t0 = time.perf_counter()
                for a, meta in pairs:
                    nlp.text(a["content"], meta)
                elapsed = time.perf_counter() - t0
                whole[label] = min(whole[label], elapsed)
                if nlp.seconds is not None and elapsed < inside[0]:
                    inside = (elapsed, nlp.seconds["time"])
    finally:
        gc.enable()
    t_base, t_tokens, t_time = best_base, best_tokens, best_time

    n = len(docs)
    print(f"articles: {n}, characters: {chars:,}")
    print(f"time expressions found: {sum(types.values())} ({dict(types)}), {sum(types.values()) / n:.1f} per article")
    print(f"analysis without time: {t_base:.2f} s ({n / t_base:.0f} articles/s)")
    print(f"token layer (doc.tokens): {t_tokens:.2f} s, shared with later stages")
    print(f"time tagging, tokens given: {t_time:.2f} s ({n / t_time:.0f} articles/s)")
    both = t_tokens + t_time
    print(
        f"time tagging adds {100 * both / t_base:.1f}% to the analysis with its tokens, "
        f"{100 * t_time / t_base:.1f}% where another stage builds the tokens (per-article timing)"
    )
    w0, w1 = whole["without time"], whole["with time"]
    print(f"whole pipeline: {w0:.2f} s up to entities, {w1:.2f} s with every stage (time, quotes)")
    total, in_time = inside
    print(
        f"time stage inside the whole pipeline: {in_time:.2f} s of {total:.2f} s, "
        f"+{100 * in_time / (total - in_time):.1f}% on the other stages of the same pass"
    )
    print(f"(fastest of {args.repeat} runs each)")


if __name__ == "__main__":
    main()

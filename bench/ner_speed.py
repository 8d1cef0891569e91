"""NER speed and footprint: model load time, size on disk, peak RSS, tokens per second.

    python bench/ner_speed.py [--articles 300] [--data ../shared/data]

Tokens/s is for the entities stage alone (tagging + repairs + roles + grouping) on
cleaned, segmented SaudiNewsNet articles, one process, one core: a first pass, where
every article brings words the per-word caches have not seen, and a second pass over
the same articles (a long-running process's steady state lies between the two); wall
clock and per CPU-second, the latter steadier on a shared machine. Also the tagger alone.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOAD_SNIPPET = """
import time, resource
t = time.perf_counter()
from khabar.entities.tagger import default_tagger
tagger = default_tagger()
tagger.tag(["قال", "الرئيس", "في", "بكين"])
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


STREAM_SNIPPET = """
import resource, sys
sys.path.insert(0, "bench")
from pathlib import Path
import khabar
from ner_speed import articles
for text in articles(Path(sys.argv[1]), int(sys.argv[2])):
    khabar.analyze(text)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def stream_rss(data: Path, n: int) -> float:
    """Peak RSS (MB) of a fresh process analysing ``n`` articles one after another, so
    that every per-word cache fills as in a long run."""
    out = subprocess.run(
        [sys.executable, "-c", STREAM_SNIPPET, str(data), str(n)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.split()[-1]) / 1024


def load_figures() -> tuple[float, float]:
    """Seconds to import and load the model in a fresh process, and its peak RSS (MB)."""
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, rss_kb = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def articles(data: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted((data / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for item in json.loads(z.read(name)):
                    if item.get("content"):
                        texts.append(item["content"])
                    if len(texts) >= limit:
                        return texts
    return texts


def prepared(text: str):
    """A cleaned, segmented Document: what the entities stage receives."""
    from khabar import clean, segment
    from khabar.document import Document

    return segment.segment(Document(text=clean.clean(text).text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--stream", type=int, default=5000, help="articles for the long-run RSS figure (0: skip)")
    ap.add_argument("--steady", type=int, default=3000, help="articles for the long-run speed figure (0: skip)")
    args = ap.parse_args()

    from khabar.entities import find_entities
    from khabar.entities.tagger import default_model_path, default_tagger

    load_s, load_rss = load_figures()
    size_mb = default_model_path().stat().st_size / 1e6
    data_files = sorted((ROOT / "khabar" / "data").glob("ner_*"))  # word lists, names, vectors
    data_mb = sum(p.stat().st_size for p in data_files) / 1e6

    texts = articles(args.data, args.articles)
    if not texts:
        sys.exit(f"no SaudiNewsNet articles under {args.data}; pass --data")
    docs = [prepared(t) for t in texts]  # clean + segment outside the timing
    tagger = default_tagger()
    tokens = sum(len(d.tokens) for d in docs)
    passes = []
    for _ in range(2):  # first pass: every article brings new words; second: all known
        t0, c0 = time.perf_counter(), time.process_time()
        n_entities = sum(len(find_entities(d, tagger).entities) for d in docs)
        passes.append((time.perf_counter() - t0, time.process_time() - c0))
    (cold_s, cold_cpu), (warm_s, warm_cpu) = passes
    sentences = [[d.tokens.surface(i) for i in d.tokens.between(s.start, s.end)] for d in docs for s in d.sentences]
    c0 = time.process_time()
    for k in range(0, len(sentences), 20):
        tagger.tag_many(sentences[k : k + 20])
    tagger_rate = tokens / (time.process_time() - c0)

    steady = None
    if args.steady:
        # a long run: the caches have seen the earlier articles; time the last 300
        more = articles(args.data, args.steady)[len(texts) :]
        for t in more[:-300]:
            find_entities(prepared(t), tagger)
        tail = [prepared(t) for t in more[-300:]]
        tail_tokens = sum(len(d.tokens) for d in tail)
        c0 = time.process_time()
        for d in tail:
            find_entities(d, tagger)
        steady = (len(texts) + len(more) - 300, tail_tokens / (time.process_time() - c0))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    streamed = stream_rss(args.data, args.stream) if args.stream else None
    rows = [
        ("model file", f"{size_mb:.2f} MB ({default_model_path().name}); NER data files {data_mb:.2f} MB"),
        ("load (fresh process: import + model + first sentence)", f"{load_s:.2f} s"),
        ("peak RSS with the model loaded (fresh process)", f"{load_rss:.0f} MB"),
        ("peak RSS of this benchmark (articles in memory)", f"{peak:.0f} MB"),
        *(
            [
                (
                    f"peak RSS of a fresh process analysing {args.stream} articles in a row (all stages)",
                    f"{streamed:.0f} MB",
                )
            ]
            if streamed
            else []
        ),
        (
            f"entities stage, {len(docs)} SaudiNewsNet articles, first pass (new words), wall",
            f"{tokens / cold_s:,.0f} tokens/s ({tokens} tokens, {cold_s * 1000 / len(docs):.1f} ms/article, {n_entities} entities)",
        ),
        ("same, first pass, per CPU-second (steadier on a shared machine)", f"{tokens / cold_cpu:,.0f} tokens/s"),
        (
            "same articles again (words known), per CPU-second",
            f"{tokens / warm_cpu:,.0f} tokens/s ({warm_cpu * 1000 / len(docs):.1f} ms/article)",
        ),
        ("tagger alone on those sentences (words known), 20 per batch, per CPU-second", f"{tagger_rate:,.0f} tokens/s"),
    ]
    if steady:
        rows.append(
            (
                f"entities stage on 300 further articles after {steady[0]:,} others (a long run), per CPU-second",
                f"{steady[1]:,.0f} tokens/s",
            )
        )
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; one process\n")
    print("| measure | result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()

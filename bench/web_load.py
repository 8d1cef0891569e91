"""Load on `khabar serve`: latency of the search API, the article page and the overview
page with concurrent clients, and the analyse endpoint's throughput against analysing in
process (what `khabar analyze` does), all against 127.0.0.1.

    khabar ingest ../shared/data/saudinewsnet --db /tmp/snn.db     # once (takes a while)
    python bench/web_load.py /tmp/snn.db                           # about 3 minutes
    python bench/web_load.py /tmp/snn.db --clients 8 --requests 400 --analyse 60 --json out.json

It starts the server itself (a subprocess on a free port of 127.0.0.1, no token: reads
only) and stops it at the end. Every request loop is bounded by a count and a time cap.
Targets (issue 11): search API p95 < 50 ms and article page p95 < 100 ms with 8
concurrent clients; overview page < 300 ms; analyse endpoint >= 80% of in-process
throughput; no 5xx anywhere. Articles to analyse are the store's own texts, read through
the API at run time (nothing is copied anywhere).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

# one keyword each: common and rare words of Saudi news, some in clitic forms
WORDS = [
    "والسعودية", "للنفط", "بالرياض", "والأمير", "الاقتصاد", "وزارة", "والحوثيين", "التعليم", "للمملكة",
    "الإرهاب", "المستشفى", "بجدة", "الأمطار", "والطلاب", "النووي", "اليمن", "الحج", "والمرور", "العقار",
    "فلسطين", "مجلس الوزراء", '"خادم الحرمين"', "الهلال", "الصحة", "الأسهم",
]  # fmt: skip


@dataclass
class Timings:
    name: str
    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wall: float = 0.0

    def add(self, seconds: float, status: int) -> None:
        self.seconds.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def summary(self) -> dict:
        s = sorted(self.seconds)

        def pct(p: float) -> float:
            return round(1000 * s[min(len(s) - 1, int(p * len(s)))], 1) if s else float("nan")

        return {
            "name": self.name,
            "requests": len(s),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "max_ms": round(1000 * s[-1], 1) if s else float("nan"),
            "mean_ms": round(1000 * statistics.fmean(s), 1) if s else float("nan"),
            "per_second": round(len(s) / self.wall, 1) if self.wall else float("nan"),
            "server_errors": sum(n for code, n in self.statuses.items() if code >= 500),
            "statuses": self.statuses,
        }


class Client:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def run(
    name: str, port: int, clients: int, jobs: list, request: Callable[[Client, object], tuple[int, bytes]], cap: float
) -> Timings:
    """``jobs`` spread over ``clients`` threads, each with its own connection; stops at ``cap`` seconds."""
    timings = Timings(name)
    lock = threading.Lock()
    queue = list(jobs)
    deadline = time.monotonic() + cap

    def worker() -> None:
        client = Client(port)
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            started = time.perf_counter()
            status, _ = request(client, job)
            elapsed = time.perf_counter() - started
            with lock:
                timings.add(elapsed, status)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    timings.wall = time.perf_counter() - started
    return timings


def get(path: str) -> Callable[[Client, object], tuple[int, bytes]]:
    return lambda client, job: client.request("GET", path.format(job))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, workers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "KHABAR_TOKEN"}
    cmd = [sys.executable, "-m", "khabar", "serve", "--db", db, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
        try:
            status, _ = Client(port).request("GET", "/api/v1/documents?limit=1")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start in 180 s")


def sample_ids(port: int, n: int, seed: int) -> list[str]:
    """``n`` document ids spread over the store (every page of 100 read, a random pick kept)."""
    client = Client(port)
    ids: list[str] = []
    cursor = None
    while True:
        path = "/api/v1/documents?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, body = client.request("GET", path)
        page = json.loads(body)
        ids += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return random.Random(seed).sample(ids, min(n, len(ids)))


def in_process_rate(texts: list[dict], warm: int) -> float:
    """Articles per second of the pipeline in this process, as `khabar analyze` runs it
    (model loaded and warmed on the first ``warm`` texts first, as the server's workers were)."""
    from khabar.pipeline import Pipeline

    pipeline = Pipeline()
    for t in texts[:warm]:
        pipeline(t["text"], published=t["published"], title=t["title"])
    started = time.perf_counter()
    for t in texts:
        pipeline(t["text"], published=t["published"], title=t["title"])
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", help="a store made by khabar ingest")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients for search and article pages")
    ap.add_argument("--requests", type=int, default=400, help="requests per latency target")
    ap.add_argument("--overview", type=int, default=20, help="overview page loads (one client)")
    ap.add_argument("--analyse", type=int, default=60, help="articles for the analyse throughput (0: skip)")
    ap.add_argument("--workers", type=int, default=2, help="the server's analysis processes")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds at most per target")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    port = free_port()
    print(f"starting khabar serve on 127.0.0.1:{port} over {args.db} …", flush=True)
    server = start_server(args.db, port, args.workers)
    results = []
    try:
        rng = random.Random(args.seed)
        ids = sample_ids(port, max(args.requests, args.analyse), args.seed)
        warm = Client(port)
        for w in WORDS:  # first touch of each query's index pages, as a running server would have had
            warm.request("GET", "/api/v1/search?q=" + urllib.parse.quote(w))
        warm.request("GET", "/")

        searches = [rng.choice(WORDS) for _ in range(args.requests)]
        results.append(
            run(
                "search API",
                port,
                args.clients,
                [urllib.parse.quote(q) for q in searches],
                get("/api/v1/search?q={}"),
                args.cap,
            )
        )
        results.append(run("article page", port, args.clients, ids[: args.requests], get("/articles/{}"), args.cap))
        results.append(run("overview page", port, 1, list(range(args.overview)), get("/"), args.cap))
        results.append(
            run(
                "search page (facets)",
                port,
                args.clients,
                [urllib.parse.quote(q) for q in searches[:100]],
                get("/search?q={}"),
                args.cap,
            )
        )
        results.append(run("entity API", port, args.clients, list(range(1, 201)), get("/api/v1/entities/{}"), args.cap))

        rate = None
        if args.analyse:
            client = Client(port)
            texts = []
            for doc_id in ids[: args.analyse]:
                _, body = client.request("GET", f"/api/v1/documents/{doc_id}")
                d = json.loads(body)
                texts.append({"text": d["text"], "published": d["published"], "title": d["title"]})
            texts = [t for t in texts if t["text"].strip()]
            bodies = [json.dumps(t, ensure_ascii=False).encode() for t in texts]
            post = lambda c, body: c.request("POST", "/api/v1/analyze", body)  # noqa: E731
            run("warm analyse", port, args.workers, bodies[: args.workers * 2], post, args.cap)
            before = in_process_rate(texts, warm=args.workers * 2)  # the machine is shared: measure
            analysed = run("analyse API", port, args.workers * 2, bodies, post, args.cap * 3)
            after = in_process_rate(texts, warm=args.workers * 2)  # the baseline on both sides of the API run
            results.append(analysed)
            rate = (before + after) / 2
            print(f"in process: {before:.1f} articles/s before the API run, {after:.1f} after", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    summaries = [r.summary() for r in results]
    print(f"\n{'target':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'req/s':>8}{'5xx':>5}")
    for s in summaries:
        print(
            f"{s['name']:<22}{s['requests']:>6}{s['p50_ms']:>9}{s['p95_ms']:>9}{s['p99_ms']:>9}{s['max_ms']:>9}"
            f"{s['per_second']:>8}{s['server_errors']:>5}"
        )
    report = {"clients": args.clients, "workers": args.workers, "results": summaries}
    if rate is not None:
        served = summaries[-1]["per_second"]
        report["in_process_articles_per_second"] = round(rate, 1)
        report["analyse_ratio"] = round(served / rate, 2)
        report["analyse_ratio_per_worker"] = round(served / rate / args.workers, 2)
        print(
            f"\nanalyse: {served} articles/s through the API ({args.workers} workers) vs {rate:.1f} in process "
            f"(khabar analyze, 1 core): {served / rate:.2f}x, {served / rate / args.workers:.2f}x per worker"
        )
    print(f"server errors (5xx): {sum(s['server_errors'] for s in summaries)}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()

"""Batch throughput: a generated dump of N articles through ``finnews-extract extract``.

    python benchmarks/batch.py [--articles 100000] [--workers 1 2]

Articles are the bundled ones with every figure re-drawn from a seeded generator (so no two
are alike and nothing is served from a cache), written as JSONL. Each run is timed and its
peak memory is the largest sum of proportional resident memory (PSS) over the process and its
workers, sampled every 0.1 s. Prints articles/s per worker count, the speed-up, and the peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finnews_extract.batch.sources import iter_articles  # noqa: E402

_DIGITS = regex.compile(r"[0-9]+")


def generate(path: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` articles; returns the bytes of text written."""
    rng = random.Random(seed)
    bases = [a for a in iter_articles(ROOT / "corpora" / "articles") if a.get("text")]
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            base = bases[i % len(bases)]
            text = _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m[0]))), base["text"])
            total += len(text.encode("utf-8"))
            record = {"id": f"gen-{i}", "text": text, "published_at": base["published_at"]}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def _pss(proc: psutil.Process) -> int:
    """Proportional set size: resident memory with shared pages split among their sharers,
    so a tree's sum counts a page once (plain RSS would count copy-on-write pages twice)."""
    try:
        return int(proc.memory_full_info().pss)
    except (AttributeError, psutil.AccessDenied):
        return int(proc.memory_info().rss)


def measure(dump: Path, out: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB, process tree) of one run."""
    command = [
        sys.executable,
        "-m",
        "finnews_extract",
        "extract",
        str(dump),
        "-o",
        str(out),
        "--workers",
        str(workers),
        "--quiet",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_pss(p) for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"run failed with exit code {proc.returncode}")
    return seconds, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        size = generate(dump, args.articles)
        print(f"dump: {args.articles} articles, {size / 1e6:.1f} MB of text")
        print(f"{'workers':>7} {'seconds':>8} {'articles/s':>11} {'MB/s':>6} {'peak MB':>8}")
        rates = {}
        for workers in args.workers:
            seconds, peak = measure(dump, Path(tmp) / f"out-{workers}.jsonl", workers)
            rates[workers] = args.articles / seconds
            print(
                f"{workers:>7} {seconds:>8.1f} {rates[workers]:>11.0f} "
                f"{size / 1e6 / seconds:>6.2f} {peak:>8.0f}"
            )
        if 1 in rates and len(rates) > 1:
            best = max(w for w in rates if w != 1)
            print(f"speed-up with {best} workers: {rates[best] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()

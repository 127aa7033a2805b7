"""Throughput of extract_quantities and extract_periods over the bundled articles, one core.

    python benchmarks/quantities.py [--repeat 40] [--jieba]

The corpus is every article in corpora/articles/ read ``--repeat`` times; reported: MB of
UTF-8 text per second and articles per second, best of three rounds. With ``--jieba``,
``jieba.lcut`` over the same texts is timed too, as the yardstick.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from finnews_extract import extract_periods, extract_quantities
from finnews_extract.batch.sources import iter_articles

ROOT = Path(__file__).resolve().parent.parent


def _best_of(rounds: int, fn: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--jieba", action="store_true", help="also time jieba.lcut")
    args = parser.parse_args()
    articles = list(iter_articles(ROOT / "corpora" / "articles")) * args.repeat
    texts = [a["text"] for a in articles]
    pubs = [a["published_at"] for a in articles]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extract_quantities(texts[0])  # warm the lazy pattern compilation
    rows = [
        ("extract_quantities", lambda: [extract_quantities(t) for t in texts]),
        (
            "extract_periods",
            lambda: [extract_periods(t, p) for t, p in zip(texts, pubs, strict=True)],
        ),
    ]
    if args.jieba:
        import jieba

        jieba.initialize()
        rows.append(("jieba.lcut", lambda: [jieba.lcut(t) for t in texts]))
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB UTF-8")
    print(f"{'what':22} {'MB/s':>8} {'articles/s':>11}")
    for name, fn in rows:
        seconds = _best_of(3, fn)  # type: ignore[arg-type]
        print(f"{name:22} {mb / seconds:8.2f} {len(texts) / seconds:11.0f}")


if __name__ == "__main__":
    main()

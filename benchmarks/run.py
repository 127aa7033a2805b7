"""Speed against the field, one process, one core: ``python benchmarks/run.py [--mb 20]``.

The corpus (at least ``--mb`` MB) is built from the project's own articles (corpora/) and the
example-table sentences, every figure re-drawn from a seeded generator so nothing repeats.
Side by side on the same texts: ``finnews_extract.extract`` end to end (records built, JSON
serialized), ``jieba.lcut``, and JioNLP's ``extract_money`` + ``extract_time`` when JioNLP is
installed (``pip install jionlp``; never a runtime dependency). Also: cold start (import and
first extraction, in a fresh process) and peak RSS of one worker.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import regex
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finnews_extract._io import iter_articles  # noqa: E402

_DIGITS = regex.compile(r"[0-9]+")


def corpus(megabytes: float, seed: int = 11) -> list[tuple[str, str | None]]:
    """(text, published_at) pairs adding up to at least ``megabytes`` MB of UTF-8."""
    rng = random.Random(seed)
    bases = [
        (a["text"], a["published_at"])
        for a in iter_articles(ROOT / "corpora" / "articles")
        if a.get("text")
    ]
    for table in sorted((ROOT / "corpora" / "dimensions").glob("*.yaml")):
        data = yaml.safe_load(table.read_text(encoding="utf-8"))
        rows = [r["text"] for r in data["examples"]]
        for i in range(0, len(rows), 12):  # a dozen example sentences make one "article"
            bases.append(("。".join(rows[i : i + 12]), "2025-02-08T11:34:20+08:00"))
    out: list[tuple[str, str | None]] = []
    size = 0
    while size < megabytes * 1e6:
        text, published = bases[len(out) % len(bases)]
        text = _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m[0]))), text)
        out.append((text, published))
        size += len(text.encode("utf-8"))
    return out


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def cold_start() -> float:
    """Seconds for ``import finnews_extract`` + the first extraction, in a new process."""
    code = (
        "import time; t = time.perf_counter(); import warnings; "
        "warnings.simplefilter('ignore'); from finnews_extract import extract; "
        "extract('本周科创50ETF（588000）净流出63.88亿元，份额创近一年新低。', '2025-02-08')"
        ".model_dump_json(); print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (>= 20)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    texts = corpus(args.mb)
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    print(f"corpus: {len(texts)} articles, {mb:.1f} MB UTF-8 (one process, one core)")

    from finnews_extract import Extractor

    extractor = Extractor()
    extractor.extract(*texts[0])
    rows: list[tuple[str, float]] = []
    rows.append(
        (
            "finnews_extract.extract",
            timed(lambda: [extractor.extract(t, p).model_dump_json() for t, p in texts]),
        )
    )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    rows.append(("jieba.lcut", timed(lambda: [jieba.lcut(t) for t, _ in texts])))
    try:
        import jionlp

        rows.append(
            (
                "jionlp money + time",
                timed(
                    lambda: [(jionlp.extract_money(t), jionlp.extract_time(t)) for t, _ in texts]
                ),
            )
        )
    except ImportError:
        print("(JioNLP not installed: pip install jionlp to add it to the table)")

    jieba_seconds = dict(rows)["jieba.lcut"]
    print(f"{'what':26} {'MB/s':>7} {'articles/s':>11} {'vs jieba':>9}")
    for name, seconds in rows:
        print(
            f"{name:26} {mb / seconds:7.2f} {len(texts) / seconds:11.0f} "
            f"{jieba_seconds / seconds:8.2f}x"
        )
    print(f"cold start (import + first extraction): {cold_start():.2f} s")
    print(f"peak RSS of this process after extraction (one worker): {peak_rss:.0f} MB")
    print(json.dumps({name: round(mb / s, 3) for name, s in rows}))


if __name__ == "__main__":
    main()

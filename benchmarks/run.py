"""Speed against the field, one process, one core: ``python benchmarks/run.py [--mb 20]``.

The corpus (at least ``--mb`` MB) is built from the project's own articles (corpora/) and the
example-table sentences, every figure re-drawn from a seeded generator so nothing repeats.
Side by side on the same texts: ``finnews_extract.extract`` end to end (records built, JSON
serialized), ``jieba.lcut``, and JioNLP's ``extract_money`` + ``extract_time`` when JioNLP is
installed (``pip install jionlp``; never a runtime dependency); then extract on the articles
and on the example sentences apart, each against jieba on the same subset, with the facts
found per KB (our cost grows with the number of facts, jieba's does not). Also: cold start
(import and first extraction, in a fresh process) and peak RSS of one worker.
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


ARTICLES, EXAMPLES = "articles", "example sentences"


def corpus(megabytes: float, seed: int = 11) -> list[tuple[str, str | None, str]]:
    """(text, published_at, kind) triples adding up to at least ``megabytes`` MB of UTF-8.

    ``kind`` is ``ARTICLES`` for the bundled articles, ``EXAMPLES`` for a dozen sentences of
    the example tables joined into one text (far denser in facts than news).
    """
    rng = random.Random(seed)
    bases = [
        (a["text"], a["published_at"], ARTICLES)
        for a in iter_articles(ROOT / "corpora" / "articles")
        if a.get("text")
    ]
    for table in sorted((ROOT / "corpora" / "dimensions").glob("*.yaml")):
        data = yaml.safe_load(table.read_text(encoding="utf-8"))
        rows = [r["text"] for r in data["examples"]]
        for i in range(0, len(rows), 12):  # a dozen example sentences make one "article"
            bases.append(("。".join(rows[i : i + 12]), "2025-02-08T11:34:20+08:00", EXAMPLES))
    out: list[tuple[str, str | None, str]] = []
    size = 0
    while size < megabytes * 1e6:
        text, published, kind = bases[len(out) % len(bases)]
        text = _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m[0]))), text)
        out.append((text, published, kind))
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


def _megabytes(texts: list[tuple[str, str | None, str]]) -> float:
    return sum(len(t.encode("utf-8")) for t, _, _ in texts) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (>= 20)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    texts = corpus(args.mb)
    mb = _megabytes(texts)
    print(f"corpus: {len(texts)} texts, {mb:.1f} MB UTF-8 (one process, one core)")

    from finnews_extract import Extractor

    extractor = Extractor()
    extractor.extract(*texts[0][:2])
    kinds = (ARTICLES, EXAMPLES)
    subsets = {kind: [t for t in texts if t[2] == kind] for kind in kinds}
    seconds: dict[str, float] = {}
    facts: dict[str, int] = {}
    for kind, subset in subsets.items():
        counted = [0]

        def run(
            subset: list[tuple[str, str | None, str]] = subset, counted: list[int] = counted
        ) -> None:
            for text, published, _ in subset:
                result = extractor.extract(text, published)
                result.model_dump_json()
                counted[0] += len(result.facts)

        seconds[kind] = timed(run)
        facts[kind] = counted[0]
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba_seconds = {
        kind: timed(lambda subset=subset: [jieba.lcut(t) for t, _, _ in subset])
        for kind, subset in subsets.items()
    }
    rows: list[tuple[str, float, float, int, int]] = [
        (
            "finnews_extract.extract",
            sum(seconds.values()),
            sum(jieba_seconds.values()),
            len(texts),
            sum(facts.values()),
        ),
        ("jieba.lcut", sum(jieba_seconds.values()), sum(jieba_seconds.values()), len(texts), 0),
    ]
    try:
        import jionlp

        ner = getattr(jionlp, "ner", jionlp)  # 1.5.x keeps the extractors in jionlp.ner
        rows.append(
            (
                "jionlp money + time",
                timed(lambda: [(ner.extract_money(t), ner.extract_time(t)) for t, _, _ in texts]),
                sum(jieba_seconds.values()),
                len(texts),
                0,
            )
        )
    except ImportError:
        print("(JioNLP not installed: pip install jionlp to add it to the table)")
    for kind in kinds:
        rows.append(
            (
                f"  extract, {kind}",
                seconds[kind],
                jieba_seconds[kind],
                len(subsets[kind]),
                facts[kind],
            )
        )
    sizes = {name: mb for name, *_ in rows}
    sizes.update({f"  extract, {kind}": _megabytes(subsets[kind]) for kind in kinds})
    print(f"{'what':32} {'MB/s':>6} {'articles/s':>11} {'vs jieba':>9} {'facts/KB':>9}")
    for name, secs, jieba_secs, count, n_facts in rows:
        size = sizes[name]
        density = f"{n_facts / (size * 1000):9.1f}" if n_facts else f"{'':9}"
        print(
            f"{name:32} {size / secs:6.2f} {count / secs:11.0f} {jieba_secs / secs:8.2f}x {density}"
        )
    print("(vs jieba: jieba.lcut's time over the same texts, in this run, divided by ours)")
    print(f"cold start (import + first extraction): {cold_start():.2f} s")
    print(f"peak RSS of this process after extraction (one worker): {peak_rss:.0f} MB")
    print(json.dumps({name.strip(): round(sizes[name] / secs, 3) for name, secs, *_ in rows}))


if __name__ == "__main__":
    main()

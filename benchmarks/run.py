"""Speed against the field, one process, one core: ``python benchmarks/run.py [--mb 20]``.

The corpus (at least ``--mb`` MB) is built from the project's own articles (corpora/) and the
example-table sentences, every figure re-drawn from a seeded generator so nothing repeats.
Side by side on the same texts: ``finnews_extract.extract`` end to end (records built, JSON
serialized), ``jieba.lcut``, and JioNLP's ``extract_money`` + ``extract_time`` when JioNLP is
installed (``pip install jionlp``; never a runtime dependency). Each text is timed on its own,
so the same run also gives rows for the articles and the example sentences apart, and for
texts grouped by the facts found per KB, each against jieba on the same texts (our cost grows
with the number of facts, jieba's does not). Also: cold start (import and first extraction, in
a fresh process) and peak RSS of one worker.
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
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finnews_extract.batch.sources import iter_articles  # noqa: E402

_DIGITS = regex.compile(r"[0-9]+")


ARTICLES, EXAMPLES, FIELD = "articles", "example sentences", "field articles (real text)"
FIELD_SET = ROOT.parent / "shared" / "dev" / "field.jsonl"


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


def field_corpus(megabytes: float = 2.0, seed: int = 13) -> list[tuple[str, str | None, str]]:
    """The field articles of ``../shared/dev`` (written to mirror real pages from many
    outlets), figures re-drawn, repeated to ``megabytes``; empty where the dev set is absent.
    Timed apart: they are not part of the corpus rows above them."""
    if not FIELD_SET.is_file():
        return []
    rng = random.Random(seed)
    bases = [(a["text"], a.get("published_at")) for a in iter_articles(FIELD_SET)]
    out: list[tuple[str, str | None, str]] = []
    size = 0
    while size < megabytes * 1e6:
        text, published = bases[len(out) % len(bases)]
        text = _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m[0]))), text)
        out.append((text, published, FIELD))
        size += len(text.encode("utf-8"))
    return out


def cold_start() -> float:
    """Seconds for ``import finnews_extract`` + the first extraction, in a new process."""
    code = (
        "import time; t = time.perf_counter(); import warnings; "
        "warnings.simplefilter('ignore'); from finnews_extract import extract; "
        "extract('北向资金净买入宁德时代4.2亿元，科创50ETF（588000）份额创近一年新低。', "
        "'2025-02-08')"
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


@dataclass
class _Row:
    """Totals over a group of texts: seconds of ours and of jieba, bytes, texts, facts."""

    seconds: float = 0.0
    jieba_seconds: float = 0.0
    size: int = 0
    count: int = 0
    facts: int = 0

    def add(self, seconds: float, jieba_seconds: float, size: int, facts: int) -> None:
        self.seconds += seconds
        self.jieba_seconds += jieba_seconds
        self.size += size
        self.count += 1
        self.facts += facts

    def line(self, name: str) -> str:
        mb = self.size / 1e6
        density = f"{self.facts / (self.size / 1000):9.1f}" if self.facts else f"{'':9}"
        return (
            f"{name:32} {mb:6.1f} {mb / self.seconds:6.2f} {self.count / self.seconds:11.0f} "
            f"{self.jieba_seconds / self.seconds:8.2f}x {density}"
        )


_DENSITY_GROUPS = {"< 2": 2, "2-5": 5, "5-10": 10, ">= 10": float("inf")}


def _density_group(facts: int, size: int) -> str:
    """The row of a text by the facts found per KB (ordinary news is at the low end)."""
    per_kb = facts / (size / 1000)
    name = next(name for name, limit in _DENSITY_GROUPS.items() if per_kb < limit)
    return f"  extract, {name} facts/KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (>= 20)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    texts = corpus(args.mb)
    sizes = [len(text.encode("utf-8")) for text, _, _ in texts]
    print(f"corpus: {len(texts)} texts, {sum(sizes) / 1e6:.1f} MB")
    field = field_corpus()
    texts += field
    sizes += [len(text.encode("utf-8")) for text, _, _ in field]

    from finnews_extract import Extractor

    extractor = Extractor()
    extractor.extract(*texts[0][:2])
    ours: list[tuple[float, int]] = []  # (seconds, facts) of each text
    clock = time.perf_counter
    for text, published, _ in texts:
        started = clock()
        result = extractor.extract(text, published)
        result.model_dump_json()
        ours.append((clock() - started, len(result.facts)))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    theirs: list[float] = []
    for text, _, _ in texts:
        started = clock()
        jieba.lcut(text)
        theirs.append(clock() - started)

    rows: dict[str, _Row] = defaultdict(_Row)
    for (_, _, kind), (seconds, facts), jieba_seconds, size in zip(
        texts, ours, theirs, sizes, strict=True
    ):
        if kind == FIELD:
            rows[f"  extract, {kind}"].add(seconds, jieba_seconds, size, facts)
            continue
        for name in ("finnews_extract.extract", f"  extract, {kind}", _density_group(facts, size)):
            rows[name].add(seconds, jieba_seconds, size, facts)
        rows["jieba.lcut"].add(jieba_seconds, jieba_seconds, size, 0)
    try:
        import jionlp

        ner = getattr(jionlp, "ner", jionlp)  # 1.5.x keeps the extractors in jionlp.ner
        for (text, _, kind), size in zip(texts, sizes, strict=True):
            if kind == FIELD:
                continue
            started = clock()
            ner.extract_money(text)
            ner.extract_time(text)
            rows["jionlp money + time"].add(clock() - started, 0.0, size, 0)
        rows["jionlp money + time"].jieba_seconds = rows["jieba.lcut"].seconds
    except ImportError:
        print("(JioNLP not installed: pip install jionlp to add it to the table)")

    order = ["finnews_extract.extract", "jieba.lcut", "jionlp money + time"]
    order += [f"  extract, {kind}" for kind in (ARTICLES, EXAMPLES)]
    order += [f"  extract, {group} facts/KB" for group in _DENSITY_GROUPS]
    order.append(f"  extract, {FIELD}")
    print(f"{'what':32} {'MB':>6} {'MB/s':>6} {'articles/s':>11} {'vs jieba':>9} {'facts/KB':>9}")
    for name in order:
        if name in rows:
            print(rows[name].line(name))
    print("(vs jieba: jieba.lcut's time over the same texts, in this run, divided by ours)")
    print(f"cold start (import + first extraction): {cold_start():.2f} s")
    print(f"peak RSS of this process after extraction (one worker): {peak_rss:.0f} MB")
    print(
        json.dumps(
            {name.strip(): round(row.size / 1e6 / row.seconds, 3) for name, row in rows.items()}
        )
    )


if __name__ == "__main__":
    main()

"""Panel building: N extracted articles (JSONL records) into a panel, on one core.

    python benchmarks/panel.py [--articles 100000] [--keep DIR]

The records are made from the dev articles (``../shared/dev/*.jsonl``, gold files aside),
extracted once: each extracted article is a story, re-dated by a whole number of days (its
publish time and every period move together, so a subject's stories make a series), and
printed by one to four outlets; a reprint gives a figure 10 % off in 3 % of its facts, so
some rows have conflicts. The JSONL file is then read and merged by ``finnews-extract
panel``'s own function (``read_panel``: read, observe, link, merge, frame) in a fresh
process on one thread (Arrow's thread pools cut to one), and its seconds, CPU seconds and
peak resident memory (``ru_maxrss``: the interpreter, pandas and the library included) are
printed, with the seconds to write the Parquet file apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "dev"


def _extracted() -> list[dict[str, Any]]:
    """The dev articles' records (extracted in this process)."""
    from finnews_extract.batch.runner import process_item
    from finnews_extract.batch.sources import iter_items

    paths = sorted(str(p) for p in DEV.glob("*.jsonl") if not p.name.endswith(".gold.jsonl"))
    return [process_item(item) for item in iter_items(paths)]


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    if "T" in value:
        return (dt.datetime.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def _reprint(
    base: dict[str, Any], n: int, days: int, outlet: int, rng: random.Random
) -> dict[str, Any]:
    """A copy of ``base`` as article ``n``, ``days`` later, from outlet number ``outlet``."""
    record = json.loads(json.dumps(base))
    record["id"] = f"p{n:06d}"
    record["published_at"] = _shift(record.get("published_at"), days)
    record["metadata"] = {"outlet": f"outlet-{outlet}"}
    for fact in record["facts"]:
        period = fact.get("period")
        if period:
            period["start"], period["end"] = (
                _shift(period["start"], days),
                _shift(period["end"], days),
            )
        if outlet and fact["type"] == "metric" and rng.random() < 0.03:
            fact["value"] = round(float(fact["value"]) * 1.1, 2)
    return record


def generate(path: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` extracted-article records; returns the number of facts written."""
    rng = random.Random(seed)
    bases = [r for r in _extracted() if r.get("facts")]
    facts = written = story = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < count:
            base, days = bases[story % len(bases)], story // len(bases)
            for outlet in range(min(rng.choice((1, 1, 2, 3, 4)), count - written)):
                record = _reprint(base, written, days, outlet, rng)
                facts += len(record["facts"])
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
            story += 1
    return facts


def measure(path: Path, out: Path) -> dict[str, Any]:
    """Read and merge ``path`` in this process on one core (Arrow's pools cut to one
    thread, the rest is Python's one thread); the figures."""
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)
    from finnews_extract.panel.command import read_panel
    from finnews_extract.panel.files import write

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    frame = read_panel([str(path)])
    built = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    write(frame, str(out))
    return {
        "seconds_build": built - started,
        "cpu_seconds_build": cpu,
        "seconds_write": time.perf_counter() - built,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mb_before": before.ru_maxrss / 1024,
        "rows": len(frame),
        "conflicts": int(frame["conflict"].sum()),
        "attrs": dict(frame.attrs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the records here and keep them")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        out = args.measure.with_suffix(".panel.parquet")
        print(json.dumps(measure(args.measure, out)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        dump = folder / f"records-{args.articles}.jsonl"
        started = time.perf_counter()
        facts = generate(dump, args.articles)
        made = time.perf_counter() - started
        size = dump.stat().st_size / 1e6
        print(f"generated {args.articles} records, {facts} facts, {size:.0f} MB in {made:.0f}s")
        child = [sys.executable, __file__, "--measure", str(dump)]
        result = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
    a = result["attrs"]
    print(
        f"panel: {result['rows']} rows, {result['conflicts']} with a conflict, from "
        f"{a['in_panel_facts']} of {a['metric_facts']} metric facts "
        f"({a['undated_facts']} without a period)"
    )
    print(
        f"read and merge: {result['seconds_build']:.1f}s "
        f"({result['cpu_seconds_build']:.1f}s of CPU, one thread), peak RSS "
        f"{result['peak_mb']:.0f} MB ({result['mb_before']:.0f} MB after imports); "
        f"Parquet written in {result['seconds_write']:.1f}s"
    )
    print(f"machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}")


def _cpu() -> str:
    """The processor's model name where Linux says it, else the architecture."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


if __name__ == "__main__":
    main()

"""The figures of docs/accuracy.md, measured with the command a user runs: `finnews-extract eval`.

    python benchmarks/accuracy.py [--dev ../shared/dev] > accuracy-figures.md

For each dev set (seeds, synthetic, field) it runs `finnews-extract eval GOLD --articles
ARTICLES --json`; for the field set also per article family (the id prefix: etf/etfd/etff are
ETF flows, flow sector and main-fund flows, global global fund flows, margin margin financing)
and for the articles that carry a table and those that do not. It prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

FAMILIES = {
    "ETF flows (etf, etfd, etff)": ("etf-", "etfd-", "etff-"),
    "sector and main-fund flows (flow)": ("flow-",),
    "global fund flows (global)": ("global-",),
    "margin financing (margin)": ("margin-",),
}


def _eval(gold: Path, articles: Path) -> dict[str, Any]:
    out = subprocess.run(
        ["finnews-extract", "eval", str(gold), "--articles", str(articles), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def _subset(path: Path, keep: set[str], into: Path) -> Path:
    with path.open(encoding="utf-8") as src, into.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and json.loads(line)["id"] in keep:
                dst.write(line)
    return into


def _row(name: str, result: dict[str, Any]) -> str:
    o = result["overall"]
    return (
        f"| {name} | {result['articles']} | {o['precision']:.3f} | {o['recall']:.3f} | "
        f"{o['f1']:.3f} | {result['period_accuracy']:.3f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=Path("../shared/dev"))
    args = parser.parse_args()
    dev: Path = args.dev
    head = (
        "| set | articles | P | R | F1 | period accuracy |\n| --- | --- | --- | --- | --- | --- |"
    )
    print("## Overall\n\n" + head)
    field: dict[str, Any] = {}
    for name in ("seeds", "synthetic", "field"):
        result = _eval(dev / f"{name}.gold.jsonl", dev / f"{name}.jsonl")
        field = result if name == "field" else field
        print(_row(name, result))
    arts = [json.loads(line) for line in (dev / "field.jsonl").open(encoding="utf-8")]
    groups = {
        label: {a["id"] for a in arts if a["id"].startswith(prefixes)}
        for label, prefixes in FAMILIES.items()
    }
    tabled = {a["id"] for a in arts if any("table" in p for p in a.get("phenomena", []))}
    groups["articles with a table"] = tabled
    groups["articles without a table"] = {a["id"] for a in arts} - tabled
    print("\n## Field set by family\n\n" + head)
    with tempfile.TemporaryDirectory() as tmp:
        for label, keep in groups.items():
            gold = _subset(dev / "field.gold.jsonl", keep, Path(tmp) / "gold.jsonl")
            articles = _subset(dev / "field.jsonl", keep, Path(tmp) / "articles.jsonl")
            print(_row(label, _eval(gold, articles)))
    print("\n## Field set by metric\n")
    print("| fact | P | R | F1 | tp | fp | fn |\n| --- | --- | --- | --- | --- | --- | --- |")
    for key, m in sorted(field["per_key"].items()):
        print(
            f"| {key} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
            f"{m['tp']} | {m['fp']} | {m['fn']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

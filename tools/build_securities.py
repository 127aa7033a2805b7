"""Build the packaged securities master from the public reference lists.

    python tools/build_securities.py [SOURCE_DIR] [-o OUTPUT]

SOURCE_DIR defaults to ../shared/data/securities, OUTPUT to finnews_extract/lexicons/securities.tsv.

Reads the reference CSVs (``SOURCES.md`` beside them says where each comes from and how fresh
it is) and writes one compact tab-separated file the package ships: one row per security or
classification, only the columns the extractor uses. Nothing is derived here (derived fund
forms such as 华泰柏瑞沪深300ETF are made at load, by ``link/securities.py``); the output is a
projection of the inputs, so a refresh is a rerun. ``finnews-extract securities update``
writes the same format from AKShare into the user's cache.

Columns: ``kind code name exchange aliases manager tracks parent``; ``aliases`` joined by
``|``; kinds: stock, etf, lof, index, industry (Shenwan levels 1–3, CSRC labels), concept.
The first lines are ``#`` comments: the format version and the snapshot date of each kind.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from finnews_extract.text.master import MasterRow, format_master

ROOT = Path(__file__).resolve().parent.parent


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def master(source: Path) -> Iterator[MasterRow]:
    """The rows of the packaged master, stocks first, in each file's order."""
    for r in _rows(source / "stocks.csv"):
        yield _make("stock", r["code"], r["name"], r["exchange"], r["alt_names"])
    for r in _rows(source / "funds.csv"):
        aliases = "|".join(a for a in [*r["alt_names"].split("|"), r["full_name"]] if a)
        kind = r["type"].lower()
        yield _make(kind, r["code"], r["name"], r["exchange"], aliases, r["manager"], r["index"])
    for r in _rows(source / "indices.csv"):
        yield _make("index", r["code"], r["name"], "", r["alt_names"])
    for r in _rows(source / "industries_sw.csv"):
        level = f"sw{r['level']}"
        yield _make("industry", r["code"], r["name"], tracks=level, parent=r["parent_name"])
    for r in _rows(source / "industries_csrc.csv"):
        yield _make("industry", r["code"], r["name"], tracks=f"csrc{r['level']}")
    for r in _rows(source / "concepts.csv"):
        yield _make("concept", r["code"], r["name"])


def _make(
    kind: str,
    code: str,
    name: str,
    exchange: str = "",
    aliases: str = "",
    manager: str = "",
    tracks: str = "",
    parent: str = "",
) -> MasterRow:
    """One row; ``aliases`` is the sources' ``|``-joined cell."""
    names = tuple(a.strip() for a in aliases.split("|") if a.strip())
    return MasterRow(kind, code, name, exchange, names, manager, tracks, parent)


SNAPSHOTS = {  # from SOURCES.md: how fresh each list is
    "stock": "2026-05-11",
    "etf": "2026-03",
    "lof": "2025-03",
    "index": "2025-02 (SSE/SZSE), 2026-05 (CSI)",
    "industry": "2026-09 (Shenwan 2021), 2026-05 (CSRC labels)",
    "concept": "2025-08",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "source", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "securities"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=ROOT / "finnews_extract" / "lexicons" / "securities.tsv",
    )
    args = parser.parse_args(argv)
    rows = list(master(args.source))
    content = format_master(rows, SNAPSHOTS, "public reference lists (SOURCES.md)")
    args.output.write_text(content, encoding="utf-8", newline="\n")
    print(f"{len(rows)} rows -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

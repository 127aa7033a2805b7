"""The securities master as data: every listed stock, ETF, LOF and index, industries, concepts.

Read once per process from ``lexicons/securities.tsv`` (built by ``tools/build_securities.py``
from public reference lists) plus ``lexicons/hk_stocks.csv`` (Hong Kong stocks named in the
news; no public Stock Connect list exists), or from a refreshed copy in the user's cache
(``finnews-extract securities update``), which is preferred when present and well formed. Rows
are plain tuples: the subjects dimension builds its name automaton from them and the link stage
its :class:`~finnews_extract.SecuritiesTable`; nothing here knows what a name means.

>>> master = load_master()
>>> next(r for r in master.rows if r.code == "600519").name
'贵州茅台'
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from ..errors import FinnewsError
from .lexicon import split_aliases

__all__ = [
    "COLUMNS",
    "FORMAT",
    "KINDS",
    "Master",
    "MasterRow",
    "cache_dir",
    "format_master",
    "load_master",
    "parse_master",
]

FORMAT = "finnews-securities 1"
COLUMNS = ("kind", "code", "name", "exchange", "aliases", "manager", "tracks", "parent")
KINDS = frozenset({"stock", "etf", "lof", "index", "industry", "concept"})
_EXCHANGES = frozenset({"", "SH", "SZ", "BJ", "HK"})
CACHE_NAME = "securities.tsv"


class MasterRow(NamedTuple):
    """One security or classification, as the master file has it ('' for an empty cell)."""

    kind: str
    code: str
    name: str
    exchange: str
    aliases: tuple[str, ...]
    manager: str
    tracks: str
    parent: str


@dataclass(frozen=True)
class Master:
    """The rows, the snapshot date of each kind, and where they were read from."""

    rows: tuple[MasterRow, ...]
    snapshots: dict[str, str]
    origin: str
    path: str


def cache_dir() -> Path | None:
    """``$FINNEWS_EXTRACT_CACHE`` (empty: no cache) or ``~/.cache/finnews_extract``."""
    folder = os.environ.get("FINNEWS_EXTRACT_CACHE")
    if folder == "":
        return None
    return Path(folder) if folder else Path.home() / ".cache" / "finnews_extract"


def parse_master(content: str, where: str) -> Master:
    """Parse a master file's lines; a malformed file raises FinnewsError naming it and the line.

    >>> head = "# finnews-securities 1\\n# snapshot stock: 2026-05-11\\n"
    >>> cols = "kind\\tcode\\tname\\texchange\\taliases\\tmanager\\ttracks\\tparent\\n"
    >>> m = parse_master(head + cols + "stock\\t600519\\t贵州茅台\\tSH\\t\\t\\t\\t\\n", "x")
    >>> m.rows[0].name, m.snapshots
    ('贵州茅台', {'stock': '2026-05-11'})
    """
    lines = content.splitlines()
    if not lines or lines[0] != f"# {FORMAT}":
        raise FinnewsError(f"securities master {where}: first line is not '# {FORMAT}'")
    snapshots: dict[str, str] = {}
    origin = ""
    body = 1
    while body < len(lines) and lines[body].startswith("#"):
        key, _, value = lines[body][1:].strip().partition(":")
        if key.startswith("snapshot "):
            snapshots[key[len("snapshot ") :]] = value.strip()
        elif key == "origin":
            origin = value.strip()
        body += 1
    if body >= len(lines) or tuple(lines[body].split("\t")) != COLUMNS:
        raise FinnewsError(f"securities master {where}: no header line {'/'.join(COLUMNS)}")
    rows = [_row(line, where, n) for n, line in enumerate(lines[body + 1 :], start=body + 2)]
    return Master(tuple(rows), snapshots, origin, where)


def format_master(rows: Iterable[MasterRow], snapshots: dict[str, str], origin: str) -> str:
    """A master file's content: what :func:`parse_master` reads back.

    >>> row = MasterRow("stock", "600519", "贵州茅台", "SH", ("茅台",), "", "", "")
    >>> parse_master(format_master([row], {"stock": "2026-05-11"}, "test"), "x").rows == (row,)
    True
    """
    lines = [f"# {FORMAT}", f"# origin: {origin}"]
    lines += [f"# snapshot {kind}: {date}" for kind, date in snapshots.items()]
    lines.append("\t".join(COLUMNS))
    for row in rows:
        cells = (*row[:4], "|".join(row.aliases), *row[5:])
        lines.append("\t".join(" ".join(str(c).split()) for c in cells))
    return "\n".join(lines) + "\n"


def _row(line: str, where: str, number: int) -> MasterRow:
    cells = line.split("\t")
    if len(cells) != len(COLUMNS):
        raise FinnewsError(f"securities master {where}, line {number}: {len(cells)} cells")
    kind, code, name, exchange, aliases, manager, tracks, parent = cells
    if kind not in KINDS or not name or exchange not in _EXCHANGES:
        raise FinnewsError(f"securities master {where}, line {number}: bad row {line!r}")
    return MasterRow(
        kind,
        code,
        name,
        exchange,
        split_aliases(aliases),
        manager,
        tracks,
        parent,
    )


def _hk_rows() -> list[MasterRow]:
    path = resources.files("finnews_extract") / "lexicons" / "hk_stocks.csv"
    with path.open(encoding="utf-8") as fh:
        return [
            MasterRow(
                "stock",
                r["code"],
                r["name"],
                "HK",
                split_aliases(r["aliases"]),
                "",
                "",
                "",
            )
            for r in csv.DictReader(fh)
        ]


def _refreshed() -> Master | None:
    folder = cache_dir()
    path = folder / CACHE_NAME if folder is not None else None
    if path is None or not path.is_file():
        return None
    try:
        return parse_master(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, FinnewsError):
        return None  # a broken refresh never hides the built-in snapshot


@cache
def load_master() -> Master:
    """The refreshed master when the user's cache holds a well-formed one, else the built-in
    snapshot; the Hong Kong list is added to either (its codes are 5 digits, no A-share's).
    A Hong Kong stock the master already has (a refresh lists Stock Connect) keeps its row
    and gains the list's aliases (腾讯 for 腾讯控股)."""
    master = _refreshed()
    if master is None:
        path = resources.files("finnews_extract") / "lexicons" / "securities.tsv"
        master = parse_master(path.read_text(encoding="utf-8"), "lexicons/securities.tsv")
    curated = {(r.kind, r.code): r for r in _hk_rows()}
    rows = tuple(_with_aliases(r, curated.pop((r.kind, r.code), None)) for r in master.rows)
    return Master(rows + tuple(curated.values()), master.snapshots, master.origin, master.path)


def _with_aliases(row: MasterRow, curated: MasterRow | None) -> MasterRow:
    if curated is None:
        return row
    names = (row.name, *row.aliases)
    extra = tuple(a for a in (curated.name, *curated.aliases) if a not in names)
    return row._replace(aliases=row.aliases + extra) if extra else row

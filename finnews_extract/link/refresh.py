"""Refresh the securities master from AKShare into the user's cache.

``finnews-extract securities update`` runs :func:`update`: it calls the AKShare functions in
:data:`SOURCES`, turns each frame into master rows (one function per source kind below), and
writes them in the master format (:func:`~finnews_extract.text.master.format_master`) to
``cache_dir() / CACHE_NAME``, where :func:`~finnews_extract.text.master.load_master` prefers
them to the built-in snapshot from the next process on. AKShare is an optional extra
(``pip install "finnews_extract[refresh]"``).

Nothing changes unless every source answers: a source that fails or comes back empty stops the
update with a :class:`RefreshError` naming it, and the file is replaced in one step (a
temporary file, then ``os.replace``), so an old refresh stays as it was.

The fetcher is injectable: ``update(fetch=...)`` takes any callable that returns, for a
:class:`Source`, a pandas DataFrame or a list of row mappings with the frame's columns (the
tests replay a sample, no network). The columns read are those of AKShare 1.19.5; 1.16.72
has them too, but for SSE's 证券全称 and 公司简称, aliases read only when present.

>>> sse = [{"证券代码": "688256", "证券简称": "寒武纪", "公司简称": "寒武纪"}]
>>> stock_rows(sse, "SH")[0][:5]
('stock', '688256', '寒武纪', 'SH', ())
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FinnewsError
from ..text.master import CACHE_NAME, MasterRow, cache_dir, format_master, parse_master
from .linker import issuer_of

__all__ = [
    "SOURCES",
    "MissingAKShare",
    "Refresh",
    "RefreshError",
    "Source",
    "akshare_fetch",
    "concept_rows",
    "fetch_master",
    "fund_rows",
    "hk_rows",
    "index_rows",
    "industry_rows",
    "stock_rows",
    "update",
    "write_master",
]

INSTALL_HINT = 'securities update needs AKShare: pip install "finnews_extract[refresh]"'


class RefreshError(FinnewsError):
    """A refresh that could not finish; nothing was written."""


class MissingAKShare(RefreshError):
    """AKShare is not installed."""


class Source(NamedTuple):
    """One AKShare call: its function, its ``symbol`` argument, the kind of rows it gives."""

    name: str  # names the source in messages and the recorded sample's file
    function: str
    kind: str
    symbol: str = ""

    @property
    def call(self) -> str:
        """The call as written in Python: ``stock_info_sh_name_code(symbol="科创板")``."""
        return f'{self.function}(symbol="{self.symbol}")' if self.symbol else f"{self.function}()"


SOURCES: tuple[Source, ...] = (
    Source("sh_main", "stock_info_sh_name_code", "stock", "主板A股"),
    Source("sh_star", "stock_info_sh_name_code", "stock", "科创板"),
    Source("sz", "stock_info_sz_name_code", "stock", "A股列表"),
    Source("bj", "stock_info_bj_name_code", "stock"),
    Source("hk_connect", "stock_hk_ggt_components_em", "stock"),
    Source("etf", "fund_etf_spot_em", "etf"),
    Source("lof", "fund_lof_spot_em", "lof"),
    Source("fund_names", "fund_name_em", "etf"),  # names with the issuer, for etf and lof
    Source("index", "index_stock_info", "index"),
    Source("sw1", "sw_index_first_info", "industry"),
    Source("sw2", "sw_index_second_info", "industry"),
    Source("sw3", "sw_index_third_info", "industry"),
    Source("concept", "stock_board_concept_name_em", "concept"),
)

Records = list[dict[str, Any]]
Fetch = Callable[[Source], Any]


def _cell(value: Any) -> str:
    """A frame cell as text: '' for None and NaN, whitespace collapsed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _digits(code: str, width: int) -> str:
    """A numeric code zero-padded (an Excel sheet may have read 1 for 000001)."""
    return code.zfill(width) if code.isdigit() else code


def _need(records: Records, source: str, *columns: str) -> None:
    """Every row has the columns; else the source changed its shape."""
    if records and (missing := [c for c in columns if c not in records[0]]):
        got = ", ".join(map(str, records[0]))
        raise RefreshError(f"{source}: no column {', '.join(missing)} (columns: {got})")


def _row(
    kind: str,
    code: str,
    name: str,
    exchange: str = "",
    aliases: Iterable[str] = (),
    manager: str = "",
    tracks: str = "",
    parent: str = "",
) -> MasterRow:
    names = tuple(dict.fromkeys(a for a in aliases if a and a != name))
    return MasterRow(kind, code, name, exchange, names, manager, tracks, parent)


def stock_rows(records: Records, exchange: str, source: str = "stocks") -> list[MasterRow]:
    """A-share lists: ``stock_info_sh_name_code`` (证券代码, 证券简称, 证券全称 and 公司简称
    as aliases), ``stock_info_sz_name_code`` (A股代码, A股简称) and
    ``stock_info_bj_name_code`` (证券代码, 证券简称)."""
    code_col, name_col = ("A股代码", "A股简称") if exchange == "SZ" else ("证券代码", "证券简称")
    _need(records, source, code_col, name_col)
    out = []
    for r in records:
        code, name = _digits(_cell(r[code_col]), 6), _cell(r[name_col])
        aliases = (_cell(r.get("证券全称")), _cell(r.get("公司简称")))
        if code and name:
            out.append(_row("stock", code, name, exchange, aliases))
    return out


def hk_rows(records: Records, source: str = "hk") -> list[MasterRow]:
    """Hong Kong Stock Connect: ``stock_hk_ggt_components_em`` (代码, 名称)."""
    _need(records, source, "代码", "名称")
    rows = ((_digits(_cell(r["代码"]), 5), _cell(r["名称"])) for r in records)
    return [_row("stock", code, name, "HK") for code, name in rows if code and name]


def _fund_exchange(code: str) -> str:
    """Listed funds: Shanghai 5xxxxx, Shenzhen 1xxxxx."""
    return {"5": "SH", "1": "SZ"}.get(code[:1], "") if len(code) == 6 else ""


def fund_rows(
    records: Records, kind: str, names: Mapping[str, str], source: str = "funds"
) -> list[MasterRow]:
    """ETFs (``fund_etf_spot_em``) or LOFs (``fund_lof_spot_em``): 代码, 名称, the exchange
    from the code. ``names`` (code → 基金简称 of ``fund_name_em``) gives the name with the
    issuer (华夏上证科创板50成份ETF for 科创50ETF) as an alias and the manager as the news
    names it (华夏基金), which the spot lists lack."""
    _need(records, source, "代码", "名称")
    out = []
    for r in records:
        code, name = _digits(_cell(r["代码"]), 6), _cell(r["名称"])
        if not (code and name):
            continue
        full = names.get(code, "")
        issuer = issuer_of(full) or issuer_of(name) or ""
        manager = f"{issuer}基金" if issuer else ""
        out.append(_row(kind, code, name, _fund_exchange(code), (full,), manager))
    return out


def fund_names(records: Records, source: str = "fund_names") -> dict[str, str]:
    """``fund_name_em``: 基金代码 → 基金简称."""
    _need(records, source, "基金代码", "基金简称")
    return {_digits(_cell(r["基金代码"]), 6): _cell(r["基金简称"]) for r in records}


def index_rows(records: Records, source: str = "index") -> list[MasterRow]:
    """``index_stock_info``: index_code, display_name."""
    _need(records, source, "index_code", "display_name")
    rows = ((_digits(_cell(r["index_code"]), 6), _cell(r["display_name"])) for r in records)
    return [_row("index", code, name) for code, name in rows if code and name]


def industry_rows(records: Records, level: int, source: str = "industry") -> list[MasterRow]:
    """Shenwan levels 1–3 (``sw_index_first_info`` …): 行业代码 (801010.SI → 801010), 行业名称,
    and for levels 2 and 3 上级行业, the parent."""
    _need(records, source, "行业代码", "行业名称")
    out = []
    for r in records:
        code = _cell(r["行业代码"]).removesuffix(".SI")
        name, parent = _cell(r["行业名称"]), _cell(r.get("上级行业"))
        if code and name:
            out.append(_row("industry", code, name, tracks=f"sw{level}", parent=parent))
    return out


def concept_rows(records: Records, source: str = "concept") -> list[MasterRow]:
    """``stock_board_concept_name_em``: 板块代码 (BK0490), 板块名称."""
    _need(records, source, "板块代码", "板块名称")
    rows = ((_cell(r["板块代码"]), _cell(r["板块名称"])) for r in records)
    return [_row("concept", code, name) for code, name in rows if code and name]


def _records(frame: Any) -> Records:
    """A DataFrame's rows (or a list of mappings) as dicts."""
    to_dict = getattr(frame, "to_dict", None)
    if callable(to_dict):
        return [dict(r) for r in to_dict("records")]
    return [dict(r) for r in frame]


def _akshare() -> Any:
    try:
        import akshare
    except ImportError as exc:
        raise MissingAKShare(INSTALL_HINT) from exc
    return akshare


def akshare_fetch(source: Source) -> Any:
    """The frame AKShare returns for ``source`` (over the network)."""
    function = getattr(_akshare(), source.function)
    return function(symbol=source.symbol) if source.symbol else function()


@dataclass(frozen=True)
class Refresh:
    """A fetched master, not yet written."""

    rows: tuple[MasterRow, ...]
    snapshots: dict[str, str]
    origin: str

    def counts(self) -> dict[str, int]:
        """Rows per kind, in the file's order."""
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.kind] = out.get(row.kind, 0) + 1
        return out

    def content(self) -> str:
        """The master file's text."""
        return format_master(self.rows, self.snapshots, self.origin)


def _beijing_today() -> dt.date:
    # The one place this package reads the clock: the date a list was fetched is a fact about
    # the fetch, recorded as the snapshot date of what it fetched (extraction never reads it).
    # Beijing, where the lists are published.
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def _data_date(records: Records, column: str) -> str:
    """The latest date a frame gives for its data (fund_etf_spot_em's 数据日期), or ''."""
    dates = []
    for r in records:
        text = _cell(r.get(column)).replace("-", "")[:8]
        if len(text) == 8 and text.isdigit():
            dates.append(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    return max(dates, default="")


def _builtin_csrc() -> list[MasterRow]:
    """The CSRC industry labels of the built-in snapshot: AKShare has no list of them."""
    path = resources.files("finnews_extract") / "lexicons" / "securities.tsv"
    master = parse_master(path.read_text(encoding="utf-8"), "lexicons/securities.tsv")
    return [r for r in master.rows if r.kind == "industry" and r.tracks.startswith("csrc")]


def fetch_master(
    fetch: Fetch | None = None, *, version: str | None = None, today: dt.date | None = None
) -> Refresh:
    """Call every source and build the master. A source that raises, lacks a column or gives
    no rows raises RefreshError naming it. ``version`` (default: the installed AKShare's)
    and ``today`` (default: the date in Beijing) go into the origin and snapshot lines."""
    if fetch is None:
        fetch = akshare_fetch
        version = version or str(getattr(_akshare(), "__version__", "?"))
    frames: dict[str, Records] = {}
    for source in SOURCES:
        try:
            frames[source.name] = _records(fetch(source))
        except MissingAKShare:
            raise
        except Exception as exc:  # any failure of the network or the site: name the source
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            raise RefreshError(f"{source.call} failed: {detail}") from exc
        if not frames[source.name]:
            raise RefreshError(
                f"{source.call} came back empty: no {source.kind} rows; nothing was written"
            )
    named = {s.name: s.call for s in SOURCES}

    def rows(name: str, convert: Callable[..., list[MasterRow]], *args: Any) -> list[MasterRow]:
        found = convert(frames[name], *args, named[name])
        if not found:
            raise RefreshError(f"{named[name]} gave no usable row; nothing was written")
        return found

    names = fund_names(frames["fund_names"], named["fund_names"])
    built = [
        *rows("sh_main", stock_rows, "SH"),
        *rows("sh_star", stock_rows, "SH"),
        *rows("sz", stock_rows, "SZ"),
        *rows("bj", stock_rows, "BJ"),
        *rows("hk_connect", hk_rows),
        *rows("etf", fund_rows, "etf", names),
        *rows("lof", fund_rows, "lof", names),
        *rows("index", index_rows),
        *rows("sw1", industry_rows, 1),
        *rows("sw2", industry_rows, 2),
        *rows("sw3", industry_rows, 3),
        *_builtin_csrc(),
        *rows("concept", concept_rows),
    ]
    first: dict[tuple[str, str], MasterRow] = {}
    for row in built:  # a security two lists give is kept once, as the first gives it
        first.setdefault((row.kind, row.code or row.name), row)
    day = (today or _beijing_today()).isoformat()
    snapshots = {
        "stock": day,
        "etf": _data_date(frames["etf"], "数据日期") or day,
        "lof": day,
        "index": day,
        "industry": f"{day} (Shenwan), CSRC labels as built in",
        "concept": day,
    }
    return Refresh(tuple(first.values()), snapshots, f"AKShare {version or '?'}, fetched {day}")


def write_master(refresh: Refresh, path: Path | None = None) -> Path:
    """Write the master atomically to ``path`` (default: the cache file); returns the path."""
    if path is None:
        folder = cache_dir()
        if folder is None:
            raise RefreshError("no cache folder: FINNEWS_EXTRACT_CACHE is set and empty")
        path = folder / CACHE_NAME
    content = refresh.content()
    parse_master(content, "the refreshed master")  # what load_master will read back
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RefreshError(f"cannot write {path}: {exc}") from exc
    return path


def update(
    fetch: Fetch | None = None,
    *,
    dry_run: bool = False,
    path: Path | None = None,
    version: str | None = None,
    today: dt.date | None = None,
) -> tuple[Refresh, Path | None]:
    """Fetch the master and, unless ``dry_run``, write it to the cache (or ``path``).
    Returns what was fetched and where it was written (None for a dry run). The tables of
    the running process keep what they read; new processes read the refreshed file."""
    refresh = fetch_master(fetch, version=version, today=today)
    return refresh, None if dry_run else write_master(refresh, path)

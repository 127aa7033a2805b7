"""The Shanghai/Shenzhen trading calendar, from two sources.

Within the years it records (2000 through 2026 in exchange_calendars 4.13), trading days are
the sessions of the XSHG calendar of ``exchange_calendars``, the maintained exchange-calendar
library: the exchange's own closures, such as the Spring Festival eve of 2024 that was no
public holiday, are right.

Before and past those years, trading days are the weekdays minus the China public holidays of
the maintained ``holidays`` package (the State Council's table, weekdays given off in lieu
included) minus the exchange-only closures listed in ``lexicons/exchange_closures.yaml``.
Weekend make-up workdays are never trading days. Only for a year that neither source covers
(``holidays`` covers a fixed span, 1950 to 2100) are plain weekdays used, and a ``[FN-W002]``
warning says so.

Both are computed once and kept in a small JSON cache keyed by the versions of both libraries
and the closures file's content; neither library is imported when the cache is there.

>>> import datetime as dt
>>> is_trading_day(dt.date(2025, 2, 4)), is_trading_day(dt.date(2025, 2, 5))
(False, True)
>>> is_trading_day(dt.date(2024, 2, 9))  # 除夕 2024: a weekday, closed
False
>>> is_trading_day(dt.date(2027, 2, 5))  # 除夕 2027, past exchange_calendars: from holidays
False
>>> trim(dt.date(2025, 2, 3), dt.date(2025, 2, 9))
(datetime.date(2025, 2, 5), datetime.date(2025, 2, 7))
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
import zlib
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FinnewsError, FinnewsWarning

__all__ = [
    "closure_after",
    "closure_before",
    "horizon",
    "is_trading_day",
    "last_on_or_before",
    "next_trading_day",
    "prev_trading_day",
    "trading_days",
    "trading_days_back",
    "trim",
]

_ONE = dt.timedelta(days=1)
_MAX_SCAN = 40  # days; the longest closure (Spring Festival) is 9 to 10 days
_FIRST_YEAR = 2000
_CLOSURES_NAME = "lexicons/exchange_closures.yaml"
_CLOSURES_PATH = Path(__file__).resolve().parent.parent / "lexicons" / "exchange_closures.yaml"


class _Calendar(NamedTuple):
    """What the two sources give, as day ordinals."""

    sessions: frozenset[int]  # XSHG sessions in [first, last]
    first: dt.date  # the first and last day exchange_calendars records
    last: dt.date
    closed: frozenset[int]  # outside [first, last]: weekdays without trading (holidays, closures)
    years: tuple[int, int]  # the first and last year the holidays table covers


@cache
def _sessions() -> _Calendar:
    """The calendar, read from a small cache file keyed by the libraries' versions and the
    closures file when there is one (importing exchange_calendars and pandas costs about half
    a second); computed and cached otherwise."""
    cached = _read_cache()
    if cached is not None:
        return cached
    computed = _compute_sessions()
    _write_cache(computed)
    return computed


def _compute_sessions() -> _Calendar:
    import exchange_calendars
    from exchange_calendars.exchange_calendar_xshg import XSHGExchangeCalendar

    first = max(XSHGExchangeCalendar.bound_min().date(), dt.date(_FIRST_YEAR, 1, 1))
    last = XSHGExchangeCalendar.bound_max().date()
    with warnings.catch_warnings():  # the library's own pandas deprecations are not ours
        warnings.simplefilter("ignore")
        calendar = exchange_calendars.get_calendar(
            "XSHG", start=first.isoformat(), end=last.isoformat()
        )
        days = frozenset(day.toordinal() for day in calendar.sessions.date)
    closed, years = _closed_outside(first, last)
    return _Calendar(days, first, last, closed, years)


def _closed_outside(first: dt.date, last: dt.date) -> tuple[frozenset[int], tuple[int, int]]:
    """Weekdays outside [first, last] that are China public holidays or exchange-only
    closures, over the years the holidays table covers."""
    import holidays

    covered = holidays.country_holidays("CN")
    years = (covered.start_year, covered.end_year)
    table = holidays.country_holidays(
        "CN", years=range(years[0], years[1] + 1), categories="public"
    )
    days = set(table) | set(_load_closures())
    closed = frozenset(
        day.toordinal()
        for day in days
        if day.weekday() < 5 and not first <= day <= last and years[0] <= day.year <= years[1]
    )
    return closed, years


def _read_closures() -> str:
    """The text of ``lexicons/exchange_closures.yaml``."""
    return _CLOSURES_PATH.read_text(encoding="utf-8")


def _load_closures() -> dict[dt.date, str]:
    """The exchange-only closures, ``{date: reason}``, validated: a malformed file fails here,
    naming the file."""
    import yaml

    try:
        data = yaml.safe_load(_read_closures())
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2024-02-30
        raise FinnewsError(f"lexicon file {_CLOSURES_NAME} is invalid:\n{exc}") from exc
    rows = data.get("closures") if isinstance(data, dict) and set(data) == {"closures"} else None
    if not isinstance(rows, list):
        raise FinnewsError(
            f"lexicon file {_CLOSURES_NAME} is invalid: expected a mapping with one key, "
            f"closures, holding a list of rows, got {data!r}"
        )
    closures: dict[dt.date, str] = {}
    for n, row in enumerate(rows, start=1):
        try:
            day, reason = _closure_row(row)
            if day in closures:
                raise ValueError("date is listed twice")
        except ValueError as exc:
            raise FinnewsError(
                f"lexicon file {_CLOSURES_NAME} is invalid: row {n} ({row!r}): {exc}"
            ) from None
        closures[day] = reason
    return closures


def _closure_row(row: Any) -> tuple[dt.date, str]:
    """One row's date and reason; ValueError saying what is wrong with it."""
    if not isinstance(row, dict) or set(row) != {"date", "reason"}:
        raise ValueError("a row has exactly two keys, date and reason")
    day, reason = row["date"], row["reason"]
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError("date must be a date written YYYY-MM-DD") from None
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValueError("date must be a date written YYYY-MM-DD")
    if day.weekday() >= 5:
        raise ValueError("date is a weekend day, never a trading day anyway")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("reason must be a non-empty string")
    return day, reason


def _cache_file() -> Path | None:
    """``$FINNEWS_EXTRACT_CACHE`` (empty: no cache) or ``~/.cache/finnews_extract``; the name
    carries both libraries' versions and a checksum of the closures file."""
    folder = os.environ.get("FINNEWS_EXTRACT_CACHE")
    if folder == "":
        return None
    try:
        exchange = metadata.version("exchange_calendars")
        table = metadata.version("holidays")
        closures = zlib.crc32(_read_closures().encode("utf-8"))
    except (metadata.PackageNotFoundError, OSError):
        return None
    root = Path(folder) if folder else Path.home() / ".cache" / "finnews_extract"
    return root / f"trading-days-xshg-{exchange}-holidays-{table}-{closures:08x}.json"


def _read_cache() -> _Calendar | None:
    path = _cache_file()
    try:
        data = json.loads(path.read_text()) if path is not None else None
        if not data:
            return None
        return _Calendar(
            frozenset(data["days"]),
            dt.date.fromordinal(data["first"]),
            dt.date.fromordinal(data["last"]),
            frozenset(data["closed"]),
            (data["years"][0], data["years"][1]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _write_cache(sessions: _Calendar) -> None:
    path = _cache_file()
    if path is None:
        return
    payload = json.dumps(
        {
            "first": sessions.first.toordinal(),
            "last": sessions.last.toordinal(),
            "years": list(sessions.years),
            "days": sorted(sessions.sessions),
            "closed": sorted(sessions.closed),
        }
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(payload)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: compute each time


def horizon() -> tuple[dt.date, dt.date]:
    """The first and last day the exchange calendar records (the holidays table is used
    outside them)."""
    calendar = _sessions()
    return calendar.first, calendar.last


@lru_cache(maxsize=64)
def _horizon_warning(year: int) -> None:
    warnings.warn(
        f"[FN-W002] the exchange calendar has no data for {year}: weekdays were used",
        FinnewsWarning,
        stacklevel=4,
    )


@lru_cache(maxsize=65536)
def is_trading_day(day: dt.date) -> bool:
    """True when SSE/SZSE trade on ``day``.

    >>> is_trading_day(dt.date(2025, 1, 26))  # a Sunday make-up workday
    False
    """
    calendar = _sessions()
    if calendar.first <= day <= calendar.last:
        return day.toordinal() in calendar.sessions
    if calendar.years[0] <= day.year <= calendar.years[1]:
        return day.weekday() < 5 and day.toordinal() not in calendar.closed
    _horizon_warning(day.year)
    return day.weekday() < 5


def prev_trading_day(day: dt.date) -> dt.date:
    """The last trading day strictly before ``day``.

    >>> prev_trading_day(dt.date(2025, 2, 5))
    datetime.date(2025, 1, 27)
    """
    return last_on_or_before(day - _ONE)


def last_on_or_before(day: dt.date) -> dt.date:
    """The last trading day on or before ``day``."""
    while not is_trading_day(day):
        day -= _ONE
    return day


def next_trading_day(day: dt.date) -> dt.date:
    """The first trading day on or after ``day``."""
    while not is_trading_day(day):
        day += _ONE
    return day


def trading_days_back(end: dt.date, count: int) -> dt.date:
    """The first of the ``count`` trading days ending on the last trading day ≤ ``end``.

    >>> trading_days_back(dt.date(2025, 2, 8), 3)
    datetime.date(2025, 2, 5)
    """
    day = last_on_or_before(end)
    for _ in range(count - 1):
        day = prev_trading_day(day)
    return day


def trading_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every trading day in [start, end].

    >>> [d.day for d in trading_days(dt.date(2025, 2, 4), dt.date(2025, 2, 10))]
    [5, 6, 7, 10]
    """
    days = []
    day = start
    while day <= end:
        if is_trading_day(day):
            days.append(day)
        day += _ONE
    return days


def trim(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last trading days inside [start, end]; the range itself if it has none."""
    first, last = start, end
    while first <= end and not is_trading_day(first):
        first += _ONE
    while last >= start and not is_trading_day(last):
        last -= _ONE
    return (first, last) if first <= last else (start, end)


def _is_closure_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_trading_day(day)


def closure_before(day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The latest holiday closure (weekdays without trading) that ends before ``day``.

    >>> closure_before(dt.date(2025, 2, 11))
    (datetime.date(2025, 1, 28), datetime.date(2025, 2, 4))
    """
    cursor = day - _ONE
    for _ in range(400):
        if _is_closure_day(cursor):
            end = cursor
            while _is_closure_day(cursor - _ONE) or (
                cursor.weekday() == 0 and _is_closure_day(cursor - 3 * _ONE)
            ):
                cursor -= _ONE if cursor.weekday() != 0 else 3 * _ONE
            return cursor, end
        cursor -= _ONE
    return None


def closure_after(day: dt.date, within: int = _MAX_SCAN) -> tuple[dt.date, dt.date] | None:
    """The first holiday closure starting after ``day`` within ``within`` days."""
    cursor = day + _ONE
    for _ in range(within):
        if _is_closure_day(cursor):
            start = cursor
            while _is_closure_day(cursor + _ONE) or (
                cursor.weekday() == 4 and _is_closure_day(cursor + 3 * _ONE)
            ):
                cursor += _ONE if cursor.weekday() != 4 else 3 * _ONE
            return start, cursor
        cursor += _ONE
    return None

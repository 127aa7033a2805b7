"""The Shanghai/Shenzhen trading calendar.

Trading days are the sessions of the XSHG calendar of ``exchange_calendars``, the maintained
exchange-calendar library (it records the exchange's own closures, such as the Spring Festival
eve of 2024 that was no public holiday). Past the years it records, weekdays are used and a
``[FN-W002]`` warning says so. The library is imported on first use, not at import.

>>> import datetime as dt
>>> is_trading_day(dt.date(2025, 2, 4)), is_trading_day(dt.date(2025, 2, 5))
(False, True)
>>> is_trading_day(dt.date(2024, 2, 9))  # 除夕 2024: a weekday, closed
False
>>> trim(dt.date(2025, 2, 3), dt.date(2025, 2, 9))
(datetime.date(2025, 2, 5), datetime.date(2025, 2, 7))
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from ..errors import FinnewsWarning

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


@cache
def _sessions() -> tuple[frozenset[int], dt.date, dt.date]:
    """XSHG session days as ordinals, and the first and last day the library records.

    Read from a small cache file keyed by the library's version when there is one (importing
    the library and pandas costs about half a second); computed and cached otherwise.
    """
    cached = _read_cache()
    if cached is not None:
        return cached
    computed = _compute_sessions()
    _write_cache(computed)
    return computed


def _compute_sessions() -> tuple[frozenset[int], dt.date, dt.date]:
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
    return days, first, last


def _cache_file() -> Path | None:
    """``$FINNEWS_EXTRACT_CACHE`` (empty: no cache) or ``~/.cache/finnews_extract``."""
    folder = os.environ.get("FINNEWS_EXTRACT_CACHE")
    if folder == "":
        return None
    try:
        version = metadata.version("exchange_calendars")
    except metadata.PackageNotFoundError:
        return None
    root = Path(folder) if folder else Path.home() / ".cache" / "finnews_extract"
    return root / f"xshg-sessions-{version}.json"


def _read_cache() -> tuple[frozenset[int], dt.date, dt.date] | None:
    path = _cache_file()
    try:
        data = json.loads(path.read_text()) if path is not None else None
    except (OSError, ValueError):
        return None
    if not data:
        return None
    return (
        frozenset(data["days"]),
        dt.date.fromordinal(data["first"]),
        dt.date.fromordinal(data["last"]),
    )


def _write_cache(sessions: tuple[frozenset[int], dt.date, dt.date]) -> None:
    path = _cache_file()
    if path is None:
        return
    days, first, last = sessions
    payload = json.dumps(
        {"first": first.toordinal(), "last": last.toordinal(), "days": sorted(days)}
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(payload)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: compute each time


def horizon() -> tuple[dt.date, dt.date]:
    """The first and last day the exchange calendar records."""
    _, first, last = _sessions()
    return first, last


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
    days, first, last = _sessions()
    if first <= day <= last:
        return day.toordinal() in days
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

"""Resolving period candidates: dates from a match of a period rule, against the publish date.

Each resolver takes a match of one of the patterns in :mod:`.periods` and the reading context
(publish date, the latest single date and full year written before) and returns
``(start, end)``, ``(None, None)`` when the expression needs a publish date it lacks, or None
when the match is no period after all (31月). Ranges are trimmed to trading days and never run
past the publish date.

>>> import datetime as dt
>>> _ytd(dt.date(2025, 2, 8), regex.match("年初至今", "年初至今"))  # the first session, 2 Jan
(datetime.date(2025, 1, 2), datetime.date(2025, 2, 7))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..text import trading_calendar as cal
from .numbers import parse_int

_ONE = dt.timedelta(days=1)
_LISTED_DAY = regex.compile(r"([0-9]{1,2})[日号]")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
Dates = tuple[dt.date | None, dt.date | None]


@dataclass(slots=True, unsafe_hash=True)
class _Ctx:
    published: dt.date | None
    anchor: dt.date | None = None  # latest single date written before, for 当日
    year: int | None = None  # latest year written in full, for yearless dates without pub
    before_open: bool = False  # published before that day's open (09:30): its session is over

    @property
    def dating(self) -> dt.date | None:
        """What a yearless date is read against: the publish date, else the end of the latest
        year written in full before it (截至2026年2月10日…截至2月4日)."""
        if self.published is not None:
            return self.published
        return dt.date(self.year, 12, 31) if self.year else None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _past(pub: dt.date | None, m: int, d: int, y: str | None = None) -> dt.date | None:
    """A written date; yearless ones take the latest year that keeps them ≤ the publish date."""
    if y:
        return _date(int(y), m, d)
    if pub is None:
        return None
    found = _date(pub.year, m, d)
    if found is None or found > pub:
        found = _date(pub.year - 1, m, d)
    return found


def _day_in_month(pub: dt.date | None, d: int) -> dt.date | None:
    """A bare day (24日): this month's if not after the publish date, else last month's."""
    if pub is None:
        return None
    found = _date(pub.year, pub.month, d)
    if found is None or found > pub:
        prev = pub.replace(day=1) - _ONE
        found = _date(prev.year, prev.month, d)
    return found


def _clip(start: dt.date, end: dt.date, pub: dt.date | None) -> Dates:
    """Trim a range to trading days, never past the publish date."""
    if pub is not None and start > pub:
        return start, end  # a forecast (预计到2034年): nothing to trim on a calendar yet
    if pub is not None and start <= pub < end:
        end = pub
    return cal.trim(start, end)


def _single(day: dt.date | None) -> Dates | None:
    return (day, day) if day else None


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - _ONE


def _int(m: regex.Match[str], name: str) -> int:
    return int(m[name])


# --- absolute ---------------------------------------------------------------------------


def _unresolved_or_none(ctx: _Ctx) -> Dates | None:
    """A yearless date without a publish date keeps its text with null dates."""
    return (None, None) if ctx.published is None else None


def _r_full(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    day = _past(ctx.dating, _int(m, "m"), _int(m, "d"), m["y"])
    return _single(day) if day else _unresolved_or_none(ctx)


def _r_numeric(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    return _single(_date(int(m["y"]), _int(m, "m"), _int(m, "d")))


def _r_day(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    day = _day_in_month(ctx.published, _int(m, "d"))
    return _single(day) if day else _unresolved_or_none(ctx)


def _r_range(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    first = _past(ctx.dating, _int(m, "m1"), _int(m, "d1"), m["y1"])
    if first is None:
        return (None, None) if ctx.published is None else None
    m2 = int(m["m2"]) if m["m2"] else first.month
    y2 = int(m["y2"]) if m["y2"] else first.year + (m2 < first.month)
    last = _date(y2, m2, _int(m, "d2"))
    if last is None or last < first:
        return None
    return cal.trim(first, last)


def _r_list(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    days = [int(d) for d in _LISTED_DAY.findall(m[0])]
    first = _past(ctx.dating, _int(m, "m"), days[0], m["y"])
    if first is None:
        return (None, None) if ctx.published is None else None
    last = _date(first.year, first.month, days[-1])
    if last is None or last < first:
        return None
    return cal.trim(first, last)


def _r_month(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    month = _int(m, "m")
    if not 1 <= month <= 12:
        return None
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return (None, None)
    else:
        year = ctx.published.year - (month > ctx.published.month)
    first, last = _month_range(year, month)
    part = m["part"]
    if part:
        bounds = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, last.day)}[part]
        first, last = first.replace(day=bounds[0]), first.replace(day=bounds[1])
    return _clip(first, last, ctx.published)


def _r_year(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    y = int(m["y"])
    return _clip(dt.date(y, 1, 1), dt.date(y, 12, 31), ctx.published)


_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _months_of(m: regex.Match[str]) -> tuple[int, int]:
    """The first and last month a part of a year covers: 三季度 7-9, 上半年 1-6, 前三季度 1-9,
    前两个月 1-2."""
    if m["q"] or m["q2"]:
        q = _QUARTER[m["q"] or m["q2"]]
        return 3 * q - 2, 3 * q
    part = m["part"]
    if part == "上半年":
        return 1, 6
    if part == "下半年":
        return 7, 12
    if part == "前三季度":
        return 1, 9
    return 1, parse_int(m["n"])


def _r_part_of_year(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    """Quarters and halves: with a year as written, else the latest one begun by publication."""
    first_month, last_month = _months_of(m)
    if not 1 <= first_month <= last_month <= 12:
        return None
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return (None, None)
    elif m["rel"]:
        year = ctx.published.year - (m["rel"] == "去")
    else:
        year = ctx.published.year - (dt.date(ctx.published.year, first_month, 1) > ctx.published)
    start = dt.date(year, first_month, 1)
    return _clip(start, _month_range(year, last_month)[1], ctx.published)


# --- relative ---------------------------------------------------------------------------


def _relative(
    fn: Callable[[dt.date, regex.Match[str]], Dates | None],
) -> Callable[[regex.Match[str], _Ctx], Dates | None]:
    """Wrap a resolver that needs the publish date: without one, dates stay null."""

    def resolve(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
        return (None, None) if ctx.published is None else fn(ctx.published, m)

    return resolve


def _session(
    fn: Callable[[dt.date, regex.Match[str]], Dates | None],
) -> Callable[[regex.Match[str], _Ctx], Dates | None]:
    """Wrap a resolver of a trading session's words (全天, 近20个交易日): a report published
    before the day's open (09:30) speaks of the sessions up to the previous trading day
    (spec §6)."""

    def resolve(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
        if ctx.published is None:
            return None, None
        session = _SESSION_WORDS.search(m[0]) is not None
        day = cal.prev_trading_day(ctx.published) if ctx.before_open and session else ctx.published
        return fn(day, m)

    return resolve


# The words of a session already traded: 全天, 近N个交易日 (not 今日, not 近一周).
_SESSION_WORDS = regex.compile(r"全天|交易日|[0-9一二两三四五六七八九十]+(?:日|天)$")


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _today(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    if m["d"]:
        return _single(_day_in_month(pub, _int(m, "d")))
    return pub, pub


def _same_day(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    day = ctx.anchor or ctx.published
    return (day, day)


def _yesterday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    day = cal.prev_trading_day(pub)
    return day, day


def _week(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    monday = _monday(pub) - (dt.timedelta(weeks=1) if m["which"] in ("上", "上一") else _ONE * 0)
    if m["wd1"]:
        first = monday + dt.timedelta(days=_WEEKDAY[m["wd1"]])
        if not m["wd2"]:
            return first, first
        last = monday + dt.timedelta(days=_WEEKDAY[m["wd2"]])
        return cal.trim(first, last) if first <= last else None
    return _clip(monday, monday + dt.timedelta(days=6), pub)


def _weekday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    day = pub - dt.timedelta(days=(pub.weekday() - _WEEKDAY[m["wd"]]) % 7)
    return day, day


def _month_rel(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    first = pub.replace(day=1)
    if m["which"] not in ("本", "当"):
        first = (first - _ONE).replace(day=1)
    return _clip(*_month_range(first.year, first.month), pub)


def _year_rel(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    year = pub.year - (m["which"] == "去")
    return _clip(dt.date(year, 1, 1), dt.date(year, 12, 31), pub)


def _ytd(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    year = int(m["y"]) if m.groupdict().get("y") else pub.year
    return _clip(dt.date(year, 1, 1), pub, pub)


def _months_back(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = _month_range(year, month + 1)[1].day
    return dt.date(year, month + 1, min(day.day, last))


def _recent(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    n = parse_int(m["n"])
    if n <= 0:
        return None
    unit = m["unit"]
    if unit in ("交易日", "日", "天"):
        return cal.trading_days_back(pub, n), cal.last_on_or_before(pub)
    if unit == "周":
        start = pub - dt.timedelta(days=7 * n - 1)
    elif unit == "月":
        start = _months_back(pub, n) + _ONE
    else:
        start = _months_back(pub, 12 * n) + _ONE
    return cal.trim(start, pub)


def _week_ending(m: regex.Match[str], ctx: _Ctx) -> Dates | None:
    end = _past(ctx.dating, _int(m, "m"), _int(m, "d"), m["y"])
    if end is None:
        return (None, None) if ctx.published is None else None
    return cal.trim(end - dt.timedelta(days=6), end)


def _last_friday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    day = _monday(pub) - dt.timedelta(days=7) + dt.timedelta(days=_WEEKDAY[m["wd"]])
    return day, day


def _after_holiday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    closure = cal.closure_before(pub + _ONE)
    if closure is None:
        return None
    first = cal.next_trading_day(closure[1] + _ONE)
    n = 1 if m["first"] else parse_int(m["n"])
    last = first
    for _ in range(n - 1):
        last = cal.next_trading_day(last + _ONE)
    return _clip(first, last, pub)  # published during the closure: the day still to come


def _before_holiday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    closure = cal.closure_after(pub, within=4) or cal.closure_before(pub + _ONE)
    if closure is None:
        return None
    day = cal.prev_trading_day(closure[0])
    return day, day

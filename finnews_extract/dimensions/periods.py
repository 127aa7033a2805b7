"""Periods: time expressions found in the text, resolved on the trading calendar.

Stage 1 finds candidates with named rules (absolute dates, ranges, lists, months, years,
relative words); overlaps keep the longest. Stage 2 resolves each against the publish date:
ranges are trimmed to trading days and never run past the publish date, yearless dates are
taken in the past, 当日 refers to the latest single date written before it, and a relative
word explained in brackets (上周（3月2日至3月6日）) takes the bracket's dates. Without a publish
date, relative and yearless expressions keep their text with null dates. Durations
(连续6日, 6连涨, 7日均线) are not periods.

>>> import datetime as dt
>>> [(p.text, str(p.start), str(p.end)) for p in extract_periods("本周净流出", dt.date(2025, 2, 8))]
[('本周', '2025-02-05', '2025-02-07')]
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from .. import _calendar as cal
from .._inputs import SHANGHAI, check_text, parse_published_at
from .._raw import RawPeriod, RawSpan
from .._rules import Rule, resolve_overlaps
from .._text import normalize
from ..errors import FinnewsWarning
from ..records import PeriodMention, Span
from .numbers import CN_DIGITS, parse_int

__all__ = ["RULES", "extract_periods", "find_periods"]

_ONE = dt.timedelta(days=1)
_N = rf"(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十百]{{1,4}})"
_Y = r"(?P<y>(?:19|20)[0-9]{2})"
_SEP = r"[ ]?(?:至|到|-|~)[ ]?"
# A bare day (24日) counts only after a clause boundary or a date connective.
_DAY_LEFT = r"(?:(?<=^|[、，,。；;：:（(\s至到及和与于在止]|截至|截止))"
_NOT_DURATION = r"(?![均线])"  # 7日均线 is an indicator
_NOT_DAY_COUNT = r"(?![均线内后]|以来)"  # 暴涨7日后, 3日内 are durations
_LISTED_DAY = regex.compile(r"([0-9]{1,2})[日号]")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

Dates = tuple[dt.date | None, dt.date | None]


@dataclass(slots=True, unsafe_hash=True)
class _Ctx:
    published: dt.date | None
    anchor: dt.date | None = None  # latest single date written before, for 当日
    year: int | None = None  # latest year written in full, for yearless dates without pub

    @property
    def dating(self) -> dt.date | None:
        """What a yearless date is read against: the publish date, else the end of the latest
        year written in full before it (截至2026年2月10日…截至2月4日)."""
        if self.published is not None:
            return self.published
        return dt.date(self.year, 12, 31) if self.year else None


@dataclass(frozen=True)
class _PeriodRule:
    rule: Rule
    resolve: Callable[[regex.Match[str], _Ctx], Dates | None]


@dataclass(slots=True, unsafe_hash=True)
class _Cand:
    start: int
    end: int
    priority: int
    rule: _PeriodRule
    match: regex.Match[str]


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
    return (first, last) if last <= pub else (first, cal.last_on_or_before(pub))


def _before_holiday(pub: dt.date, m: regex.Match[str]) -> Dates | None:
    closure = cal.closure_after(pub, within=4) or cal.closure_before(pub + _ONE)
    if closure is None:
        return None
    day = cal.prev_trading_day(closure[0])
    return day, day


def _rule(
    name: str,
    pattern: str,
    resolve: Callable[[regex.Match[str], _Ctx], Dates | None],
    priority: int = 0,
) -> _PeriodRule:
    return _PeriodRule(Rule(name, "periods", regex.compile(pattern), priority), resolve)


_FULL_DATE = rf"(?:{_Y}年)?(?P<m>[0-9]{{1,2}})月(?P<d>[0-9]{{1,2}})[日号]"
_PERIOD_RULES: tuple[_PeriodRule, ...] = (
    _rule("period.date", rf"(?<![0-9]){_FULL_DATE}{_NOT_DURATION}", _r_full),
    _rule(
        "period.date_numeric",
        r"(?<![0-9.])(?P<y>(?:19|20)[0-9]{2})([-/.])(?P<m>[0-9]{1,2})\2(?P<d>[0-9]{1,2})(?![0-9])",
        _r_numeric,
    ),
    _rule(
        "period.date_compact",
        r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])"
        r"(?![0-9])",
        _r_numeric,
    ),
    _rule("period.day", rf"{_DAY_LEFT}(?P<d>[0-9]{{1,2}})[日号]{_NOT_DAY_COUNT}", _r_day),
    _rule(
        "period.range",
        rf"(?<![0-9])(?:(?P<y1>(?:19|20)[0-9]{{2}})年)?(?P<m1>[0-9]{{1,2}})月(?P<d1>[0-9]{{1,2}})"
        rf"[日号]?{_SEP}(?:(?P<y2>(?:19|20)[0-9]{{2}})年)?(?:(?P<m2>[0-9]{{1,2}})月)?"
        rf"(?P<d2>[0-9]{{1,2}})[日号](?:当周)?",
        _r_range,
        priority=1,
    ),
    _rule(
        "period.range_numeric",
        r"(?<![0-9.])(?P<y1>(?:19|20)[0-9]{2})([./-])(?P<m1>[0-9]{1,2})\2(?P<d1>[0-9]{1,2})"
        rf"{_SEP}(?:(?P<y2>(?:19|20)[0-9]{{2}})\2)?(?P<m2>[0-9]{{1,2}})\2(?P<d2>[0-9]{{1,2}})"
        r"(?![0-9])",
        _r_range,
        priority=1,
    ),
    _rule(
        "period.date_list",
        rf"(?<![0-9]){_FULL_DATE}(?:(?:、|,|，|及|和|与)(?:[0-9]{{1,2}}月)?[0-9]{{1,2}}[日号])+",
        _r_list,
        priority=1,
    ),
    _rule(
        "period.month",
        rf"(?<![0-9])(?:{_Y}年)?(?<![0-9个])(?P<m>[0-9]{{1,2}})月(?:份)?(?P<part>上旬|中旬|下旬)?"
        r"(?![0-9])",
        _r_month,
    ),
    _rule("period.year", rf"(?<![0-9]){_Y}年(?:全年|度)?(?![0-9])", _r_year),
    _rule(
        "period.part_of_year",
        rf"(?<![0-9])(?:{_Y}年|(?P<rel>今|去)年)?(?:(?:第)?(?P<q>[一二三四])季度|Q(?P<q2>[1-4])"
        rf"|(?P<part>上半年|下半年|前三季度|前{_N}个月))",
        _r_part_of_year,
        priority=1,
    ),
    _rule(
        "period.today", r"今日|今天|本日|全天|今[（(](?P<d>[0-9]{1,2})[)）]日", _relative(_today)
    ),
    _rule("period.same_day", r"当日|当天|同日", _same_day),
    _rule(
        "period.yesterday",
        r"昨日|昨天|(?:上一|前一|上个|前一个|上一个)交易日",
        _relative(_yesterday),
    ),
    _rule(
        "period.week",
        r"(?P<which>本|这|上一?)周(?:(?P<wd1>[一二三四五六日天])(?:至周(?P<wd2>[一二三四五六日天]))?)?",
        _relative(_week),
    ),
    _rule(
        "period.weekday",
        r"(?<![上本这下每个连续])周(?P<wd>[一二三四五])(?![0-9至])",
        _relative(_weekday),
    ),
    _rule("period.month_relative", r"(?P<which>本|当|上个?)月(?!份[0-9])", _relative(_month_rel)),
    _rule("period.year_relative", r"(?P<which>今|去)年(?!以来|内|初)", _relative(_year_rel)),
    _rule(
        "period.year_to_date", r"年初至今|年初以来|今年以来|年初迄今|今年内|年内", _relative(_ytd)
    ),
    _rule("period.since_year", rf"(?<![0-9]){_Y}年(?:初)?以来", _relative(_ytd), priority=1),
    _rule(
        "period.recent",
        rf"(?:近|最近|过去){_N}(?:个)?(?P<unit>交易日|日|天|周|月|年)(?![均线])",
        _relative(_recent),
    ),
    _rule("period.week_ending", rf"截[至止]{_FULL_DATE}当周", _week_ending, priority=2),
    _rule("period.as_of", rf"截[至止]{_FULL_DATE}(?:收盘)?", _r_full, priority=1),
    _rule("period.as_of_day", r"截[至止](?P<d>[0-9]{1,2})[日号](?:收盘)?", _r_day, priority=1),
    _rule(
        "period.last_weekday",
        r"截[至止]上周(?P<wd>[一二三四五])",
        _relative(_last_friday),
        priority=1,
    ),
    _rule(
        "period.after_holiday",
        rf"(?:节后|年后|春节后)(?:(?P<first>首个|第一个)|{_N}个)交易日",
        _relative(_after_holiday),
    ),
    _rule("period.before_holiday", r"节前最后一个交易日", _relative(_before_holiday)),
)

RULES: tuple[str, ...] = (
    *(r.rule.name for r in _PERIOD_RULES),
    "period.explained",
    "period.since",
)
"""Names of this dimension's rules, as they appear in ``PeriodMention.rule``."""

_EXPLAINED = regex.compile(r"[（(](?P<inner>[^（）()]{1,40})[)）]")


def _candidates(norm: str) -> list[_Cand]:
    found = [
        _Cand(m.start(), m.end(), pr.rule.priority, pr, m)
        for pr in _PERIOD_RULES
        for m in pr.rule.pattern.finditer(norm)
    ]
    return resolve_overlaps(found)


def _explained(mentions: list[RawPeriod], text: str, norm: str) -> list[RawPeriod]:
    """上周（3月2日至3月6日）: a relative word followed by its dates in brackets is one period."""
    out: list[RawPeriod] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if prev is not None and not prev.rule.startswith("period.date"):
            m = _EXPLAINED.match(norm, prev.span.end)
            if m and m.start("inner") == mention.span.start and m.end("inner") == mention.span.end:
                start, end = prev.span.start, m.end()
                span = RawSpan(start, end, text[start:end])
                out[-1] = RawPeriod(mention.start, mention.end, span.text, span, "period.explained")
                continue
        out.append(mention)
    return out


def extract_periods(
    text: str, published_at: dt.datetime | dt.date | str | None = None
) -> list[PeriodMention]:
    """All time expressions in ``text``, resolved against ``published_at``, left to right.

    ``published_at`` is a datetime, a date or an ISO string (naive means Beijing time).
    Without it, relative and yearless expressions keep their text with null dates.

    >>> [(p.text, str(p.start)) for p in extract_periods("2月5日至7日，连续6日净流入")]
    [('2月5日至7日', 'None')]
    >>> [(p.text, str(p.start), str(p.end)) for p in extract_periods("昨日", "2025-02-05")]
    [('昨日', '2025-01-27', '2025-01-27')]
    """
    text = check_text(text)
    moment = parse_published_at(published_at)
    pub = moment.astimezone(SHANGHAI).date() if moment is not None else None
    return [
        PeriodMention.model_construct(
            start=p.start,
            end=p.end,
            text=p.text,
            rule=p.rule,
            span=Span.model_construct(start=p.span.start, end=p.span.end, text=p.span.text),
        )
        for p in find_periods(text, normalize(text), pub)
    ]


def find_periods(text: str, norm: str, pub: dt.date | None) -> list[RawPeriod]:
    """The time expressions of ``text`` (normalized copy ``norm``) as internal records."""
    ctx = _Ctx(pub)
    mentions: list[RawPeriod] = []
    for cand in _candidates(norm):
        dates = cand.rule.resolve(cand.match, ctx)
        if dates is None:
            continue
        start, end = dates
        span = RawSpan(cand.start, cand.end, text[cand.start : cand.end])
        mentions.append(RawPeriod(start, end, span.text, span, cand.rule.rule.name))
        if start is not None and start == end and cand.rule.resolve is not _same_day:
            ctx = replace(ctx, anchor=start)
        written_year = cand.match.groupdict().get("y") or cand.match.groupdict().get("y1")
        if written_year:
            ctx = replace(ctx, year=int(written_year))
    if pub is None and any(p.start is None for p in mentions):
        warnings.warn(
            "[FN-W001] no published_at: relative and yearless dates left unresolved",
            FinnewsWarning,
            stacklevel=2,
        )
    return _since(_explained(mentions, text, norm), text, norm, pub)


_SINCE = regex.compile(r"以来|至今")


def _since(mentions: list[RawPeriod], text: str, norm: str, pub: dt.date | None) -> list[RawPeriod]:
    """2月10日以来, 2月以来, 2024年以来: from that date (or the period's start) to the last
    trading day on or before publication."""
    out = []
    for p in mentions:
        tail = _SINCE.match(norm, p.span.end)
        if (
            tail
            and p.rule in _SINCE_RULES
            and p.start is not None
            and pub is not None
            and p.start <= pub
        ):
            span = RawSpan(p.span.start, tail.end(), text[p.span.start : tail.end()])
            start, end = cal.trim(p.start, pub)
            p = RawPeriod(start, end, span.text, span, "period.since")
        out.append(p)
    return out


_SINCE_RULES = frozenset(
    {"period.date", "period.day", "period.month", "period.date_numeric", "period.part_of_year"}
)

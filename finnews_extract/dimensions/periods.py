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

from ..errors import FinnewsWarning
from ..records import PeriodMention, Span
from ..text import trading_calendar as cal
from ..text.inputs import SHANGHAI, check_text, parse_published_at
from ..text.normalize import normalize
from ._period_dates import (
    Dates,
    _after_holiday,
    _before_holiday,
    _Ctx,
    _last_friday,
    _month_rel,
    _r_day,
    _r_full,
    _r_list,
    _r_month,
    _r_numeric,
    _r_part_of_year,
    _r_range,
    _r_year,
    _recent,
    _relative,
    _same_day,
    _session,
    _today,
    _week,
    _week_ending,
    _weekday,
    _year_rel,
    _yesterday,
    _ytd,
)
from ._raw import RawPeriod, RawSpan
from ._rules import Rule, resolve_overlaps
from .numbers import CN_DIGITS

__all__ = ["RULES", "extract_periods", "find_periods"]

_N = rf"(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十百]{{1,4}})"
_Y = r"(?P<y>(?:19|20)[0-9]{2})"
_SEP = r"[ ]?(?:至|到|-|~)[ ]?"
# A bare day (24日) counts only after a clause boundary or a date connective.
_DAY_LEFT = r"(?:(?<=^|[、，,。；;：:（(\s至到及和与于在止]|截至|截止))"
_NOT_DURATION = r"(?![均线])"  # 7日均线 is an indicator
_NOT_DAY_COUNT = r"(?![均线内后]|以来)"  # 暴涨7日后, 3日内 are durations


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
    _rule("period.today", r"今日|今天|本日|全天|今[（(](?P<d>[0-9]{1,2})[)）]日", _session(_today)),
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
        _session(_recent),
    ),
    _rule(
        "period.week_ending",
        rf"截[至止]{_FULL_DATE}(?:当周|的一周|的那一周)(?:内|里)?",
        _week_ending,
        priority=2,
    ),
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


def find_periods(
    text: str, norm: str, pub: dt.date | None, before_open: bool = False
) -> list[RawPeriod]:
    """The time expressions of ``text`` (normalized copy ``norm``) as internal records;
    ``before_open``: published before that day's open, so 全天 and 近20个交易日 end on the
    previous trading day."""
    ctx = _Ctx(pub, before_open=before_open)
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

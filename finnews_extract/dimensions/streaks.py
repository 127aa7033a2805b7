"""Streaks: N periods in a row (连续第6日获净流入, 6连涨, 暴涨7日后首次回调, 连续十三个月).

>>> [(s.metric, s.direction, s.count, s.unit) for s in find_streaks("已连续第6日获净流入")]
[('net_flow', 'up', 6, 'day')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from .extremes import metric_before
from .numbers import CN_DIGITS, parse_int

__all__ = ["RULES", "Streak", "find_streaks", "what_ran"]

_N = rf"[0-9]{{1,3}}|[{CN_DIGITS}十百]{{1,3}}"
_UNITS = {
    "交易日": "day",
    "日": "day",
    "天": "day",
    "周": "week",
    "个月": "month",
    "月": "month",
    "年": "year",
    "个交易日": "day",
}
_WHAT = {
    "净流入": ("net_flow", "up"),
    "资金净流入": ("net_flow", "up"),
    "流入": ("net_flow", "up"),
    "净申购": ("net_flow", "up"),
    "吸金": ("net_flow", "up"),
    "净买入": ("net_flow", "up"),
    "净流出": ("net_flow", "down"),
    "流出": ("net_flow", "down"),
    "净赎回": ("net_flow", "down"),
    "净卖出": ("net_flow", "down"),
    "上涨": ("price_change", "up"),
    "收涨": ("price_change", "up"),
    "涨": ("price_change", "up"),
    "下跌": ("price_change", "down"),
    "收跌": ("price_change", "down"),
    "跌": ("price_change", "down"),
    "大涨": ("price_change", "up"),
    "大跌": ("price_change", "down"),
    "走高": ("price_change", "up"),
    "走低": ("price_change", "down"),
    "增持": ("net_flow", "up"),
    "减持": ("net_flow", "down"),
    "撤离": ("net_flow", "down"),
    "融资净买入": ("margin_net_buy", "up"),
    "融资净卖出": ("margin_net_buy", "down"),
    "融资净偿还": ("margin_net_buy", "down"),
    "回升": (None, "up"),
    "增长": (None, "up"),
    "增加": (None, "up"),
    "攀升": (None, "up"),
    "下降": (None, "down"),
    "减少": (None, "down"),
    "回落": (None, "down"),
}
_WHAT_ALT = "|".join(sorted(_WHAT, key=len, reverse=True))
_RUN = regex.compile(
    rf"""(?x)
    连续(?:第)?(?P<n>{_N})(?P<unit>个交易日|交易日|个月|日|天|周|月|年)
    (?:以来)?(?:累计)?(?:获得?|遭|遭遇|出现|录得|实现|呈|保持|维持)?(?:资金|年度|单日|单周)?
    (?P<what>{_WHAT_ALT})
    """
)
# 近4个交易日已连续净买入: the window first, then 连续 and what ran
_RECENT_RUN = regex.compile(
    rf"""(?x)
    近(?P<n>{_N})(?P<unit>个交易日|交易日|个月|日|天|周|月|年)(?:内|来|以来)?(?:已|均|都)?
    连续(?:获得?|遭|遭遇|出现|录得|实现)?(?:资金)?(?P<what>{_WHAT_ALT})
    """
)
_RUN_AFTER = regex.compile(
    rf"""(?x)
    连续(?:获得?|遭|遭遇|出现|录得)?(?:资金)?(?P<what>{_WHAT_ALT})
    (?P<n>{_N})(?P<unit>个交易日|交易日|个月|日|天|周|月|年)
    """
)
_LIAN = regex.compile(rf"(?P<n>{_N})连(?P<what>涨|跌|阳|阴|升|降)")
_LIAN_AFTER = regex.compile(rf"连(?P<what>涨|跌|阳|阴)(?P<n>{_N})(?:个交易日|日|天)")
_BEFORE_TURN = regex.compile(
    rf"(?P<what>暴涨|上涨|大涨|连涨|涨|下跌|大跌|连跌|跌)(?P<n>{_N})(?:个交易)?日后首次(?:回调|下跌|反弹|上涨)"
)
_LIAN_WHAT = {"涨": "up", "阳": "up", "升": "up", "跌": "down", "阴": "down", "降": "down"}


def what_ran(word: str) -> tuple[str | None, str]:
    """The metric and direction a streak's word names (None: a level's, read from before).

    >>> what_ran("净赎回"), what_ran("回升")
    (('net_flow', 'down'), (None, 'up'))
    """
    return _WHAT[word]


RULES = (
    "streak.consecutive",
    "streak.consecutive_after",
    "streak.recent_run",
    "streak.lian",
    "streak.before_turn",
)
_LEVELS = frozenset({"margin_balance", "margin_total_balance", "margin_buy", "shares", "aum"})


@dataclass(slots=True, unsafe_hash=True)
class Streak:
    """A streak phrase; ``metric`` None means: read it from the words before (融资余额连续…)."""

    start: int
    end: int
    metric: str | None
    direction: str
    count: int
    unit: str
    rule: str


def _read(m: regex.Match[str], rule: str) -> Streak:
    """A streak from a match of one of the patterns (named groups what, n and maybe unit)."""
    metric: str | None
    if rule == "streak.lian":
        metric, direction = "price_change", _LIAN_WHAT[m["what"]]
    else:
        metric, direction = _WHAT[m["what"]]
    unit = _UNITS[m["unit"]] if m.groupdict().get("unit") else "day"
    return Streak(m.start(), m.end(), metric, direction, parse_int(m["n"]), unit, rule)


_PATTERNS = (
    (_RUN, "streak.consecutive"),
    (_RUN_AFTER, "streak.consecutive_after"),
    (_RECENT_RUN, "streak.recent_run"),
    (_LIAN_AFTER, "streak.lian"),
    (_LIAN, "streak.lian"),
)


def find_streaks(norm: str) -> list[Streak]:
    """Streak phrases in ``norm``, left to right."""
    if "连" not in norm and "日后首次" not in norm:
        return []  # every pattern holds one of these words
    out = [_read(m, rule) for pattern, rule in _PATTERNS for m in pattern.finditer(norm)]
    for m in _BEFORE_TURN.finditer(norm):
        direction = "up" if "涨" in m["what"] else "down"
        out.append(
            Streak(
                m.start(),
                m.end(),
                "price_change",
                direction,
                parse_int(m["n"]),
                "day",
                "streak.before_turn",
            )
        )
    resolved = []
    for streak in out:  # 融资余额连续三日回升: the words before name what rose
        if streak.metric is None:
            metric, start = metric_before(norm, streak.start)
            streak = replace(
                streak,
                metric=metric if metric in _LEVELS else None,
                start=start if metric in _LEVELS else streak.start,
            )
        resolved.append(streak)
    return sorted(resolved, key=lambda s: s.start)

"""Extremes: record highs and lows (创历史新高, 创近一年新低, 创下近八周以来的最大净流入).

Stage 1 finds the record phrase; stage 2 reads the window (历史 → all_time, 上市以来 →
since_listing, 年内 → ytd, 近60日 → 60d) and the metric that set the record, from the words
inside the phrase (最大净流入) or just before it (份额创…, 融资余额…创…).

>>> [(e.metric, e.extreme, e.window) for e in find_extremes("份额创近一年新低")]
[('shares', 'low', '1y')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ._rules import alternation
from .numbers import CN_DIGITS, parse_int

__all__ = ["RULES", "Extreme", "find_extremes", "metric_before", "metric_in"]

_N = rf"[0-9]{{1,3}}|[{CN_DIGITS}十百]{{1,3}}"
_PATTERN = regex.compile(
    rf"""(?x)
    (?:创下|创出|再创|刷新了|刷新|创造|改写|(?<![首开独原])创(?![业立办始意投造]|新(?![高低])))
    (?:了)?
    (?P<window>
        历史|上市以来|成立以来|有史以来|年内|年初以来|今年以来|阶段性?|
        近(?P<n>{_N})(?:个)?(?P<unit>交易日|日|天|周|个月|月|年)(?:以来)?|
        (?P<n2>{_N})(?P<unit2>日|周|个月|月|年)
    )?
    (?:的|来)?
    (?P<what>[\p{{Han}}]{{0,8}}?)
    (?P<kind>新高|新低|最高|最低|高点|低点|纪录|记录|峰值|最大|最小)
    (?P<after>[\p{{Han}}]{{0,6}})
    """
)
# 为上市以来最高水平, 为近一年以来的最大月度流入, 录得近五个月以来规模最大的单周资金流出: a
# superlative over a window, said of the figure before it
_SUPERLATIVE = regex.compile(
    rf"""(?x)
    (?:为|是|录得|成为|创)
    (?P<window>
        历史|上市以来|成立以来|有史以来|有数据以来|开通以来|年内|今年以来|
        近(?P<n>{_N})(?:个)?(?P<unit>交易日|日|天|周|个月|月|年)(?:以来|来)?|
        (?P<n2>{_N})(?P<unit2>日|周|个月|月|年)(?:以)?来
    )
    (?:[（(][^（）()]{{1,12}}[)）])?(?:的)?
    (?P<what>[\p{{Han}}]{{0,10}}?)
    (?P<kind>最高|最大|最多|最低|最小|最少)
    (?P<after>[\p{{Han}}]{{0,8}})
    """
)
_OUTFLOW = regex.compile(r"流出|净卖出|赎回|卖出|撤出|撤离")
_METRIC_WORDS = (
    ("融资净买入", "margin_net_buy"),
    ("净买入", "net_flow"),
    ("净卖出", "net_flow"),
    ("溢价率", "premium_rate"),
    ("折价率", "premium_rate"),
    ("持仓量", "aum"),
    ("融资余额", "margin_balance"),
    ("两融余额", "margin_total_balance"),
    ("融资融券余额", "margin_total_balance"),
    ("两融总余额", "margin_total_balance"),
    ("融资买入", "margin_buy"),
    ("融资交易额", "margin_buy"),
    ("买入额", "margin_buy"),
    ("净流入", "net_flow"),
    ("净流出", "net_flow"),
    ("流出", "net_flow"),
    ("吸金", "net_flow"),
    ("流入", "net_flow"),
    ("净申购", "net_flow"),
    ("吸纳", "net_flow"),
    ("份额", "shares"),
    ("规模", "aum"),
    ("持仓", "aum"),
    ("成交额", "turnover"),
    ("成交", "turnover"),
    ("换手率", "turnover_rate"),
    ("价格", "price"),
    ("股价", "price"),
    ("净值", "price"),
    ("点位", "price"),
    ("收盘价", "price"),
)
_WINDOWS = {
    "历史": "all_time",
    "有史以来": "all_time",
    "有数据以来": "all_time",
    "开通以来": "since_listing",
    "上市以来": "since_listing",
    "成立以来": "since_listing",
    "年内": "ytd",
    "年初以来": "ytd",
    "今年以来": "ytd",
}
_UNITS = {"交易日": "d", "日": "d", "天": "d", "周": "w", "个月": "m", "月": "m", "年": "y"}

RULES = ("extreme.record",)
_LOOK_BACK = 40


def metric_before(norm: str, start: int) -> tuple[str | None, int]:
    """The metric word nearest before a phrase in its sentence, and where it starts; the
    longest word wins where two overlap (融资净买入额 is margin_net_buy, not 买入额)."""
    window_start = max(0, start - _LOOK_BACK)
    for stop in "。；;！？\n":
        window_start = max(window_start, norm.rfind(stop, 0, start) + 1)
    matches = list(_metric_words().finditer(norm, window_start, start))
    found = matches[-1] if matches else None
    if found is None:
        return None, start
    metric = dict(_METRIC_WORDS)[found[0]]
    return metric, found.start() if start - found.start() <= _ADJACENT else start


@cache
def _metric_words() -> regex.Pattern[str]:
    return regex.compile(alternation(w for w, _ in _METRIC_WORDS))


_ADJACENT = 8  # 份额均创出…: the metric word belongs to the phrase's span when this close


@dataclass(slots=True, unsafe_hash=True)
class Extreme:
    """A record phrase: where it is, what set the record, high or low, and the window."""

    start: int
    end: int
    metric: str | None  # None: read from the words before the phrase
    extreme: str
    window: str


def _window(m: regex.Match[str]) -> str | None:
    raw = m["window"]
    if not raw or raw.startswith("阶段"):
        return "all_time" if not raw else None
    if raw in _WINDOWS:
        return _WINDOWS[raw]
    n, unit = (m["n"], m["unit"]) if m["n"] else (m["n2"], m["unit2"])
    return f"{parse_int(n)}{_UNITS[unit]}"


def metric_in(words: str) -> str | None:
    """The metric a record phrase names, from its words (the leftmost, longest word).

    >>> metric_in("最大净流入规模"), metric_in("融资交易额")
    ('net_flow', 'margin_buy')
    """
    found = _metric_words().search(words)
    return dict(_METRIC_WORDS)[found[0]] if found else None


def find_extremes(norm: str) -> list[Extreme]:
    """Record phrases in ``norm``.

    >>> phrase = "净卖出65亿元，为近两年来最大的单日净卖出"
    >>> [(e.metric, e.extreme, e.window) for e in find_extremes(phrase)]
    [('net_flow', 'low', '2y')]
    """
    out = _superlatives(norm) if "来" in norm or "历史" in norm else []
    if "创" not in norm and "刷新" not in norm and "改写" not in norm:
        return out  # every form of the record pattern holds one of these words
    taken = [(e.start, e.end) for e in out]
    for m in _PATTERN.finditer(norm):
        window = _window(m)
        if window is None:
            continue
        kind = m["kind"]
        extreme = "low" if kind in ("新低", "最低", "低点", "最小") else "high"
        metric = metric_in(m["what"] + kind + m["after"])
        end = m.end("kind") if metric is None or metric_in(m["what"]) else m.end()
        start = m.start()
        if metric is None:  # 份额创…, 融资余额升至42.85亿元，创…: the words before name it
            metric, start = metric_before(norm, start)
        if any(lo <= m.start() < hi for lo, hi in taken):
            continue  # read as a superlative already
        out.append(Extreme(start, end, metric, extreme, window))
    return sorted(out, key=lambda e: e.start)


def _superlatives(norm: str) -> list[Extreme]:
    """为上市以来最高水平: the window's highest (or, for an outflow's largest, lowest)."""
    out = []
    for m in _SUPERLATIVE.finditer(norm):
        window = _window(m)
        if window is None:
            continue
        words = m["what"] + m["kind"] + m["after"]
        outflow = m["kind"] in ("最大", "最多") and _OUTFLOW.search(words)
        low = m["kind"] in ("最低", "最小", "最少") or bool(outflow)
        # the head after the superlative names what set it (规模最大的单周资金流出: a flow)
        metric = metric_in(m["after"]) or metric_in(m["what"])
        start = m.start()
        if metric is None:
            metric, start = metric_before(norm, start)
        out.append(Extreme(start, m.end(), metric, "low" if low else "high", window))
    return out

"""Metrics: trigger words (净流入, 成交额, 融资余额…) and how they read the figure after them.

A trigger names a metric, a sign and the units it takes (``lexicons/metrics.yaml``). The
figure a trigger governs is read in its gap: a change verb after a level metric makes it a
signed change (份额增加 → shares_change), unless a level mark follows (增加至 → shares); a
rate word makes a percent figure the change in percent (环比增速1.12% → _change).

>>> [(t.word, t.metric, t.sign) for t in find_triggers("净流出63.88亿元，份额增加")]
[('净流出', 'net_flow', -1), ('份额', 'shares', 0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict

from ..text.lexicon import load_yaml
from ._rules import WordFinder, alternation

__all__ = [
    "LEVEL_METRICS",
    "NOT_A_FACT",
    "Reading",
    "Trigger",
    "base_metric",
    "find_triggers",
    "has_trigger",
    "read_gap",
    "unit_class",
]

UnitClass = Literal["currency", "ton", "percent", "point", "share", "lot"]
NOT_A_FACT = "not_a_fact"  # the metric of a non-fact word: it governs a figure, makes no fact

LEVEL_METRICS = frozenset(
    {
        "shares",
        "aum",
        "turnover",
        "margin_balance",
        "margin_total_balance",
        "margin_buy",
        "short_balance",
        "short_sell_volume",
        "turnover_rate",
        "premium_rate",
        "close",
    }
)


class _TriggerEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    metric: str
    sign: Literal[-1, 0, 1]
    units: list[UnitClass]
    words: list[str]


class _NonFactEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    units: list[UnitClass]
    words: list[str]


class _MetricLexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    triggers: list[_TriggerEntry]
    change_up: list[str]
    change_down: list[str]
    level_marks: list[str]
    change_rates: list[str]
    margin_context: list[str]
    non_facts: list[_NonFactEntry]


@dataclass(slots=True, unsafe_hash=True)
class Trigger:
    """A metric word found in the text."""

    start: int
    end: int
    word: str
    metric: str
    sign: int
    units: tuple[str, ...]


@dataclass(slots=True, unsafe_hash=True)
class Reading:
    """What a gap between a trigger and its figure says: change or level, and the sign."""

    metric: str
    sign: int


@cache
def lexicon() -> _MetricLexicon:
    """The validated ``lexicons/metrics.yaml``."""
    return _MetricLexicon.model_validate(load_yaml("metrics.yaml"))


@cache
def _by_word() -> dict[str, _TriggerEntry]:
    table: dict[str, _TriggerEntry] = {}
    non_facts = [
        _TriggerEntry(metric=NOT_A_FACT, sign=0, units=e.units, words=e.words)
        for e in lexicon().non_facts
    ]
    for entry in [*lexicon().triggers, *non_facts]:
        for word in entry.words:
            if word in table:
                raise ValueError(f"metrics.yaml: {word!r} is listed twice")
            table[word] = entry
    return table


@cache
def _trigger_pattern() -> regex.Pattern[str]:
    return regex.compile(alternation(_by_word()))


@cache
def _readings() -> dict[str, tuple[str, int, tuple[str, ...]]]:
    """word → (metric, sign, units) of the trigger it makes."""
    return {w: (e.metric, e.sign, tuple(e.units)) for w, e in _by_word().items()}


def find_triggers(norm: str) -> list[Trigger]:
    """Metric trigger words in ``norm``, left to right, longest form at each place; a
    non-fact word (融资偿还, 成交均价) is a trigger of metric ``NOT_A_FACT``.

    >>> [t.metric for t in find_triggers("融资买入4.27亿元，融资偿还3.95亿元")]
    ['margin_buy', 'not_a_fact']
    """
    readings = _readings()
    return [Trigger(s, e, w, *readings[w]) for s, e, w in _trigger_words().find(norm)]


@cache
def _trigger_words() -> WordFinder:
    return WordFinder(_by_word())


def has_trigger(text: str) -> bool:
    """True when ``text`` holds a metric trigger word.

    >>> has_trigger("的融资余额"), has_trigger("宁德时代")
    (True, False)
    """
    return _trigger_pattern().search(text) is not None


def base_metric(metric: str) -> str:
    """The level metric a ``_change`` metric changes; price_change is its own base.

    >>> base_metric("shares_change"), base_metric("price_change"), base_metric("aum")
    ('shares', 'price_change', 'aum')
    """
    head = metric.removesuffix("_change")
    return head if head != metric and head in LEVEL_METRICS else metric


def unit_class(unit: str | None) -> str | None:
    """A quantity unit's class: CNY/USD/… are ``currency``.

    >>> unit_class("HKD"), unit_class("share")
    ('currency', 'share')
    """
    if unit in ("CNY", "USD", "HKD", "EUR", "JPY", "GBP"):
        return "currency"
    return unit


@cache
def _gap_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    lex = lexicon()
    verbs = alternation([*lex.change_up, *lex.change_down])
    level = alternation(lex.level_marks)
    return (
        regex.compile(rf"(?P<verb>{verbs})(?P<level>了?{level})?"),
        regex.compile(alternation(lex.change_rates)),
        regex.compile(alternation(lex.margin_context)),
    )


def read_gap(metric: str, gap: str, unit: str | None) -> Reading:
    """How the words between a trigger and its figure change the metric.

    >>> read_gap("shares", "增加", "share"), read_gap("shares", "增加至约", "share")
    (Reading(metric='shares_change', sign=1), Reading(metric='shares', sign=0))
    >>> read_gap("margin_balance", "环比增速", "percent")
    Reading(metric='margin_balance_change', sign=0)
    >>> read_gap("short_sell_volume", "股数环比减少", "percent")
    Reading(metric='short_sell_volume_change', sign=-1)
    """
    verbs, rates, _ = _gap_patterns()
    cut = max(gap.rfind("，"), gap.rfind(","))
    gap = gap[cut + 1 :]  # a verb in an earlier clause does not make a change
    if metric not in LEVEL_METRICS or metric.endswith("_change"):
        return Reading(metric, 0)
    found = None
    for m in verbs.finditer(gap):
        found = m
    if unit == "percent" and metric not in ("turnover_rate", "premium_rate") and rates.search(gap):
        # 融券卖出股数环比减少16%: a change verb after the rate word gives the sign
        down = found is not None and found["verb"] in lexicon().change_down
        return Reading(f"{metric}_change", -1 if down else 0)
    if found is None or found["level"]:
        return Reading(metric, 0)
    sign = 1 if found["verb"] in lexicon().change_up else -1
    return Reading(f"{metric}_change", sign)


def is_margin_sentence(norm: str) -> bool:
    """True when the sentence is about margin financing (融资, 杠杆资金)."""
    return _gap_patterns()[2].search(norm) is not None

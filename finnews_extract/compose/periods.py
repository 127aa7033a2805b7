"""Attaching periods to facts: the clause, the sentence, the paragraph, the dateline;
comparison bases and record windows never govern.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..dimensions._raw import RawPeriod as PeriodMention
from ..dimensions._raw import RawQuantity as Quantity
from ..dimensions._rules import Sorted
from ..dimensions.extremes import find_extremes
from ..dimensions.periods import find_periods
from ..text import trading_calendar as cal
from .base import (
    _BASELINE,
    _PARAGRAPH_REACH,
    _REACH,
    _Placed,
    _ReaderState,
    _Sentence,
)

_OPEN_RANGES = frozenset({"period.year_to_date", "period.recent", "period.since_year"})
_AS_OF = frozenset({"period.as_of", "period.as_of_day", "period.last_weekday"})


class PeriodReading(_ReaderState):
    """Attaching periods to facts: the clause, the sentence, the paragraph, the dateline;"""

    def _clause_start(self, sent: _Sentence, pos: int) -> int:
        """Where the clause holding ``pos`` begins (at most ``_REACH`` characters back)."""
        lo = max(sent.start, pos - _REACH)
        ends = self.clause_ends
        i = bisect.bisect_right(ends, pos) - 1
        return ends[i] if i >= 0 and ends[i] > lo else lo

    def _governing_periods(self) -> list[PeriodMention]:
        """Periods that can govern a fact: not a comparison base (较前一交易日) and not the
        window of a record (创近一年新低)."""
        records = Sorted(_Placed(e.start, e.end, e) for e in find_extremes(self.norm))
        return [
            p
            for p in self.periods
            if not _BASELINE.search(self.norm, max(0, p.span.start - 3), p.span.start)
            and not records.overlaps(p.span.start, p.span.start + 1)
        ]

    def _period(self, pos: int, sent: _Sentence) -> PeriodMention | None:
        """The governing time: the last one before the fact in its sentence, else the first
        in its sentence, else the last one before it in its paragraph, else the lead."""
        index = self.governing_index
        before = index.last_within(max(0, pos - _PARAGRAPH_REACH), pos)
        chosen = before if before is not None and before.start >= sent.start else None
        if chosen is None:
            chosen = index.first_within(sent.start, sent.end)
        if chosen is None and before is not None:
            para = self.norm.rfind("\n", max(0, sent.start - _PARAGRAPH_REACH), sent.start) + 1
            chosen = before if before.start >= para else None
        found: PeriodMention | None = chosen.item if chosen is not None else self.lead
        return self._as_of(found, sent) if found is not None else None

    def _as_of(self, period: PeriodMention, sent: _Sentence) -> PeriodMention:
        """截至1月17日，…今年以来: an open range (今年以来, 近一周, 近20个交易日) ends on the data
        date the sentence states with 截至 before it, not on the publish date (spec §6)."""
        if period.rule not in _OPEN_RANGES or period.span.start < sent.start:
            return period
        stated = self.period_index.last_within(sent.start, period.span.start)
        if stated is None or stated.item.rule not in _AS_OF or stated.item.end is None:
            return period
        text = self.norm[period.span.start : period.span.end]
        again = find_periods(text, text, stated.item.end)
        if not again or again[0].end != stated.item.end:
            return period
        return replace(period, start=again[0].start, end=again[0].end)

    def _per_day(
        self, chain: list[Quantity], period: PeriodMention | None, each: bool
    ) -> list[PeriodMention | None]:
        """4月7日、8日及9日分别减少a、b和c: one trading day to each figure, in order."""
        if (
            period is None
            or len(chain) < 2
            or not each
            or period.start is None
            or period.end is None
            or period.start == period.end
        ):
            return [period] * len(chain)
        days = cal.trading_days(period.start, period.end)
        if len(days) != len(chain):
            return [period] * len(chain)
        return [replace(period, start=d, end=d) for d in days]

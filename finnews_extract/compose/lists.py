"""Ranking lists: names in one place, their figures in another, paired in order.

Two constructions, each read only when the count of names equals the count of figures (a
list that cannot be paired one to one gives no fact from this reader):

- names after a ranking verb, figures after 分别/依次 in a later clause of the sentence:
  居前五位的行业依次是电子、通信、银行，金额分别为38.62亿元、21.07亿元、9.85亿元;
- figures first, then 的 and the names: 净买入额依次为9.84亿元和7.26亿元的寒武纪和工业富联.

The metric is the nearest trigger before the figures in the sentence that takes their unit.
"""

from __future__ import annotations

import bisect

import regex

from ..dimensions._raw import RawQuantity as Quantity
from ..dimensions.metrics import NOT_A_FACT, Trigger, unit_class
from ..dimensions.subjects import Mention
from .base import _Binding, _Sentence
from .subjects import SubjectReading

_FIGURES_INTRO = regex.compile(r"(?:分别|依次)(?:为|是|达|录得)?[:：]?\s*$")
_RANK_VERB = regex.compile(r"(?r)(?:依次为|依次是|分别为|分别是|为|是|有|包括|仅|只有)[:：]?")
_NAMES_AFTER = regex.compile(r"的|[，,](?:分别)?对应(?:的是|为)?")
# The count that closes a list of names: 银行、非银金融和食品饮料3个板块
_COUNTED_TAIL = regex.compile(r"[0-9一二三四五六七八九十两]+(?:个|只|家)")


class ListReading(SubjectReading):
    """Ranking lists (see the module docstring)."""

    def _ranked(
        self, chain: list[Quantity], sent: _Sentence, lo: int
    ) -> tuple[_Binding, Trigger] | None:
        """A binding for a chain whose names are listed apart from it, and its trigger."""
        if len(chain) < 2:
            return None
        first, last = chain[0], chain[-1]
        names: list[Mention] = []
        if _FIGURES_INTRO.search(self.norm, max(lo, first.span.start - 8), first.span.start):
            names = self._names_before(first.span.start, sent)
        after = _NAMES_AFTER.match(self.norm, last.span.end)
        if not names and after is not None:
            names = self._names_after(after.end(), sent)
        if len(names) != len(chain):
            return None
        trigger = self._trigger_in_sentence(first, sent)
        if trigger is None or trigger.metric == NOT_A_FACT:
            return None
        return _Binding(trigger.metric, names, False, trigger.sign or 1), trigger

    def _trigger_in_sentence(self, first: Quantity, sent: _Sentence) -> Trigger | None:
        """The nearest trigger before the figure in its sentence that takes its unit."""
        uc = unit_class(first.unit)
        for i in range(bisect.bisect_left(self.trigger_starts, first.span.start) - 1, -1, -1):
            t = self.triggers[i]
            if t.start < sent.start:
                return None
            if uc in t.units:
                return t
        return None

    def _names_before(self, pos: int, sent: _Sentence) -> list[Mention]:
        """The names after the ranking verb of the clause before the one at ``pos``."""
        breaks = self._breaks(sent.start, pos)
        if not breaks:
            return []
        end = breaks[-1] - 1
        start = breaks[-2] if len(breaks) >= 2 else sent.start
        verb = _RANK_VERB.search(self.norm, start, end)
        if verb is None:
            return []
        count = _COUNTED_TAIL.search(self.norm, verb.end(), end)
        if count is not None:  # 仅银行、非银金融和食品饮料3个板块获资金净流入
            end = count.start()
        if self._has_figure(verb.end(), end):
            return []
        return self._open_in(verb.end(), end)

    def _names_after(self, pos: int, sent: _Sentence) -> list[Mention]:
        """The named list that starts at ``pos``: after 的 (…的寒武纪、工业富联和沪电股份占据…)
        or after 对应 in the next clause (…分别为9.43亿元、6.58亿元，对应证券ETF、半导体ETF)."""
        ends = self._breaks(pos, sent.end)
        hi = ends[0] - 1 if ends else sent.end
        inside = self.mention_index.within(pos, hi)
        if not inside or inside[0].start != pos:
            return []
        group = [inside[0]]
        for m in inside[1:]:
            if self.norm[group[-1].end : m.start] in ("、", "和", "及", "与", "以及"):
                group.append(m)
            else:
                break
        return group

"""Composing facts: figures bound to triggers, triggers to subjects, facts to periods.

The article is read sentence by sentence. Figures chained by 、/和/及 form one chain; a chain
is governed by the nearest trigger before it whose units fit, with no other figure between
them (else it continues the sentence's last binding, or a bare change verb before a share
figure reads as a share change). The subject is what is named between the previous chain
and the trigger, else the sentence's running subject, else the paragraph's. A list of
subjects is distributed over a list of figures with 分别, kept as one group with 合计, and
shared by one figure otherwise.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Any

import regex

from ..dimensions._raw import RawPeriod as PeriodMention
from ..dimensions._raw import RawQuantity as Quantity
from ..dimensions._rules import Sorted
from ..dimensions.extremes import find_extremes
from ..dimensions.metrics import (
    LEVEL_METRICS,
    NOT_A_FACT,
    Trigger,
    base_metric,
    find_triggers,
    is_margin_sentence,
    read_gap,
    unit_class,
)
from ..dimensions.streaks import find_streaks
from ..dimensions.subjects import KnownNames, Mention, find_mentions
from ..link.linker import Linker
from ..link.securities import SecuritiesTable
from .base import (
    _AFTER_GAP,
    _AFTER_MARKER,
    _CHANGE_VERB,
    _CLAUSE_BREAK,
    _COUNT_AFTER,
    _EACH,
    _FORECAST,
    _HARD_BREAK,
    _LEAD,
    _MARGIN_ONLY,
    _MAX_GAP,
    _NOT_A_VALUE,
    _PARAGRAPH_REACH,
    _PREPOSITION,
    _RATE_END,
    _SENTENCE_END,
    _STATISTIC,
    Draft,
    _Binding,
    _chains,
    _group,
    _Placed,
    _previous_sentence_start,
    _Sentence,
    _sentences,
    _units_of,
)
from .lists import ListReading
from .periods import PeriodReading
from .tables import table_drafts

__all__ = ["Draft", "compose"]


_BRACKET_CLOSE = regex.compile(r"[)）]")
_RATES = frozenset({"premium_rate", "turnover_rate"})  # rates whose level 升至/降至 gives
# A figure in plain 元 (not 人民币元, 港元, 美元): its currency is the market's.
_PLAIN_YUAN = regex.compile(r"(?<![人民币港美欧日])元$")
_HK_CODE_AFTER = regex.compile(r"[（(][0-9]{3,5}[)）]")  # 阅文集团（772）: a Hong Kong listing
# The southbound side of the Stock Connect and the Hong Kong market as its papers name them.
_SOUTHBOUND = regex.compile(r"北水|南下资金|南向资金|港股通|大市成交|恒指|恒生指数")
_TRADITIONAL_SAMPLE = 3000  # characters looked at to tell the script an article is written in


def _traditional(text: str, norm: str) -> bool:
    """True when the article is written in traditional characters: normalization changed at
    least 5 Chinese characters of its first 3,000 (the map is length-preserving)."""
    head, mapped = text[:_TRADITIONAL_SAMPLE], norm[:_TRADITIONAL_SAMPLE]
    if head == mapped:
        return False
    changed = sum(
        1 for a, b in zip(head, mapped, strict=True) if a != b and "\u4e00" <= a <= "\u9fff"
    )
    return changed >= 5


_SENTENCE_LEAD = regex.compile(r"[\s*\-•·]+")  # a sentence's leading blanks and bullet marks
# 其中4只净流入超3000万元: a count of stocks over a threshold, no stock's figure
_COUNT_BEFORE = regex.compile(r"[0-9一二两三四五六七八九十]+只[^，,；;。只]{0,8}$")
_FORMULA = regex.compile(r"[×÷=＝]|计算方式|计算公式")  # 成交金额÷基金规模×100%: a formula
_IN_ORDER = regex.compile("依次")
_FLOWS = frozenset({"net_flow", "margin_net_buy"})
_STREAK_LEVELS = frozenset(
    {"margin_balance", "margin_total_balance", "margin_buy", "shares", "aum"}
)
# A comparison base and a change word before a figure, in the clause after a flow's figure.
_FLOW_COMPARED = regex.compile(
    r"[，,]\s*(?:较|比|相比|相较于?|环比|同比)[^，,；;。]{0,10}?"
    r"(?:多出|多增|少增|增加|减少|增长|下降|扩大|收窄|多|少)了?(?:约|超|逾|近)?\s*$"
)
_CHANGE_END = regex.compile(
    r"(?:增长|增加|减少|下降|上升|扩大|缩水|萎缩|放大|增多|回落|下滑|缩减)了?(?:约|超过?|逾|近)?$"
)
_REACHED = regex.compile(
    r"\s*[，,]?\s*(?:已|则)?(?:达到|达|升至|降至|增至|减至|至|为)(?:约|超|逾|近)?\s*"
)
_LEVEL_AFTER_CHANGE = regex.compile(r"\s*(?:至|，?报|，?收于|，?报收)")
_TARGET_AFTER = regex.compile(r"(?:[（(][^（）()]{1,20}[)）])?的")
_BRACKET_LIST_REACH = 160  # characters from a bracketed figure to the word after its list
_LIST_TAIL = regex.compile(r"(?:等)?(?:行业|板块|个股)?(?:均|则|分别)?")  # …）等行业涨幅居前
_FLOW_SIZE_REACH = 6  # characters between a flow word and the 规模 that sizes it
_SIZE_CHANGE = regex.compile(r"(?:明显|大幅|有所|略有|进一步)?(?:收窄|扩大|缩小|放缓|加快|减小)")
# The clause before a change word that compares with an earlier date: ，较昨日 / ，环比 / ，按日
_COMPARISON = regex.compile(
    r"[，,]\s*(?:较|比|相比|相较于?|环比|同比|按日)[^，,；;。]{0,10}?(?:再|则|小幅|大幅|明显)?"
)
# Levels whose change a comparison clause tells (a close's 较昨日上涨 is its price change).
_COMPARED_LEVELS = LEVEL_METRICS - {"close", "turnover_rate", "premium_rate"}
# A price or index level crossed (跌破150元, 站上3100点): no figure of the running metric.
_CROSSING = regex.compile(r"(?:股价|价格|指数)?(?:跌破|突破|站上|站稳|失守|收复|逼近|重回)$")


class _Reader(ListReading, PeriodReading):
    """Reads one article's facts; holds the article-wide lookups."""

    def __init__(
        self,
        text: str,
        norm: str,
        quantities: list[Quantity],
        periods: list[PeriodMention],
        table: SecuritiesTable | None = None,
        fill_codes: bool = False,
        known: KnownNames | None = None,
    ) -> None:
        self.text, self.norm = text, norm
        self.quantities = quantities
        self.periods = periods
        self.known = known
        self.mentions = find_mentions(norm, text, known)
        self.triggers = find_triggers(norm)
        self.clause_ends = [m.end() for m in _CLAUSE_BREAK.finditer(norm)]
        self.sentence_ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
        # Position indexes: every lookup below is logarithmic, so a long article stays linear.
        # a name after 随/受/较 is a preposition's object: never a subject (其后随美股回落)
        objects = {m.end() for m in _PREPOSITION.finditer(norm)}
        self.mention_index = Sorted(m for m in self.mentions if m.start not in objects)
        self.trigger_starts = [t.start for t in self.triggers]
        self.figure_index = Sorted(_Placed(q.span.start, q.span.end, q) for q in quantities)
        self.unit_figures = Sorted(
            _Placed(q.span.start, q.span.end, q) for q in quantities if q.unit is not None
        )
        self.period_index = Sorted(_Placed(p.span.start, p.span.end, p) for p in periods)
        self.linker = Linker(self.mentions, table, fill_codes)
        self.drafts: list[Draft] = []
        self.topic: list[Mention] = []  # the paragraph's running subject
        self.topic_binding: _Binding | None = None
        self.actor_targets: dict[str, list[Mention]] = {}
        self.actor_owners: dict[str, list[Mention]] = {}
        self.sentence_bindings: list[_Binding] = []
        self.sentence_start = 0
        self.governing = self._governing_periods()
        self.governing_index = Sorted(_Placed(p.span.start, p.span.end, p) for p in self.governing)
        self.lead = next((p for p in self.governing if p.span.start < _LEAD), None)
        self.article_topic: list[
            Mention
        ] = []  # the last subject of an earlier paragraph  # 北向资金 → A股, once named
        self.paragraph = -1
        self._traditional: bool | None = None  # written in traditional characters (lazy)

    def _governing(self, first: Quantity, lo: int) -> Trigger | None:
        """The nearest trigger before the figure that takes its unit (rates take level metrics)."""
        uc = unit_class(first.unit)
        for i in range(bisect.bisect_left(self.trigger_starts, first.span.start) - 1, -1, -1):
            t = self.triggers[i]
            if t.start < lo:
                return None
            if self._bracketed_trigger(t) and _BRACKET_CLOSE.search(
                self.norm, t.end, first.span.start
            ):
                continue  # a bracket's trigger governs only the figures inside it
            if first.span.start - t.end > _MAX_GAP or self._blocked(t.end, first.span.start):
                return None
            if (
                t.metric.startswith("margin_")
                and t.word in _MARGIN_ONLY
                and not self._margin_near(t)
            ):
                continue
            if uc in t.units:
                if t.metric == "price_change" and self.norm[t.end : t.end + 1] == "至" and i:
                    rate = self.triggers[i - 1]  # 溢价率一度升至23%: 升至 marks the rate's level
                    if rate.metric in _RATES and t.start - rate.end <= 6 and rate.start >= lo:
                        return rate
                return t
            gap = self.norm[t.end : first.span.start]
            if first.unit == "percent" and t.metric in LEVEL_METRICS and _RATE_END.search(gap):
                return t
            if first.unit == "percent" and t.metric in _COMPARED_LEVELS and _CHANGE_END.search(gap):
                return t  # 跨境ETF规模年内已增长121.47%: the level's change in percent
        return None

    def _blocked(self, lo: int, hi: int) -> bool:
        """A trigger does not reach over another figure or a semicolon."""
        if _HARD_BREAK.search(self.norm, lo, hi):
            return True
        return self.unit_figures.last_within(lo, hi) is not None

    def _bracketed_trigger(self, t: Trigger) -> bool:
        lo = max(0, t.start - _MAX_GAP)
        opening = max(self.norm.rfind("(", lo, t.start), self.norm.rfind("（", lo, t.start))
        closing = max(self.norm.rfind(")", lo, t.start), self.norm.rfind("）", lo, t.start))
        return opening > closing and t.start - opening < _MAX_GAP

    def _trigger_after(self, chain: list[Quantity], lo: int) -> Trigger | None:
        """录得60亿美元净流入, 以59.94亿元买入额领跑, 分别获31.82亿元和30.62亿元融资买入:
        the metric word right after the figure, when a marker (以/获/录得/遭遇) leads in or the
        word is a flow."""
        last_q = chain[-1]
        marked = _AFTER_MARKER.search(
            self.norm, max(lo, chain[0].span.start - 4), chain[0].span.start
        )
        uc = unit_class(last_q.unit)
        for i in range(
            bisect.bisect_left(self.trigger_starts, last_q.span.end), len(self.triggers)
        ):
            t = self.triggers[i]
            if not _AFTER_GAP.fullmatch(self.norm[last_q.span.end : t.start]):
                return None
            if uc in t.units and (marked or t.metric == "net_flow"):
                if t.word in _MARGIN_ONLY and not self._margin_near(t):
                    return None
                return t
            return None
        return None

    def _skip(self, chain: list[Quantity], sent: _Sentence) -> bool:
        """Not a fact: a count of funds, a share or weight, a statistic, a forecast."""
        last, first = chain[-1], chain[0]
        after = self.norm[last.span.end : last.span.end + 14]
        clause_lo = self._clause_start(sent, first.span.start)
        # a weight or a share said in the figure's own clause (权重股走强，沪指上涨 is no weight)
        before = self.norm[max(clause_lo, first.span.start - 12) : first.span.start]
        statistic = _STATISTIC.search(
            self.norm, clause_lo, first.span.start
        ) and not self._named_in(clause_lo, first.span.start)
        return bool(
            _COUNT_AFTER.match(after)
            or _NOT_A_VALUE.search(before)
            or statistic
            or _FORECAST.search(self.norm, clause_lo, first.span.start)
            or _COUNT_BEFORE.search(self.norm, clause_lo, first.span.start)
            or _FORMULA.search(self.norm, clause_lo, last.span.end + 2)
        )

    def read_sentence(self, sent: _Sentence) -> None:
        self.sentence_start = sent.start
        if sent.paragraph != self.paragraph:
            # a paragraph hands on one subject, not a list it paired its figures with
            self.article_topic = self.topic if len(self.topic) == 1 else self.article_topic
            self.paragraph, self.topic, self.topic_binding = sent.paragraph, [], None
        figures = [p.item for p in self.unit_figures.within(sent.start, sent.end)]
        last: _Binding | None = None
        bound = self.sentence_bindings = []  # this sentence's bindings, in order
        lo = sent.start
        for chain in _chains(figures, self.norm):
            binding = None if self._skip(chain, sent) else self._bind(chain, sent, lo, last)
            if binding is not None and any(m.count_phrase for m in binding.subjects):
                binding = None  # 有18只行业主题ETF份额减少逾1亿份: a count of funds
            if binding is not None and not any(m.entity for m in binding.subjects):
                binding = None  # words read where a name stands (交游日): no fact, and no topic
            if binding is None and self._governed_by_non_fact(chain, lo):
                last = None  # 融券卖出金额减少0.57亿元，环比下降7%: the 7% is no earlier fact's
            if binding is not None:
                self._emit(chain, binding, sent)
                last = self.topic_binding = binding
                self.topic = binding.subjects
                bound.append(binding)
            lo = chain[-1].span.end
        self._flags(sent, last)

    def _governed_by_non_fact(self, chain: list[Quantity], lo: int) -> bool:
        trigger = self._governing(chain[0], lo)
        return trigger is not None and trigger.metric == NOT_A_FACT

    def _bind(
        self, chain: list[Quantity], sent: _Sentence, lo: int, last: _Binding | None
    ) -> _Binding | None:
        ranked = self._ranked(chain, sent, lo)
        if ranked is not None:
            binding, ranked_by = ranked
            if (
                binding.metric == "net_flow"
                and "融" not in ranked_by.word
                and self._margin_near(ranked_by)
            ):
                binding.metric = "margin_net_buy"
            return binding
        first = chain[0]
        after = self._trigger_after(chain, lo)
        trigger = after or self._governing(first, lo)
        if trigger is not None:
            return self._bind_trigger(chain, sent, lo, last, trigger)
        gap = self.norm[max(lo, first.span.start - 6) : first.span.start]
        verb = _CHANGE_VERB.search(gap)
        if verb and first.unit == "share":
            subjects, total = self._subjects_before(lo, first.span.start - len(verb[0]))
            subjects = subjects or self._fallback(last)
            sign = -1 if verb[0][0] in "减缩下" else 1
            return _Binding("shares_change", subjects, total, sign) if subjects else None
        if (
            last is not None
            and first.unit == "percent"
            and _RATE_END.search(self.norm, lo, first.span.start)
        ):
            base = base_metric(last.metric)
            return _Binding(f"{base}_change", last.subjects, last.group, 1)
        compared = self._compared_rate(last, lo, first)
        if compared is not None:
            return compared
        listed = self._bracket_list(first, lo, sent)
        if listed is not None:
            return listed
        if (
            last is not None
            and last.metric == "price_change"
            and first.unit in ("point", "CNY", "HKD", "USD")
            and _LEVEL_AFTER_CHANGE.fullmatch(self.norm, lo, first.span.start)
        ):  # 上证指数涨0.81%至3351.54点: the change, then the level it reached
            return _Binding("close", last.subjects, last.group, 1)
        reached = self._level_reached(last, lo, first)
        if reached is not None:
            return reached
        carried = _last_taking(self.sentence_bindings, first.unit) or last or self.topic_binding
        if _CROSSING.search(self.norm, max(lo, first.span.start - 8), first.span.start):
            return None  # 净卖出3.87亿元，股价跌破150元: a price level crossed, not the flow
        if carried is not None and unit_class(first.unit) in _units_of(carried.metric):
            if carried.metric in _FLOWS and _FLOW_COMPARED.match(self.norm, lo, first.span.start):
                return None  # 净流入117.3亿元，比9月多出约21亿元: a flow's change is no fact
            bracketed = self._bracketed(first, lo)
            if bracketed:
                return _Binding(carried.metric, bracketed, False, carried.sign)
            if last is None:
                return None
            named, _ = self._subjects_before(lo, first.span.start)
            base = base_metric(carried.metric)
            reading = read_gap(base, self.norm[lo : first.span.start], first.unit)
            metric, sign = (
                (reading.metric, reading.sign or 1)
                if reading.metric != base
                else (carried.metric, carried.sign)
            )
            return _Binding(metric, named or last.subjects, carried.group and not named, sign)
        return None

    def _bind_trigger(
        self,
        chain: list[Quantity],
        sent: _Sentence,
        lo: int,
        last: _Binding | None,
        trigger: Trigger,
    ) -> _Binding | None:
        if trigger.metric == NOT_A_FACT:
            return None  # 融资偿还3.95亿元, 成交均价1.2元: the figure is no fact
        first = chain[0]
        before_figure = trigger.start < first.span.start
        gap = (
            self.norm[min(trigger.end, first.span.start) : first.span.start]
            if before_figure
            else ""
        )
        reading = read_gap(trigger.metric, gap, first.unit)
        flow = self._flow_sized(trigger, sent)
        if flow is not None:  # 录得净流入，但规模明显收窄（本周17.3亿美元）: the flow's size
            trigger, reading = flow, read_gap(flow.metric, "", first.unit)
        compared = self._compared_level(last, lo, trigger) if before_figure else None
        if compared is not None:
            return compared
        head_end = trigger.start if before_figure else first.span.start
        owner = self._bracket_owner(trigger.start, lo) if before_figure else []
        if owner:  # 电子（84.02亿元，涨0.93%）: inside a name's brackets, the name's figure
            return _Binding(reading.metric, owner, False, trigger.sign or reading.sign or 1)
        subjects, total = self._subjects_before(lo, head_end)
        if not subjects and last is not None:
            total = total or last.group  # …合计买入38.27亿元，净流入2.21亿元: still the group
        if before_figure:
            own = bool(subjects)
            subjects = self._bracketed(first, lo) or self._in_gap(
                subjects or self._fallback(last, first.span.start),
                trigger.end,
                first.span.start,
                own,
            )
        subjects = subjects or self._fallback(last, first.span.start)
        if (
            subjects
            and all(self._actor(m) or m.kind == "market" for m in subjects)
            and trigger.metric == "net_flow"
        ):
            # 外资净买入了416亿元（约57亿美元）的A股: the target after the figure and 的
            subjects = self._target_after(chain) or subjects
        metric = reading.metric
        if metric == "close" and unit_class(first.unit) == "currency":
            # 两融余额延续升势，期末报收于9682.15亿元: the level named before, not a price
            metric = self._level_before(trigger.start, sent, past_prices=True) or metric
        if metric == "price_change" and first.unit == "point":
            metric = "close_change"  # 沪指上涨38.61点, 跌187点: the index's change in points
        if metric == "aum_change" and first.unit == "ton":
            metric = "net_flow"  # gold ETFs: holdings changes in tons are flows (spec §3)
        if metric == "net_flow" and "融" not in trigger.word and self._margin_near(trigger):
            metric = "margin_net_buy"
        sign = trigger.sign or reading.sign or 1
        return _Binding(metric, subjects, total, sign) if subjects else None

    def _target_after(self, chain: list[Quantity]) -> list[Mention]:
        """A name right after the figures and 的 (a bracketed restatement between)."""
        m = _TARGET_AFTER.match(self.norm, chain[-1].span.end)
        if m is None:
            return []
        named = self.mention_index.first_within(m.end(), m.end() + 12)
        return [named] if named is not None and named.start == m.end() else []

    def _flow_sized(self, trigger: Trigger, sent: _Sentence) -> Trigger | None:
        """The flow word a bare 规模 sizes: 净流入 just before it in the sentence, with no
        figure between, and 规模 said to narrow or widen (录得净流入，但规模明显收窄)."""
        if trigger.word != "规模" or not _SIZE_CHANGE.match(self.norm, trigger.end):
            return None  # 净流入，规模达200亿元: the fund's size
        i = bisect.bisect_left(self.trigger_starts, trigger.start) - 1
        flow = self.triggers[i] if i >= 0 else None
        if flow is None or flow.metric != "net_flow" or flow.start < sent.start:
            return None
        near = trigger.start - flow.end <= _FLOW_SIZE_REACH
        return flow if near and not self._blocked(flow.end, trigger.start) else None

    def _compared_level(self, last: _Binding | None, lo: int, trigger: Trigger) -> _Binding | None:
        """融资融券余额55.42亿元，较昨日上涨0.61%: a price word after a comparison base, in the
        clause after a level's figure, tells the level's change, not a price change."""
        if last is None or trigger.metric != "price_change" or trigger.sign == 0:
            return None
        base = base_metric(last.metric)
        if base not in _COMPARED_LEVELS or not _COMPARISON.fullmatch(self.norm, lo, trigger.start):
            return None
        return _Binding(f"{base}_change", last.subjects, last.group, trigger.sign)

    def _bracket_list(self, first: Quantity, lo: int, sent: _Sentence) -> _Binding | None:
        """通信（+4.87%）、医药（+3.92%）和电子（+2.65%）涨幅居前: names with their figures in
        brackets, the metric word after the list; each figure is its name's."""
        owner = self._bracketed(first, lo)
        if not owner:
            return None
        uc = unit_class(first.unit)
        for i in range(bisect.bisect_left(self.trigger_starts, first.span.end), len(self.triggers)):
            t = self.triggers[i]
            if t.start >= sent.end or t.start - first.span.end > _BRACKET_LIST_REACH:
                return None
            between = self.unit_figures.within(first.span.end, t.start)
            if any(self.norm[p.start - 1 : p.start] not in "（(" for p in between):
                return None  # a figure outside brackets: no list of bracketed figures
            if _CLAUSE_BREAK.search(self.norm, first.span.end, t.start):
                return None  # the list ends at its clause
            if uc in t.units and _LIST_TAIL.fullmatch(
                self.norm, self._last_close(t.start), t.start
            ):
                return _Binding(t.metric, owner, False, t.sign or 1)
        return None

    def _last_close(self, pos: int) -> int:
        """Just after the last closing bracket before ``pos``."""
        return max(self.norm.rfind("）", 0, pos), self.norm.rfind(")", 0, pos)) + 1

    def _level_reached(self, last: _Binding | None, lo: int, first: Quantity) -> _Binding | None:
        """规模增长121.47%，达到9386.15亿元; 成交额按日增加21%，至2864亿元; 减少4.6吨至188吨: a
        level's change, then the level it reached, in the level's own unit."""
        if last is None:
            return None
        # 总持仓减少4.6吨至188吨: a gold ETF's holdings change in tons is a flow (spec §3)
        ton_flow = last.metric == "net_flow" and first.unit == "ton"
        if not (last.metric.endswith("_change") or ton_flow):
            return None
        base = "aum" if ton_flow else base_metric(last.metric)
        if base not in _COMPARED_LEVELS or unit_class(first.unit) not in _units_of(base):
            return None
        if not _REACHED.fullmatch(self.norm, lo, first.span.start):
            return None
        return _Binding(base, last.subjects, last.group, 1)

    def _compared_rate(self, last: _Binding | None, lo: int, first: Quantity) -> _Binding | None:
        """总份额18026.35亿份，较上期增加1.94%: a percent after a comparison base and a change
        verb, in the clause after a level's figure, is the level's change in percent."""
        if last is None or first.unit != "percent":
            return None
        base = base_metric(last.metric)
        comparison = _COMPARISON.match(self.norm, lo, first.span.start)
        if base not in _COMPARED_LEVELS or comparison is None:
            return None
        reading = read_gap(base, self.norm[comparison.end() : first.span.start], None)
        if reading.metric == base:
            return None  # no change verb: 较年初的1.2倍 is no change figure
        return _Binding(reading.metric, last.subjects, last.group, reading.sign)

    def _in_order(self, subjects: list[Mention], chain: list[Quantity]) -> bool:
        """依次 between the names and one figure: the list's figures broke off, none is theirs."""
        return _IN_ORDER.search(self.norm, subjects[0].start, chain[0].span.start) is not None

    def _margin_near(self, trigger: Trigger) -> bool:
        """About 融资/杠杆资金: said in this sentence or the one before, in this paragraph."""
        para_lo = self.norm.rfind("\n", max(0, trigger.start - _PARAGRAPH_REACH), trigger.start) + 1
        lo = max(para_lo, _previous_sentence_start(self.sentence_ends, self.sentence_start))
        hi = _SENTENCE_END.search(self.norm, trigger.end, trigger.end + _PARAGRAPH_REACH)
        return is_margin_sentence(self.norm[lo : hi.end() if hi else len(self.norm)])

    def _emit(self, chain: list[Quantity], binding: _Binding, sent: _Sentence) -> None:
        subjects = binding.subjects
        each = bool(_EACH.search(self.norm, subjects[0].start, chain[0].span.start))
        if each and len(subjects) == 1 and len(chain) > 1:
            subjects = self._counted_referents(subjects[0], len(chain)) or subjects
        if binding.group and len(subjects) > 1:
            pairs = [(_group(subjects, self.text), q) for q in chain]
        elif binding.group and subjects[0].group_name:  # 上述6只指数ETF合计净流出
            counted = replace(subjects[0], name=subjects[0].group_name, kind="category")
            pairs = [(counted, q) for q in chain]
        elif len(subjects) == len(chain) and (each or len(chain) > 1):
            pairs = list(zip(subjects, chain, strict=True))
        elif len(chain) == 1 and not (len(subjects) > 1 and self._in_order(subjects, chain)):
            pairs = [(s, chain[0]) for s in subjects]  # 分别流入超3亿元: each over 3亿
        elif each and len(subjects) > 1:
            pairs = []  # 分别 over lists of unequal length: no fact rather than a shifted list
        else:
            pairs = [(subjects[-1], q) for q in chain]
        period = self._period(chain[0].span.start, sent)
        periods = self._per_day(chain, period, each and len(subjects) == 1)
        # The evidence is the sentence: a subject carried from before it is not quoted
        # (该基金报收1.763元 names its fund sentences earlier).
        opening = _SENTENCE_LEAD.match(self.norm, sent.start)
        sentence_start = opening.end() if opening else sent.start
        by_figure = {id(q): p for q, p in zip(chain, periods, strict=True)}
        for subject, q in pairs:
            # 净流出(-96.15亿元): a figure written negative under an outflow word restates the
            # direction; it is not flipped back
            value = -q.value if binding.sign < 0 and q.value > 0 else q.value
            self.drafts.append(
                Draft(
                    "metric",
                    binding.metric,
                    subject,
                    min(max(subject.start, sentence_start), q.span.start),
                    q.span.end,
                    f"metric.{binding.metric}",
                    value=value,
                    unit=self._currency(q, subject, binding.metric, sent),
                    approx=q.approx,
                    period=by_figure[id(q)],
                )
            )

    def _currency(self, q: Quantity, subject: Mention, metric: str, sent: _Sentence) -> str | None:
        """Plain 元 is the Hong Kong dollar for a Hong Kong stock's close (碧桂园服务（6098）…
        收报56.2元) and, in a text written in traditional characters, for the Stock Connect's
        southbound side (北水淨流入108.36億元, 大市成交額2,864億元); else the figure's unit."""
        if q.unit != "CNY" or not _PLAIN_YUAN.search(self.norm, q.span.start, q.span.end):
            return q.unit
        if metric == "close" and (
            (subject.code is not None and len(subject.code) == 5)
            or _HK_CODE_AFTER.match(self.norm, subject.end)
        ):
            return "HKD"
        if _SOUTHBOUND.search(self.norm, sent.start, sent.end):
            if self._traditional is None:
                self._traditional = _traditional(self.text, self.norm)
            return "HKD" if self._traditional else q.unit
        return q.unit

    def _flags(self, sent: _Sentence, last: _Binding | None) -> None:
        """Record and streak phrases in the sentence, one fact per subject they are about."""
        segment = self.norm[sent.start : sent.end]
        for e in find_extremes(segment):
            fields: dict[str, Any] = {"extreme": e.extreme, "window": e.window}
            self._flag(
                sent, last, e.start, e.end, "extreme", e.metric or "price", "extreme.record", fields
            )
        for s in find_streaks(segment):
            metric = s.metric or self._level_before(sent.start + s.start, sent) or "price_change"
            if metric == "net_flow" and is_margin_sentence(segment):
                metric = "margin_net_buy"  # 近4个交易日已连续净买入, said of 融资: margin (spec §3)
            fields = {"direction": s.direction, "count": s.count, "unit_period": s.unit}
            self._flag(sent, last, s.start, s.end, "streak", metric, s.rule, fields)

    def _flag(
        self,
        sent: _Sentence,
        last: _Binding | None,
        start: int,
        end: int,
        kind: str,
        metric: str,
        rule: str,
        fields: dict[str, Any],
    ) -> None:
        start, end = sent.start + start, sent.start + end
        subjects, _ = self._subjects_before(sent.start, start)
        for subject in subjects or self._fallback(last):
            self.drafts.append(Draft(kind, metric, subject, start, end, rule, **fields))

    def _level_before(self, pos: int, sent: _Sentence, past_prices: bool = False) -> str | None:
        """The level (融资余额, 份额, 规模…) whose word is the sentence's last trigger before
        ``pos``; ``past_prices``: price words between do not hide it (两融余额延续升势，…)."""
        for i in range(bisect.bisect_left(self.trigger_starts, pos) - 1, -1, -1):
            t = self.triggers[i]
            if t.start < sent.start:
                return None
            if past_prices and t.metric == "price_change":
                continue
            if sent.start <= t.start and t.end <= pos:
                return t.metric if t.metric in _STREAK_LEVELS else None
        return None


def _last_taking(bound: list[_Binding], unit: str | None) -> _Binding | None:
    """The sentence's last binding whose metric takes ``unit``: 电子（84.02亿元，涨0.93%）、计算机
    （27.61亿元…: the second name's money figure carries the money binding, not the rate's."""
    uc = unit_class(unit)
    return next((b for b in reversed(bound) if uc in _units_of(b.metric)), None)


def compose(
    text: str,
    norm: str,
    quantities: list[Quantity],
    periods: list[PeriodMention],
    table: SecuritiesTable | None = None,
    fill_codes: bool = False,
    known: KnownNames | None = None,
) -> tuple[list[Draft], Linker]:
    """All fact drafts of an article, in reading order, and the article's name linker.
    ``known``: the stock names to recognize (default: the built-in master's)."""
    reader = _Reader(text, norm, quantities, periods, table, fill_codes, known)
    tabled, regions = table_drafts(text, norm, reader.period_index, known)
    for sent in _sentences(norm):
        if not any(lo < sent.end and sent.start < hi for lo, hi in regions):
            reader.read_sentence(sent)  # a table's lines are read as a table, not as prose
    for draft in tabled:
        if draft.period is None:
            before = reader.governing_index.last_within(
                max(0, draft.start - _PARAGRAPH_REACH), draft.start
            )
            draft.period = before.item if before else reader.lead
        reader.drafts.append(draft)
    return reader.drafts, reader.linker

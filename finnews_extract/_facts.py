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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import regex

from . import _calendar as cal
from ._raw import RawPeriod as PeriodMention
from ._raw import RawQuantity as Quantity
from ._rules import Sorted
from ._subjects_link import Linker
from .dimensions.extremes import find_extremes
from .dimensions.metrics import (
    LEVEL_METRICS,
    Trigger,
    base_metric,
    find_triggers,
    is_margin_sentence,
    lexicon,
    read_gap,
    unit_class,
)
from .dimensions.streaks import find_streaks
from .dimensions.subjects import Mention, find_mentions, open_subjects
from .securities import SecuritiesTable

__all__ = ["Draft", "compose"]

_SENTENCE = regex.compile(r"(?:[^。！？!?\n*]|\*(?!\s))+[。！？!?]?")
_SENTENCE_END = regex.compile(r"[。！？!?\n]|\s\*\s")
_CLAUSE_BREAK = regex.compile(r"[，,；;：:]")
_LIST_SEP = regex.compile(r"\s?(?:、|和|及|与|以及|，|,)\s?")
_FORECAST = regex.compile(r"预计|预期|有望|或将|将达|预测|目标|料将|可能达到")
# 近20年，2月平均及中位数涨幅分别为4.3%和3.2%: a statistic about no named subject
_STATISTIC = regex.compile(r"平均|中位数|概率|胜率|历史上")
_NOT_A_VALUE = regex.compile(r"概率|权重|占比|比重|比例|胜率|仓位")
_COUNT_AFTER = regex.compile(
    r"^(?:以上)?(?:的[\p{Han}A-Za-z]{0,8})?(?:有|共有|共计|达)?[0-9一二三四五六七八九十]+只"
)
_TOTAL = regex.compile(r"合计|共计|总计|合共|累计合计|共")
_EACH = regex.compile(r"分别|各自")
_MAX_GAP = 30
_REACH = 240  # characters looked back for a fact's subject and clause (keeps scans local)
_PARAGRAPH_REACH = 2000  # characters looked back for a paragraph's start, topic or period
_BASELINE = regex.compile(r"(?:较|比|相比|相较于?|同比|环比|高于|低于)$")
_LEAD = 120  # characters: a time expression this early is the article's dateline
_BRACKETED = regex.compile(r"[（(][^（）()]*[)）]")
_HARD_BREAK = regex.compile(r"[；;]")
_AFTER_MARKER = regex.compile(
    r"(?:以|获|获得|录得|遭遇?|吸纳了?|实现|处于|位于|居于)(?:超|逾|近|约)?$"
)
_MARGIN_ONLY = frozenset({"买入额", "买入"})
_ANAPHORA = regex.compile(r"其|该")
_TOPIC_KINDS = frozenset({"market", "index", "etf", "category"})
_MARGIN_WINDOW = 60  # chars before a flow word searched for 融资/杠杆资金
_RATE_END = regex.compile(r"(?:增速|增长率|增幅|降幅|环比|同比)[^，,；;]{0,6}$")
_AFTER_GAP = regex.compile(r"(?:的)?(?:大幅|资金|历史)?")
_RANK_WORDS = regex.compile(r"(?:较低|较高|最高|最低|居前|居后|领先|靠前)$")
_NAME_BREAK = regex.compile(r"[，,；;：:、（()）\s*]")
_CHANGE_VERB = regex.compile(r"(?:增加|增长|减少|缩水|下降|增|减)了?$")
_ACTORS = frozenset(
    {"北向资金", "南向资金", "主力资金", "杠杆资金", "外资", "融资客", "内资", "险资"}
)
_NOT_SUBJECT = frozenset(
    {
        "资金",
        "规模",
        "份额",
        "成交额",
        "市场",
        "指数",
        "基金",
        "产品",
        "板块",
        "平均",
        "中位数",
        "均值",
        "整体",
        "合计",
        "累计",
        "其中",
        "高位",
        "低位",
        "期间",
        "区间",
        "单日",
        "全周",
        "收盘",
        "盘中",
        "尾盘",
        "早盘",
        "午盘",
        "开盘",
        "当日",
        "全天",
        "今日",
    }
)
_NOT_SUBJECT_PATTERN = regex.compile(
    r"^(?:全|单|当|本|上|近|同|今|昨|前|后)(?:周|日|天|月|年|期)|^(?:相较|较|相比|环比|同比|比起)"
    r"|平均|中位数|概率|涨幅|跌幅|收益率|创|新高|新低|价格|股价|净值"
    r"|[也了着很更都又再就才仍还却亦被把让随较但并若因所]|十分|一举|以来|^(?:这|那|此|该|其|对应|相应)|^的|的$"
    r"|^(?:增加|增长|减少|下降|缩水|回落|上升|提升|为|达|至|报|是)|(?:增加|增长|减少|下降|为|达|至)$"
)


@dataclass
class Draft:
    """A fact before it becomes a record: plain values, spans as offsets."""

    type: str
    metric: str
    subject: Mention
    start: int
    end: int
    rule: str
    value: Decimal | None = None
    unit: str | None = None
    approx: str | None = None
    extreme: str | None = None
    window: str | None = None
    direction: str | None = None
    count: int | None = None
    unit_period: str | None = None
    period: PeriodMention | None = None
    group: bool = False


@dataclass(frozen=True)
class _Placed:
    """Something at [start, end) in the text (a quantity or period record), for indexes."""

    start: int
    end: int
    item: Any


@dataclass
class _Binding:
    metric: str
    subjects: list[Mention]
    group: bool = False
    sign: int = 1


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    figures: list[Quantity] = field(default_factory=list)


def _sentences(norm: str) -> list[_Sentence]:
    out = []
    paragraph = 0
    last_end = 0
    for m in _SENTENCE.finditer(norm):
        if "\n\n" in norm[last_end : m.start()] or (
            m.start() > 0 and norm[m.start() - 1] == "\n" and "\n" in norm[last_end : m.start()]
        ):
            paragraph += 1
        out.append(_Sentence(m.start(), m.end(), paragraph))
        last_end = m.end()
    return out


def _chains(figures: list[Quantity], norm: str) -> list[list[Quantity]]:
    chains: list[list[Quantity]] = []
    for q in figures:
        if chains:
            prev = chains[-1][-1]
            gap = norm[prev.span.end : q.span.start]
            if _LIST_SEP.fullmatch(gap) and unit_class(prev.unit) == unit_class(q.unit):
                chains[-1].append(q)
                continue
        chains.append([q])
    return chains


class _Reader:
    """Reads one article's facts; holds the article-wide lookups."""

    def __init__(
        self, text: str, norm: str, quantities: list[Quantity], periods: list[PeriodMention]
    ) -> None:
        self.text, self.norm = text, norm
        self.quantities = quantities
        self.periods = periods
        self.mentions = find_mentions(norm, text)
        self.triggers = find_triggers(norm)
        # Position indexes: every lookup below is logarithmic, so a long article stays linear.
        self.mention_index = Sorted(self.mentions)
        self.trigger_starts = [t.start for t in self.triggers]
        self.figure_index = Sorted(_Placed(q.span.start, q.span.end, q) for q in quantities)
        self.unit_figures = Sorted(
            _Placed(q.span.start, q.span.end, q) for q in quantities if q.unit is not None
        )
        self.period_index = Sorted(_Placed(p.span.start, p.span.end, p) for p in periods)
        self.linker = Linker(self.mentions)
        self.drafts: list[Draft] = []
        self.topic: list[Mention] = []  # the paragraph's running subject
        self.topic_binding: _Binding | None = None
        self.actor_targets: dict[str, list[Mention]] = {}
        self.sentence_start = 0
        self.governing = self._governing_periods()
        self.governing_index = Sorted(_Placed(p.span.start, p.span.end, p) for p in self.governing)
        self.lead = next((p for p in self.governing if p.span.start < _LEAD), None)
        self.article_topic: list[
            Mention
        ] = []  # the last subject of an earlier paragraph  # 北向资金 → A股, once named
        self.paragraph = -1

    # --- subjects ------------------------------------------------------------------------

    def _named_in(self, start: int, end: int) -> list[Mention]:
        """The last named subject in [start, end), with the names listed before it."""
        inside = self.mention_index.within(start, end)
        if not inside:
            return []
        group = [inside[-1]]
        for m in reversed(inside[:-1]):
            if _LIST_SEP.fullmatch(self.norm[m.end : group[0].start]):
                group.insert(0, m)
            else:
                break
        return group

    def _open_in(self, start: int, end: int) -> list[Mention]:
        return [
            m
            for m in open_subjects(self.text, self.norm, start, end)
            if _may_be_subject(self.norm[m.start : m.end])
            and not self._is_period(m)
            and not self._has_figure(m.start, m.end)
        ]

    def _subjects_before(self, lo: int, hi: int) -> tuple[list[Mention], bool]:
        """Subjects named in norm[lo:hi], the words before a trigger; and whether 合计 follows."""
        lo = max(lo, hi - _REACH)  # names stand close to their trigger
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.norm, lo, hi)]
        cut = breaks[-1] if breaks else lo
        named = self._named_in(cut, hi)
        if named and named[-1].name in _ACTORS:  # 电子行业主力资金净流出: the sector is the subject
            named = (
                self._named_in(cut, named[-1].start) or self._open_in(cut, named[-1].start) or named
            )
        named = named or self._open_in(cut, hi)
        if not named and breaks and not _ANAPHORA.search(self.norm, cut, hi):
            # 中兴通讯和中芯国际分列二、三位，净买入额分别为…: the previous whole clause
            prev_cut = breaks[-2] if len(breaks) >= 2 else lo if lo == self.sentence_start else None
            if prev_cut is not None and not self._has_figure(prev_cut, breaks[-1]):
                named = self._open_in(prev_cut, breaks[-1] - 1)
        named = named or self._named_in(lo, hi)
        tail = self.norm[named[-1].end : hi] if named else ""
        return named, bool(_TOTAL.search(tail))

    def _has_figure(self, lo: int, hi: int) -> bool:
        return self.figure_index.overlaps(lo, hi)

    def _paragraph_subject(self, pos: int) -> list[Mention]:
        """The last named market, index or fund earlier in the paragraph: its topic."""
        para_lo = self.norm.rfind("\n", max(0, pos - _PARAGRAPH_REACH), pos) + 1
        for m in reversed(self.mention_index.within(para_lo, pos)):
            if (
                para_lo <= m.start
                and m.end <= pos
                and m.kind in _TOPIC_KINDS
                and m.name not in _ACTORS
                and not m.count_phrase
            ):
                return [m]
        return []

    def _is_period(self, m: Mention) -> bool:
        return self.period_index.overlaps(m.start, m.end)

    def _in_gap(self, subjects: list[Mention], lo: int, hi: int, own: bool) -> list[Mention]:
        """A name between the trigger and its figure is the subject (北向资金净买入贵州茅台5亿元,
        涨跌幅中位数：上证50ETF为-0.82%, 净卖出阿里巴巴-W 14.33亿港元). ``own`` says the
        subjects were named in the trigger's own clause, not carried."""
        named = self._named_in(lo, hi)
        actor = bool(subjects) and subjects[-1].name in _ACTORS
        if named and not (len(named) == 1 and named[0].name in _ACTORS):
            if actor:
                self.actor_targets[subjects[-1].name] = named
            return named
        if actor or not own:
            breaks = [m for m in _CLAUSE_BREAK.finditer(self.norm, lo, hi)]
            found = self._open_in(breaks[-1].end(), hi) if breaks else []
            found = found or self._open_in(lo, breaks[0].start() if breaks else hi)
            if found:
                if actor:
                    self.actor_targets[subjects[-1].name] = found
                return found
        if actor:
            return self.actor_targets.get(subjects[-1].name, subjects)
        return subjects

    def _bracketed(self, q: Quantity, lo: int) -> list[Mention]:
        """证券ETF(4.39亿元), 创业板类较低(64.44%): a bracketed figure is the preceding name's."""
        opening = q.span.start - 1
        while opening > lo and self.norm[opening] in " *":
            opening -= 1
        if (
            opening <= lo
            or self.norm[opening] not in "（("
            or self.norm[q.span.end : q.span.end + 1] not in ("）", ")")
        ):
            return []
        head = _RANK_WORDS.sub("", self.norm[lo:opening])
        hi = lo + len(head)
        named = [m for m in self.mention_index.within(lo, hi) if m.end == hi]
        if named:
            return named[-1:]
        cut = max((m.end() for m in _NAME_BREAK.finditer(self.norm, lo, hi)), default=lo)
        return self._open_in(cut, hi)[-1:]

    # --- figures -------------------------------------------------------------------------

    def _governing(self, first: Quantity, lo: int) -> Trigger | None:
        """The nearest trigger before the figure that takes its unit (rates take level metrics)."""
        uc = unit_class(first.unit)
        for i in range(bisect.bisect_left(self.trigger_starts, first.span.start) - 1, -1, -1):
            t = self.triggers[i]
            if t.start < lo:
                return None
            if self._bracketed_trigger(t):
                continue
            if first.span.start - t.end > _MAX_GAP or self._blocked(t.end, first.span.start):
                return None
            if (
                t.metric.startswith("margin_")
                and t.word in _MARGIN_ONLY
                and not self._margin_near(t)
            ):
                continue
            if uc in t.units:
                return t
            gap = self.norm[t.end : first.span.start]
            if first.unit == "percent" and t.metric in LEVEL_METRICS and _RATE_END.search(gap):
                return t
        return None

    def _blocked(self, lo: int, hi: int) -> bool:
        """A trigger does not reach over another figure or a semicolon."""
        if _HARD_BREAK.search(self.norm, lo, hi):
            return True
        return bool(self.unit_figures.within(lo, hi))

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

    def _clause_start(self, sent: _Sentence, pos: int) -> int:
        """Where the clause holding ``pos`` begins (at most ``_REACH`` characters back)."""
        lo = max(sent.start, pos - _REACH)
        return max((m.end() for m in _CLAUSE_BREAK.finditer(self.norm, lo, pos)), default=lo)

    def _skip(self, chain: list[Quantity], sent: _Sentence) -> bool:
        """Not a fact: a count of funds, a share or weight, a statistic, a forecast."""
        last, first = chain[-1], chain[0]
        after = self.norm[last.span.end : last.span.end + 14]
        before = self.norm[max(sent.start, first.span.start - 12) : first.span.start]
        clause_lo = self._clause_start(sent, first.span.start)
        statistic = _STATISTIC.search(
            self.norm, clause_lo, first.span.start
        ) and not self._named_in(clause_lo, first.span.start)
        return bool(
            _COUNT_AFTER.match(after)
            or _NOT_A_VALUE.search(before)
            or statistic
            or _FORECAST.search(self.norm, clause_lo, first.span.start)
        )

    def read_sentence(self, sent: _Sentence) -> None:
        self.sentence_start = sent.start
        if sent.paragraph != self.paragraph:
            self.article_topic = self.topic or self.article_topic
            self.paragraph, self.topic, self.topic_binding = sent.paragraph, [], None
        figures = [p.item for p in self.unit_figures.within(sent.start, sent.end)]
        last: _Binding | None = None
        lo = sent.start
        for chain in _chains(figures, self.norm):
            binding = None if self._skip(chain, sent) else self._bind(chain, sent, lo, last)
            if binding is not None and any(m.count_phrase for m in binding.subjects):
                binding = None  # 有18只行业主题ETF份额减少逾1亿份: a count of funds
            if binding is not None:
                self._emit(chain, binding, sent)
                last = self.topic_binding = binding
                self.topic = binding.subjects
            lo = chain[-1].span.end
        self._flags(sent, last)

    def _bind(
        self, chain: list[Quantity], sent: _Sentence, lo: int, last: _Binding | None
    ) -> _Binding | None:
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
        carried = last or self.topic_binding
        if carried is not None and unit_class(first.unit) in _units_of(carried.metric):
            bracketed = self._bracketed(first, lo)
            if bracketed:
                return _Binding(carried.metric, bracketed, False, carried.sign)
            if last is None:
                return None
            named, _ = self._subjects_before(lo, first.span.start)
            base = base_metric(last.metric)
            reading = read_gap(base, self.norm[lo : first.span.start], first.unit)
            metric, sign = (
                (reading.metric, reading.sign or 1)
                if reading.metric != base
                else (last.metric, last.sign)
            )
            return _Binding(metric, named or last.subjects, last.group and not named, sign)
        return None

    def _bind_trigger(
        self,
        chain: list[Quantity],
        sent: _Sentence,
        lo: int,
        last: _Binding | None,
        trigger: Trigger,
    ) -> _Binding | None:
        first = chain[0]
        before_figure = trigger.start < first.span.start
        gap = (
            self.norm[min(trigger.end, first.span.start) : first.span.start]
            if before_figure
            else ""
        )
        reading = read_gap(trigger.metric, gap, first.unit)
        head_end = trigger.start if before_figure else first.span.start
        subjects, total = self._subjects_before(lo, head_end)
        if not subjects and last is not None:
            total = total or last.group  # …合计买入38.27亿元，净流入2.21亿元: still the group
        if before_figure:
            own = bool(subjects)
            subjects = self._bracketed(first, lo) or self._in_gap(
                subjects or self._fallback(last), trigger.end, first.span.start, own
            )
        subjects = subjects or self._fallback(last, first.span.start)
        metric = reading.metric
        if metric == "aum_change" and first.unit == "ton":
            metric = "net_flow"  # gold ETFs: holdings changes in tons are flows (spec §3)
        if metric == "net_flow" and "融" not in trigger.word and self._margin_near(trigger):
            metric = "margin_net_buy"
        sign = trigger.sign or reading.sign or 1
        return _Binding(metric, subjects, total, sign) if subjects else None

    def _margin_near(self, trigger: Trigger) -> bool:
        """About 融资/杠杆资金: said in this sentence or the one before, in this paragraph."""
        para_lo = self.norm.rfind("\n", max(0, trigger.start - _PARAGRAPH_REACH), trigger.start) + 1
        lo = max(para_lo, _previous_sentence_start(self.norm, self.sentence_start))
        hi = _SENTENCE_END.search(self.norm, trigger.end, trigger.end + _PARAGRAPH_REACH)
        return is_margin_sentence(self.norm[lo : hi.end() if hi else len(self.norm)])

    def _fallback(self, last: _Binding | None, pos: int = -1) -> list[Mention]:
        if last is not None:
            return last.subjects
        if self.topic:
            return list(self.topic)
        found = self._paragraph_subject(pos) if pos >= 0 else []
        return found or list(self.article_topic)

    def _emit(self, chain: list[Quantity], binding: _Binding, sent: _Sentence) -> None:
        subjects = binding.subjects
        each = bool(_EACH.search(self.norm, subjects[0].start, chain[0].span.start))
        if binding.group and len(subjects) > 1:
            pairs = [(_group(subjects, self.text), q) for q in chain]
        elif binding.group and subjects[0].group_name:  # 上述6只指数ETF合计净流出
            counted = replace(subjects[0], name=subjects[0].group_name, kind="category")
            pairs = [(counted, q) for q in chain]
        elif len(subjects) == len(chain) and (each or len(chain) > 1):
            pairs = list(zip(subjects, chain, strict=True))
        elif len(chain) == 1:
            pairs = [(s, chain[0]) for s in subjects]
        else:
            pairs = [(subjects[-1], q) for q in chain]
        period = self._period(chain[0].span.start, sent)
        periods = self._per_day(chain, period, each and len(subjects) == 1)
        by_figure = {id(q): p for q, p in zip(chain, periods, strict=True)}
        for subject, q in pairs:
            value = -q.value if binding.sign < 0 else q.value
            self.drafts.append(
                Draft(
                    "metric",
                    binding.metric,
                    subject,
                    min(subject.start, q.span.start),
                    q.span.end,
                    f"metric.{binding.metric}",
                    value=value,
                    unit=q.unit,
                    approx=q.approx,
                    period=by_figure[id(q)],
                )
            )

    # --- extremes and streaks ------------------------------------------------------------

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

    def _level_before(self, pos: int, sent: _Sentence) -> str | None:
        for i in range(bisect.bisect_left(self.trigger_starts, pos) - 1, -1, -1):
            t = self.triggers[i]
            if t.start < sent.start:
                return None
            if sent.start <= t.start and t.end <= pos:
                return (
                    t.metric
                    if t.metric
                    in ("margin_balance", "margin_total_balance", "margin_buy", "shares", "aum")
                    else None
                )
        return None

    # --- periods -------------------------------------------------------------------------

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
        """The governing time: the fact's clause, its sentence, its paragraph, the lead."""
        clause_lo = self._clause_start(sent, pos)
        before = [p.item for p in self.governing_index.within(max(0, pos - _PARAGRAPH_REACH), pos)]
        for lo in (clause_lo, sent.start):
            inside = [p for p in before if p.span.start >= lo]
            if inside:
                found: PeriodMention = inside[-1]
                return found
        in_sentence: list[PeriodMention] = [
            p.item for p in self.governing_index.within(sent.start, sent.end)
        ]
        if in_sentence:
            return in_sentence[0]
        return self._paragraph_period(sent, before) or self._lead_period()

    def _paragraph_period(
        self, sent: _Sentence, before: list[PeriodMention]
    ) -> PeriodMention | None:
        para_start = self.norm.rfind("\n", max(0, sent.start - _PARAGRAPH_REACH), sent.start) + 1
        inside = [p for p in before if p.span.start >= para_start]
        return inside[-1] if inside else None

    def _lead_period(self) -> PeriodMention | None:
        """A dateline or opening time (证券时报网讯，3月13日，…) governs the whole article."""
        return self.lead

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


def _previous_sentence_start(norm: str, start: int, back: int = 3) -> int:
    """Where the sentence ``back`` sentences before the one at ``start`` begins."""
    lo = max(0, start - 600)
    ends = [m.end() for m in _SENTENCE_END.finditer(norm, lo, max(0, start - 1))]
    return ends[-back] if len(ends) >= back else lo


def _may_be_subject(name: str) -> bool:
    """An open-class name can be a subject unless it is a time, statistic, comparison or
    metric word (融资余额, 的融资买入额) or a demonstrative (这一数据)."""
    return (
        name not in _NOT_SUBJECT
        and not _NOT_SUBJECT_PATTERN.search(name)
        and not find_triggers(name)
    )


def _units_of(metric: str) -> tuple[str, ...]:
    base = base_metric(metric)
    for entry in lexicon().triggers:
        if entry.metric == base:
            return tuple(entry.units)
    return ()


def _group(subjects: list[Mention], text: str) -> Mention:
    start, end = subjects[0].start, subjects[-1].end
    name = _BRACKETED.sub("", text[start:end])
    return Mention(start, end, name, "category")


def compose(
    text: str,
    norm: str,
    quantities: list[Quantity],
    periods: list[PeriodMention],
    table: SecuritiesTable | None = None,
    fill_codes: bool = False,
) -> tuple[list[Draft], Linker]:
    """All fact drafts of an article, in reading order, and the article's name linker."""
    reader = _Reader(text, norm, quantities, periods)
    reader.linker = Linker(reader.mentions, table, fill_codes)
    for sent in _sentences(norm):
        reader.read_sentence(sent)
    return reader.drafts, reader.linker

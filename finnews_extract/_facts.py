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

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from ._subjects_link import Linker
from .dimensions.extremes import find_extremes
from .dimensions.metrics import (
    Trigger,
    find_triggers,
    is_margin_sentence,
    lexicon,
    read_gap,
    unit_class,
)
from .dimensions.streaks import find_streaks
from .dimensions.subjects import Mention, find_mentions, open_subjects
from .records import PeriodMention, Quantity

__all__ = ["Draft", "compose"]

_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE_BREAK = regex.compile(r"[，,；;：:]")
_LIST_SEP = regex.compile(r"\s?(?:、|和|及|与|以及|，|,)\s?")
_FORECAST = regex.compile(r"预计|预期|有望|或将|将达|预测|目标|料将|可能达到")
_NOT_A_VALUE = regex.compile(r"概率|权重|占比|比重|比例|胜率|仓位")
_COUNT_AFTER = regex.compile(r"^(?:以上)?(?:的[\p{Han}A-Za-z]{0,8})?(?:有|共有|共计|达)?[0-9一二三四五六七八九十]+只")
_TOTAL = regex.compile(r"合计|共计|总计|合共|累计合计|共")
_EACH = regex.compile(r"分别|各自")
_MAX_GAP = 30
_CHANGE_VERB = regex.compile(r"(?:增加|增长|减少|缩水|下降|增|减)了?$")
_ACTORS = frozenset({"北向资金", "南向资金", "主力资金", "杠杆资金", "外资", "融资客", "内资", "险资"})
_NOT_SUBJECT = frozenset({"资金", "规模", "份额", "成交额", "市场", "指数", "基金", "产品", "板块"})


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


@dataclass
class _Binding:
    metric: str
    subjects: list[Mention]
    group: bool = False


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
        if "\n\n" in norm[last_end : m.start()] or (m.start() > 0 and norm[m.start() - 1] == "\n"
                                                    and "\n" in norm[last_end : m.start()]):
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

    def __init__(self, text: str, norm: str, quantities: list[Quantity],
                 periods: list[PeriodMention]) -> None:
        self.text, self.norm = text, norm
        self.quantities = quantities
        self.periods = periods
        self.mentions = find_mentions(norm, text)
        self.triggers = find_triggers(norm)
        self.linker = Linker(self.mentions)
        self.drafts: list[Draft] = []
        self.topic: list[Mention] = []  # the paragraph's running subject
        self.paragraph = -1

    # --- subjects ------------------------------------------------------------------------

    def _named_in(self, start: int, end: int) -> list[Mention]:
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if not inside:
            return []
        group = [inside[-1]]
        for m in reversed(inside[:-1]):
            if _LIST_SEP.fullmatch(self.norm[m.end : group[0].start]):
                group.insert(0, m)
            else:
                break
        return group

    def _subjects_before(self, lo: int, hi: int) -> tuple[list[Mention], bool]:
        """Subjects named in norm[lo:hi], the words before a trigger; and whether 合计 follows."""
        region = self.norm[lo:hi]
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(region)), default=0)
        clause_lo = lo + cut
        named = self._named_in(clause_lo, hi) or []
        if not named:
            named = [m for m in open_subjects(self.text, self.norm, clause_lo, hi)
                     if m.name not in _NOT_SUBJECT and not self._is_period(m)]
        if not named:
            named = self._named_in(lo, hi)
        tail = self.norm[named[-1].end : hi] if named else ""
        return named, bool(_TOTAL.search(tail))

    def _is_period(self, m: Mention) -> bool:
        return any(p.span.start < m.end and m.start < p.span.end for p in self.periods)

    def _target_after_actor(self, subjects: list[Mention], lo: int, hi: int) -> list[Mention]:
        if not subjects or subjects[-1].name not in _ACTORS:
            return subjects
        named = self._named_in(lo, hi)
        if not named:
            named = [m for m in open_subjects(self.text, self.norm, lo, hi)
                     if m.name not in _NOT_SUBJECT]
        return named or subjects

    # --- figures -------------------------------------------------------------------------

    def _governing(self, chain: list[Quantity], lo: int) -> Trigger | None:
        first = chain[0]
        uc = unit_class(first.unit)
        for t in reversed(self.triggers):
            if t.end > first.span.start or t.start < lo:
                continue
            if first.span.start - t.end > _MAX_GAP:
                return None
            if uc in t.units:
                return t
        return None

    def _skip(self, chain: list[Quantity], sent: _Sentence) -> bool:
        last, first = chain[-1], chain[0]
        after = self.norm[last.span.end : last.span.end + 14]
        before = self.norm[max(sent.start, first.span.start - 12) : first.span.start]
        clause_lo = max((m.end() for m in _CLAUSE_BREAK.finditer(self.norm, sent.start,
                                                                  first.span.start)),
                        default=sent.start)
        return bool(_COUNT_AFTER.match(after) or _NOT_A_VALUE.search(before)
                    or _FORECAST.search(self.norm, clause_lo, first.span.start))

    def read_sentence(self, sent: _Sentence) -> None:
        if sent.paragraph != self.paragraph:
            self.paragraph, self.topic = sent.paragraph, []
        figures = [q for q in self.quantities if sent.start <= q.span.start < sent.end
                   and q.unit is not None]
        last: _Binding | None = None
        lo = sent.start
        for chain in _chains(figures, self.norm):
            if self._skip(chain, sent):
                lo = chain[-1].span.end
                continue
            binding = self._bind(chain, sent, lo, last)
            if binding is not None:
                self._emit(chain, binding, sent)
                last = binding
                self.topic = binding.subjects
            lo = chain[-1].span.end
        self._flags(sent, last)

    def _bind(self, chain: list[Quantity], sent: _Sentence, lo: int,
              last: _Binding | None) -> _Binding | None:
        first = chain[0]
        trigger = self._governing(chain, lo)
        if trigger is not None:
            gap = self.norm[trigger.end : first.span.start]
            reading = read_gap(trigger.metric, gap, first.unit)
            metric = reading.metric
            subjects, total = self._subjects_before(lo, trigger.start)
            subjects = self._target_after_actor(subjects or self._fallback(last),
                                                trigger.end, first.span.start)
            if metric == "net_flow" and is_margin_sentence(self.norm[sent.start : sent.end]) \
                    and "融" not in trigger.word and unit_class(first.unit) == "currency":
                metric = "margin_net_buy"
            sign = trigger.sign or reading.sign or 1
            binding = _Binding(metric, subjects, total)
            binding.sign = sign  # type: ignore[attr-defined]
            return binding if subjects else None
        gap = self.norm[max(lo, first.span.start - 6) : first.span.start]
        verb = _CHANGE_VERB.search(gap)
        if verb and first.unit == "share":
            subjects, total = self._subjects_before(lo, first.span.start - len(verb[0]))
            subjects = subjects or self._fallback(last)
            sign = -1 if verb[0][0] in "减缩下" else 1
            binding = _Binding("shares_change", subjects, total)
            binding.sign = sign  # type: ignore[attr-defined]
            return binding if subjects else None
        if last is not None and unit_class(first.unit) in _units_of(last.metric):
            rate = regex.search(r"(?:增速|增长率|增幅|环比|同比)[^，,；;]{0,4}$",
                                self.norm[lo : first.span.start])
            if rate and first.unit == "percent":
                return None
            return last
        if last is not None and first.unit == "percent" and regex.search(
                r"(?:增速|增长率|增幅|环比|同比)[^，,；;]{0,4}$", self.norm[lo : first.span.start]):
            base = last.metric.removesuffix("_change")
            binding = _Binding(f"{base}_change", last.subjects, last.group)
            binding.sign = 1  # type: ignore[attr-defined]
            return binding
        return None

    def _fallback(self, last: _Binding | None) -> list[Mention]:
        if last is not None:
            return last.subjects
        return list(self.topic)

    def _emit(self, chain: list[Quantity], binding: _Binding, sent: _Sentence) -> None:
        subjects = binding.subjects
        sign = getattr(binding, "sign", 1)
        lo, hi = min(s.start for s in subjects), chain[-1].span.end
        each = bool(_EACH.search(self.norm, lo, chain[0].span.start))
        if binding.group and len(subjects) > 1:
            pairs = [(_group(subjects, self.text), q) for q in chain]
        elif len(subjects) == len(chain) and (each or len(chain) > 1):
            pairs = list(zip(subjects, chain, strict=True))
        elif len(chain) == 1:
            pairs = [(s, chain[0]) for s in subjects]
        else:
            pairs = [(subjects[-1], q) for q in chain]
        for subject, q in pairs:
            value = q.value * sign if sign < 0 else q.value
            self.drafts.append(Draft(
                "metric", binding.metric, subject, min(subject.start, q.span.start),
                q.span.end, f"metric.{binding.metric}", value=value, unit=q.unit,
                approx=q.approx, period=self._period(q.span.start, sent),
            ))
        del lo, hi

    # --- extremes and streaks ------------------------------------------------------------

    def _flags(self, sent: _Sentence, last: _Binding | None) -> None:
        segment = self.norm[sent.start : sent.end]
        for e in find_extremes(segment):
            start, end = sent.start + e.start, sent.start + e.end
            subjects, _ = self._subjects_before(sent.start, start)
            subjects = subjects or self._fallback(last)
            for subject in subjects:
                self.drafts.append(Draft("extreme", e.metric or "price", subject, start, end,
                                         "extreme.record", extreme=e.extreme, window=e.window))
        for s in find_streaks(segment):
            start, end = sent.start + s.start, sent.start + s.end
            metric = s.metric or self._level_before(start, sent) or "price_change"
            subjects, _ = self._subjects_before(sent.start, start)
            subjects = subjects or self._fallback(last)
            for subject in subjects:
                self.drafts.append(Draft("streak", metric, subject, start, end, s.rule,
                                         direction=s.direction, count=s.count,
                                         unit_period=s.unit))

    def _level_before(self, pos: int, sent: _Sentence) -> str | None:
        for t in reversed(self.triggers):
            if sent.start <= t.start and t.end <= pos:
                return t.metric if t.metric in ("margin_balance", "margin_total_balance",
                                                "margin_buy", "shares", "aum") else None
        return None

    # --- periods -------------------------------------------------------------------------

    def _period(self, pos: int, sent: _Sentence) -> PeriodMention | None:
        clause_lo = max((m.end() for m in _CLAUSE_BREAK.finditer(self.norm, sent.start, pos)),
                        default=sent.start)
        before = [p for p in self.periods if p.span.end <= pos]
        for lo in (clause_lo, sent.start):
            inside = [p for p in before if p.span.start >= lo]
            if inside:
                return inside[-1]
        in_sentence = [p for p in self.periods if sent.start <= p.span.start < sent.end]
        if in_sentence:
            return in_sentence[0]
        return self._paragraph_period(sent, before)

    def _paragraph_period(self, sent: _Sentence, before: list[PeriodMention]) -> \
            PeriodMention | None:
        para_start = self.norm.rfind("\n", 0, sent.start) + 1
        inside = [p for p in before if p.span.start >= para_start]
        return inside[-1] if inside else None


def _units_of(metric: str) -> tuple[str, ...]:
    base = metric.removesuffix("_change")
    for entry in lexicon().triggers:
        if entry.metric == base:
            return tuple(entry.units)
    return ()


def _group(subjects: list[Mention], text: str) -> Mention:
    start, end = subjects[0].start, subjects[-1].end
    name = regex.sub(r"[（(][^（）()]*[)）]", "", text[start:end])
    return Mention(start, end, name, "category")


def compose(text: str, norm: str, quantities: list[Quantity],
            periods: list[PeriodMention]) -> tuple[list[Draft], Linker]:
    """All fact drafts of an article, in reading order, and the article's name linker."""
    reader = _Reader(text, norm, quantities, periods)
    for sent in _sentences(norm):
        reader.read_sentence(sent)
    return reader.drafts, reader.linker

"""Shared pieces of fact composition: sentence and clause patterns, word lists, the draft
and binding records, and the state every reading step works on (``_ReaderState``).

``reader.py`` tells how an article is read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

import regex

from ..dimensions._raw import RawPeriod as PeriodMention
from ..dimensions._raw import RawQuantity as Quantity
from ..dimensions._rules import Sorted
from ..dimensions.metrics import Trigger, base_metric, has_trigger, lexicon, unit_class
from ..dimensions.subjects import KnownNames, Mention
from ..link.linker import Linker
from ..text.lexicon import load_subject_lexicon

__all__ = ["Draft"]

_SENTENCE = regex.compile(r"(?:[^。！？!?\n*]|\*(?!\s))+[。！？!?]?")
# A bullet (" * ", " - ") or a citation mark ([1]) ends a sentence in scraped summaries too.
_SENTENCE_END = regex.compile(r"[。！？!?\n]|\s\*\s|(?<![0-9])\s-\s(?![0-9])|\[[0-9]{1,2}\]")
_SOFT_END = regex.compile(r"(?:\[[0-9]{1,2}\])+|(?<![0-9])\s-\s(?![0-9])")
_CLAUSE_BREAK = regex.compile(r"[，,；;：:]")
_LIST_SEP = regex.compile(r"\s?(?:、|和|及|与|以及|跟|，|,)\s?")  # 跟: Taiwan's 和
_FORECAST = regex.compile(r"预计|预期|有望|或将|将达|预测|目标|料将|可能达到")
# 近20年，2月平均及中位数涨幅分别为4.3%和3.2%: a statistic about no named subject
_STATISTIC = regex.compile(r"平均|中位数|概率|胜率|历史上")
# 占流通市值2.41%: a share of something is no value of it
_NOT_A_VALUE = regex.compile(r"概率|权重|占比|比重|比例|胜率|仓位|占[^，,；;。0-9]{0,8}$")
_COUNT_AFTER = regex.compile(
    r"^(?:以上)?(?:的[\p{Han}A-Za-z]{0,8})?(?:有|共有|共计|达)?[0-9一二三四五六七八九十]+只"
)
_TOTAL = regex.compile(r"合计|共计|总计|合共|累计合计|共")
_EACH = regex.compile(r"分别|各自|依次")
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
# A name after a preposition is its object, not the clause's subject: 其后随A股回落, 受美股拖累.
_PREPOSITION = regex.compile(r"跟随|随着|随|受到|受|相较于?|相比|较")
_PREPOSITION_BEFORE = regex.compile(rf"(?:{_PREPOSITION.pattern})$")
_TOPIC_KINDS = frozenset({"market", "index", "etf", "category"})
_RATE_END = regex.compile(r"(?:增速|增长率|增幅|降幅|环比|同比)[^，,；;]{0,6}$")
_AFTER_GAP = regex.compile(r"(?:的)?(?:大幅|资金|历史)?")
_RANK_WORDS = regex.compile(r"(?:较低|较高|最高|最低|居前|居后|领先|靠前)$")
_NAME_BREAK = regex.compile(r"[，,；;：:、（()）\s*]")
_CHANGE_VERB = regex.compile(r"(?:增加|增长|减少|缩水|下降|增|减)了?$")
_ACTORS = frozenset(load_subject_lexicon().actors)  # they move money; a target is the subject
_NOT_SUBJECT = frozenset(
    {
        "资金",
        "规模",
        "份额",
        "成交额",
        "市场",
        "指数",
        "行业指数",  # 电子行业…，行业指数上涨2.7%: the sector's index, the running subject
        "板块指数",
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
    r"|(?:端|方面|层面)$"  # a section label (融券端, 资金方面, 个股层面) names no subject
    r"|^[0-9一二两三四五六七八九十]+个?(?:交易日|日|天|周|月|年)"  # 两日累计跌412点: a span of time
    r"|^每"  # 收于每克917.35元: a price's measure
    # 尾盘阶段, 早盘: a time of day
    r"|(?:阶段|时段|期间)$|^(?:早盘|尾盘|午盘|盘中|午后|开盘|收盘|集合竞价)"
)


@dataclass(slots=True)
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


@dataclass(slots=True, unsafe_hash=True)
class _Placed:
    """Something at [start, end) in the text (a quantity or period record), for indexes."""

    start: int
    end: int
    item: Any


@dataclass(slots=True)
class _Binding:
    metric: str
    subjects: list[Mention]
    group: bool = False
    sign: int = 1


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    figures: list[Quantity] = field(default_factory=list)


class _ReaderState:
    """The article-wide lookups every reading step uses (set by ``_Reader.__init__``)."""

    text: str
    norm: str
    quantities: list[Quantity]
    periods: list[PeriodMention]
    mentions: list[Mention]
    known: KnownNames | None  # the stock names to recognize (None: the built-in master's)
    triggers: list[Trigger]
    mention_index: Sorted[Mention]
    trigger_starts: list[int]
    figure_index: Sorted[_Placed]
    unit_figures: Sorted[_Placed]
    period_index: Sorted[_Placed]
    linker: Linker
    drafts: list[Draft]
    topic: list[Mention]
    topic_binding: _Binding | None
    sentence_bindings: list[_Binding]  # the bindings of the sentence being read, in order
    actor_targets: dict[str, list[Mention]]  # 北向资金净买入贵州茅台: the actor's targets
    actor_owners: dict[str, list[Mention]]  # A股主力资金: the market whose money the actor is
    sentence_start: int
    governing: list[PeriodMention]
    governing_index: Sorted[_Placed]
    lead: PeriodMention | None
    article_topic: list[Mention]
    paragraph: int
    clause_ends: list[int]  # where each clause break (，；：) ends, in order
    sentence_ends: list[int]  # where each sentence break (。！？, a line end) ends, in order

    def _breaks(self, lo: int, hi: int) -> list[int]:
        """The ends of the clause breaks lying in norm[lo:hi] (one character each)."""
        ends = self.clause_ends
        return ends[bisect.bisect_right(ends, lo) : bisect.bisect_right(ends, hi)]


def _sentences(norm: str) -> list[_Sentence]:
    out = []
    paragraph = 0
    last_end = 0
    for m in _SENTENCE.finditer(norm):
        if "\n\n" in norm[last_end : m.start()] or (
            m.start() > 0 and norm[m.start() - 1] == "\n" and "\n" in norm[last_end : m.start()]
        ):
            paragraph += 1
        start = m.start()
        for soft in _SOFT_END.finditer(norm, m.start(), m.end()):
            # a citation mark or a bullet ends a sentence of a scraped summary (…50.12亿元[1] -
            # 五粮液…), the mark kept with the sentence it cites
            if soft.start() > start:
                out.append(_Sentence(start, soft.end(), paragraph))
            start = soft.end()
        if m.end() > start:
            out.append(_Sentence(start, m.end(), paragraph))
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


def _previous_sentence_start(ends: list[int], start: int, back: int = 3) -> int:
    """Where the sentence ``back`` sentences before the one at ``start`` begins, given the
    ends of the article's sentence breaks (looking at most 600 characters back)."""
    lo = max(0, start - 600)
    hi = max(0, start - 1)
    first = bisect.bisect_left(ends, lo + 1)
    last = bisect.bisect_right(ends, hi)
    return ends[last - back] if last - first >= back else lo


@lru_cache(maxsize=16384)
def _may_be_subject(name: str) -> bool:
    """An open-class name can be a subject unless it is a time, statistic, comparison or
    metric word (融资余额, 的融资买入额) or a demonstrative (这一数据)."""
    return (
        name not in _NOT_SUBJECT and not _NOT_SUBJECT_PATTERN.search(name) and not has_trigger(name)
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

"""Finding what a fact is about: names before a trigger, in its gap, in brackets, or
carried from the sentence, the paragraph or the article.
"""

from __future__ import annotations

import bisect

import regex

from ..dimensions._raw import RawQuantity as Quantity
from ..dimensions.numbers import parse_int
from ..dimensions.subjects import Mention, open_subjects
from .base import (
    _ACTORS,
    _ANAPHORA,
    _LIST_SEP,
    _NAME_BREAK,
    _PARAGRAPH_REACH,
    _PREPOSITION_BEFORE,
    _RANK_WORDS,
    _REACH,
    _TOPIC_KINDS,
    _TOTAL,
    _Binding,
    _may_be_subject,
    _ReaderState,
)

_NAME_LEAD = regex.compile(r"(?:资金)?(?:最多|最少|居前)?的?(?:行业|板块|个股)?(?:以|为|是|有)")
_TIME_WORD = regex.compile(r"(?:日|末|初|底|期|时|间)$")
# A scope a subject ranks in, whose names are not the subject: 中国飞鹤在沪市港股通标的中涨幅
# 居首, 在同类产品里.
_SCOPE = regex.compile(r"在[^，,。；;]{1,20}?(?:之中|当中|中|里|内)")
# A word referring back to a named security: 该基金, 本基金, 该ETF, 这只ETF, 该股, 该指数.
_REFERRING = regex.compile(
    r"(?:该|本|这只|此)(?:只)?(?P<head>基金|ETF|LOF|产品|股|指数)|(?P<head>同类基金)(?!中)"
)
_REFERRED_KINDS = {
    "同类基金": ("category", "etf"),  # 而在此前一周，同类基金还吸引了6.3亿美元净流入
    "基金": ("etf",),
    "ETF": ("etf",),
    "LOF": ("etf",),
    "产品": ("etf",),
    "股": ("stock",),
    "指数": ("index",),
}
_COUNT_WORD = regex.compile(r"(?P<n>[0-9]{1,2}|[两二三四五六七八九十])只")
_CLOSING = regex.compile(r"[（()）\n。；;]")
_OPENING_BEFORE = regex.compile(r"(?r)[（()）]")


class SubjectReading(_ReaderState):
    """Finding what a fact is about: names before a trigger, in its gap, in brackets, or"""

    def _named_in(self, start: int, end: int) -> list[Mention]:
        """The last named subject in [start, end), with the names listed before it."""
        scopes = (
            [m.span() for m in _SCOPE.finditer(self.norm, start, end)]
            if self.norm.find("在", start, end) >= 0
            else []
        )
        inside = [
            m
            for m in self.mention_index.within(start, end)
            if not any(lo < m.start < hi for lo, hi in scopes)
        ]
        if not inside:
            return []
        group = [self._unglossed(inside[-1])]
        for m in reversed(inside[:-1]):
            if _LIST_SEP.fullmatch(self.norm[m.end : group[0].start]):
                group.insert(0, m)
            else:
                break
        return group

    def _open_in(self, start: int, end: int) -> list[Mention]:
        """Open-class names in norm[start:end] that may be subjects (not times or figures);
        time expressions opening the region are passed over (昨日沪综指 → 沪综指)."""
        start = self._past_periods(start, end)
        return [
            m
            for m in open_subjects(self.text, self.norm, start, end, self.known)
            if _may_be_subject(self.norm[m.start : m.end])
            and not _PREPOSITION_BEFORE.search(self.norm, max(0, m.start - 3), m.start)
            and not self._is_period(m)
            and not self._has_figure(m.start, m.end)
        ]

    def _subjects_before(self, lo: int, hi: int) -> tuple[list[Mention], bool]:
        """Subjects named in norm[lo:hi], the words before a trigger; and whether 合计 follows."""
        start = lo
        lo = max(lo, hi - _REACH)  # names stand close to their trigger
        breaks = self._breaks(lo, hi)
        cut = breaks[-1] if breaks else lo
        named = self._named_in(cut, hi)
        if not named:  # 国联安半导体ETF（基金简称…，交易代码：512480）本周净流入: the long name
            named = self._coded_right_before(start, hi)
        if named and self._actor(named[-1]):  # 电子行业主力资金净流出: the sector is the subject
            actor = named[-1]
            owner = self._named_in(cut, actor.start) or self._open_in(cut, actor.start)
            if owner and all(m.kind == "market" for m in owner):
                self.actor_owners[actor.name] = owner  # A股主力资金: later 主力资金 is A股's
            named = owner or self.actor_owners.get(actor.name) or named
        # time words read where a name stands (期末, 交游日) name nothing: the clause before may
        named = named or self._entities(self._open_in(cut, hi)) or self._referent(cut, hi)
        if not named and breaks and not _ANAPHORA.search(self.norm, cut, hi):
            # 中兴通讯和中芯国际分列二、三位，净买入额分别为…: the previous whole clause
            prev_cut = breaks[-2] if len(breaks) >= 2 else lo if lo == self.sentence_start else None
            if prev_cut is not None and not self._has_figure(prev_cut, breaks[-1]):
                # 中国电信、中国联通紧随其后，净流入资金分别为…: the listed names, else open ones
                listed = self._named_in(prev_cut, breaks[-1] - 1)
                opened = self._open_in(prev_cut, breaks[-1] - 1)
                named = listed if len(listed) >= len(opened) else opened
        named = named or self._named_in(lo, hi)
        tail = self.norm[named[-1].end : hi] if named else ""
        return named, bool(_TOTAL.search(tail))

    @staticmethod
    def _entities(mentions: list[Mention]) -> list[Mention]:
        """The names unless all are time words read where a name stands (期末, 交游日): those
        name nothing, so the clause before may; an unknown name (海关信息) keeps the figure."""
        timely = all(not m.entity and _TIME_WORD.search(m.name) for m in mentions)
        return [] if mentions and timely else mentions

    def _referent(self, lo: int, hi: int) -> list[Mention]:
        """该基金报收1.763元, 本基金收盘价为1.381元, 该股融资余额…: a word referring back names
        the last fund (stock, index) named before it within the paragraph reach."""
        word = _REFERRING.search(self.norm, lo, hi)
        if word is None:
            return []
        kinds = _REFERRED_KINDS[word["head"]]
        for m in reversed(
            self.mention_index.within(max(0, word.start() - _PARAGRAPH_REACH), word.start())
        ):
            if m.kind in kinds and m.entity and not self._actor(m) and not m.count_phrase:
                return [m]
        return []

    def _counted_referents(self, m: Mention, n: int) -> list[Mention]:
        """两只ETF换手率分别达到a、b: a count of funds refers back to the last ``n`` funds or
        stocks named in its paragraph when it counts exactly ``n``."""
        count = _COUNT_WORD.match(self.norm, m.start)
        if count is None or parse_int(count["n"]) != n:
            return []
        para = self.norm.rfind("\n", 0, m.start) + 1
        found: list[Mention] = []
        for prior in reversed(self.mention_index.within(para, m.start)):
            if prior.kind in ("etf", "stock") and prior.name not in {f.name for f in found}:
                found.insert(0, prior)
                if len(found) == n:
                    return found
        return []

    def _sentence_opening(self, pos: int) -> list[Mention]:
        """The name a sentence opens with, when a figure's own clause names nothing and no
        fact came before it in the sentence (贵州茅台成交3.41万手，成交额50.12亿元)."""
        if pos < 0:
            return []
        first = self.mention_index.first_within(self.sentence_start, pos)
        if first is None or self._actor(first) or first.count_phrase:
            return []
        lead = self.norm[self.sentence_start : first.start]
        return [first] if not lead.strip(" -*\t") else []

    def _actor(self, m: Mention) -> bool:
        """An actor (北向资金, 大单…), written in simplified or traditional characters."""
        return self.norm[m.start : m.start + len(m.name)] in _ACTORS or m.name in _ACTORS

    def _unglossed(self, m: Mention) -> Mention:
        """A name in brackets right after another name glosses it (全球黄金ETF（交易所买卖
        基金）): the subject is the name before the brackets."""
        if (
            m.start < 1
            or self.norm[m.start - 1] not in "（("
            or self.norm[m.end : m.end + 1]
            not in (
                "）",
                ")",
            )
        ):
            return m
        before = self.mention_index.last_within(max(0, m.start - 40), m.start - 1)
        return before if before is not None and before.end == m.start - 1 else m

    def _coded_right_before(self, lo: int, hi: int) -> list[Mention]:
        """A name with its bracketed code that ends right before ``hi`` (only a time word
        between), however long its brackets: the clause breaks inside them cut nothing."""
        m = self.mention_index.last_within(max(lo, hi - 80), hi)
        if m is None or not m.code or self.norm[m.end - 1] not in "）)":
            return []
        return [m] if not self.norm[self._past_periods(m.end, hi) : hi].strip() else []

    def _past_periods(self, start: int, end: int) -> int:
        """Where norm[start:end] goes on after the time expressions that open it (近一个月来
        included)."""
        for placed in self.period_index.within(start, end):
            if placed.start > start:
                break
            start = placed.end + (self.norm[placed.end : placed.end + 1] == "来")
        return start

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
                and not self._actor(m)
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
        if len(named) == 1 and self._actor(named[0]):
            # 流出中国市场的主动外资为7.3亿美元: the market before the actor is the target
            end = named[0].start - (self.norm[named[0].start - 1] == "的")
            named = self._named_in(lo, end) or self._open_in(lo, end) or named
        actor = bool(subjects) and self._actor(subjects[-1])
        if named and not (len(named) == 1 and self._actor(named[0])):
            if actor:
                self.actor_targets[subjects[-1].name] = named
            return named
        if actor or not own:
            breaks = self._breaks(lo, hi)
            found = self._open_in(breaks[-1], hi) if breaks else []
            found = found or self._open_in(lo, breaks[0] - 1 if breaks else hi)
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
        if opening <= lo or self.norm[opening] not in "（(" or not self._closes(q.span.end):
            return []
        head = _RANK_WORDS.sub("", self.norm[lo:opening])
        hi = lo + len(head)
        named = [m for m in self.mention_index.within(lo, hi) if m.end == hi]
        if named:
            return named[-1:]
        cut = max((m.end() for m in _NAME_BREAK.finditer(self.norm, lo, hi)), default=lo)
        # 资金净流入以国防军工（21.37亿）: the name begins after the metric word and 以/为
        word = self._trigger_ending_within(cut, hi)
        if word is not None:
            cut = word
            lead = _NAME_LEAD.match(self.norm, cut, hi)
            cut = lead.end() if lead else cut
        return self._open_in(cut, hi)[-1:]

    def _trigger_ending_within(self, lo: int, hi: int) -> int | None:
        """The end of the last metric word that ends in [lo, hi), if any."""
        i = bisect.bisect_left(self.trigger_starts, hi) - 1
        while i >= 0 and self.triggers[i].start >= lo:
            if self.triggers[i].end <= hi:
                return self.triggers[i].end
            i -= 1
        return None

    def _bracket_owner(self, pos: int, lo: int) -> list[Mention]:
        """The name whose brackets hold ``pos`` after a figure of its own (电子（84.02亿元，
        涨0.93%）: 涨 is inside 电子's brackets), or nothing."""
        inside = _OPENING_BEFORE.search(self.norm, max(self.sentence_start, pos - 30), pos)
        if inside is None or inside[0][0] not in "（(":
            return []
        opening = inside.start()
        if not self.figure_index.overlaps(opening + 1, pos):
            return []  # the brackets' first figure is what ties them to the name
        start = max(self.sentence_start, opening - _REACH)
        named = [m for m in self.mention_index.within(start, opening) if m.end == opening]
        if named:
            return named[-1:]
        cut = max((m.end() for m in _NAME_BREAK.finditer(self.norm, start, opening)), default=start)
        return self._open_in(cut, opening)[-1:]

    def _closes(self, pos: int) -> bool:
        """The bracket a figure opens closes right after it, or after more of the name's
        figures (电子（84.02亿元，涨0.93%）): no other bracket opens first, within 30."""
        close = _CLOSING.search(self.norm, pos, pos + 30)
        return close is not None and close[0] in "）)"

    def _fallback(self, last: _Binding | None, pos: int = -1) -> list[Mention]:
        if last is not None:
            return last.subjects
        opening = self._sentence_opening(pos)
        if opening:
            return opening
        if self.topic:
            return list(self.topic)
        found = self._paragraph_subject(pos) if pos >= 0 else []
        return found or list(self.article_topic)

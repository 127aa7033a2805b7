"""Rules as named values, and the overlap policy shared by every dimension.

>>> import regex
>>> r = Rule("quantity.arabic", "quantities", regex.compile("[0-9]+"))
>>> r.name
'quantity.arabic'
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import ahocorasick
import regex

__all__ = ["Located", "Rule", "Sorted", "WordFinder", "alternation", "resolve_overlaps"]


@dataclass(frozen=True)
class Rule:
    """A named pattern of one dimension; its name is the provenance of what it finds."""

    name: str
    dimension: str
    pattern: regex.Pattern[str]
    priority: int = 0


class Located(Protocol):
    """Anything with a half-open [start, end) and a rule priority."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def priority(self) -> int: ...


T = TypeVar("T", bound=Located)


def resolve_overlaps(items: Iterable[T]) -> list[T]:
    """Keep non-overlapping items: the longest wins, then the higher priority, then the leftmost.

    Items are swept left to right in clusters of mutual overlap; the ranking is applied within
    each cluster, so the cost stays near-linear however many candidates a text has.

    >>> from types import SimpleNamespace as S
    >>> kept = resolve_overlaps([S(start=0, end=2, priority=0), S(start=1, end=5, priority=0)])
    >>> [(k.start, k.end) for k in kept]
    [(1, 5)]
    """
    ordered = sorted(items, key=lambda c: (c.start, c.end))
    kept: list[T] = []
    cluster: list[T] = []
    reach = -1
    for item in ordered:
        if cluster and item.start >= reach:
            kept.extend(_rank_cluster(cluster))
            cluster = []
        cluster.append(item)
        reach = max(reach, item.end) if len(cluster) > 1 else item.end
    kept.extend(_rank_cluster(cluster))
    return kept


def _rank_cluster(cluster: list[T]) -> list[T]:
    if len(cluster) == 1:
        return cluster
    ranked = sorted(cluster, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    starts: list[int] = []  # kept items never overlap, so sorting by start sorts the ends too
    kept: list[T] = []
    for item in ranked:
        i = bisect.bisect_right(starts, item.start)
        if i > 0 and kept[i - 1].end > item.start:
            continue
        if i < len(kept) and kept[i].start < item.end:
            continue
        if item.start == item.end and i > 0 and kept[i - 1].start == item.start:
            continue
        starts.insert(i, item.start)
        kept.insert(i, item)
    return kept


def alternation(words: Iterable[str], escape: Callable[[str], str] = regex.escape) -> str:
    """A regex alternation of ``words``, longest first so the longest form wins.

    >>> alternation(["元", "美元", "元人民币"])
    '(?:元人民币|美元|元)'
    """
    ordered: Sequence[str] = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(escape(w) for w in ordered) + ")"


class WordFinder:
    """Finds a fixed list of words the way a longest-first alternation would (at each place the
    longest word, left to right, no overlaps), with one Aho–Corasick automaton over the text's
    UTF-8 bytes: a few hundred words cost what one does, where a regex alternation slows with
    each word it holds.

    >>> WordFinder(["A股", "港股", "港股通"]).find("港股通和A股")
    [(0, 3, '港股通'), (4, 6, 'A股')]
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for word in set(words):
            self._automaton.add_word(word.encode("utf-8").decode("latin-1"), word)
        self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word found, in character offsets."""
        raw = text.encode("utf-8")
        hits = [(end + 1, word) for end, word in self._automaton.iter(raw.decode("latin-1"))]
        if not hits:
            return []
        spans = sorted(
            ((e - len(w), e, w) for e, w in char_offsets(raw, hits)), key=lambda h: (h[0], -h[1])
        )
        out: list[tuple[int, int, str]] = []
        for start, end, word in spans:
            if not out or start >= out[-1][1]:
                out.append((start, end, word))
        return out


def char_offsets(raw: bytes, ends: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Byte offsets of match ends (in order of end) as character offsets, decoding each
    stretch of ``raw`` once.

    >>> char_offsets("a宁德时代".encode(), [(13, "宁德时代")])
    [(5, '宁德时代')]
    """
    out = []
    byte_pos = char_pos = 0
    for end, name in ends:
        char_pos += len(raw[byte_pos:end].decode("utf-8"))
        byte_pos = end
        out.append((char_pos, name))
    return out


class Placed(Protocol):
    """Anything with a half-open [start, end)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


P = TypeVar("P", bound=Placed)


class Sorted(Generic[P]):
    """Non-overlapping items sorted by start, queried by position in logarithmic time.

    >>> from types import SimpleNamespace as S
    >>> items = Sorted([S(start=5, end=7, priority=0), S(start=0, end=2, priority=0)])
    >>> [i.start for i in items.within(0, 7)], items.overlaps(1, 3), items.overlaps(2, 5)
    ([0, 5], True, False)
    >>> items.first_within(1, 7).start, items.last_within(0, 6).start, items.last_within(1, 5)
    (5, 0, None)
    """

    def __init__(self, items: Iterable[P]) -> None:
        self.items = sorted(items, key=lambda i: i.start)
        self.starts = [i.start for i in self.items]

    def within(self, lo: int, hi: int) -> list[P]:
        """Items lying inside [lo, hi), in order."""
        first = bisect.bisect_left(self.starts, lo)
        last = bisect.bisect_left(self.starts, hi)
        return [i for i in self.items[first:last] if i.end <= hi]

    def last_within(self, lo: int, hi: int) -> P | None:
        """The last item lying inside [lo, hi) (``within(lo, hi)[-1]``), or None."""
        first = bisect.bisect_left(self.starts, lo)
        for i in range(bisect.bisect_left(self.starts, hi) - 1, first - 1, -1):
            if self.items[i].end <= hi:
                return self.items[i]
        return None

    def first_within(self, lo: int, hi: int) -> P | None:
        """The first item lying inside [lo, hi) (``within(lo, hi)[0]``), or None."""
        for i in range(bisect.bisect_left(self.starts, lo), len(self.items)):
            item = self.items[i]
            if item.start >= hi:
                return None
            if item.end <= hi:
                return item
        return None

    def overlaps(self, lo: int, hi: int) -> bool:
        """True when an item overlaps [lo, hi)."""
        index = bisect.bisect_left(self.starts, hi) - 1
        return index >= 0 and self.items[index].end > lo

    def count_before(self, pos: int) -> int:
        """How many items start before ``pos``."""
        return bisect.bisect_left(self.starts, pos)

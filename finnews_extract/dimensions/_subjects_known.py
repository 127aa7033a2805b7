"""Names the subjects dimension knows from the securities master: stocks and sectors.

Stock names are found in the text by one Aho–Corasick automaton (pyahocorasick), built once
per process from the master's rows: a scan costs the same for 8,000 names as for 8, where a
regex alternation of them would crawl. The automaton runs over the text's UTF-8 bytes (each
byte one character of a latin-1 string): a node then has at most 256 children instead of the
thousands of first characters of the names, which makes the scan 8x faster (90 MB/s against
11); UTF-8 being self-synchronizing, a name's bytes match only on character boundaries. A name
found must begin and end on jieba word boundaries, so 中国平安 is not read inside 中国平安银行卡.

Not every listed name is a stock on its own: a name that is also an industry, a concept board
or an index (机器人, 太阳能), or an everyday word (老百姓, 太平洋, ``lexicons/subjects.yaml``
``common_word_stocks``) is a stock only with its code.

>>> names = known_names()
>>> names.is_stock("宁德时代"), names.is_stock("最新均价"), names.is_stock("机器人")
(True, False, False)
>>> names.is_sector("人形机器人"), names.is_sector("白酒")
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick
import regex

from ..text.lexicon import load_subject_lexicon
from ..text.master import MasterRow, load_master
from ._rules import char_offsets

__all__ = ["LISTING_SUFFIX", "KnownNames", "build_known", "issuers", "known_names", "stock_forms"]

# Shenwan marks same-named levels with Ⅱ/Ⅲ (白酒Ⅱ, 白酒Ⅲ); the news writes 白酒.
_LEVEL_MARK = regex.compile("[ⅠⅡⅢ]+$")
# A listing's suffix: 寒武纪-U, 美团-W, 京东集团-SW, 网易-S (its form alone marks a stock).
LISTING_SUFFIX = regex.compile(r"-(?:U|W|UW|WD|SW|S|B)$")
_ST = regex.compile(r"^\*(?=ST)")


@dataclass(frozen=True, eq=False)
class KnownNames:
    """Stock names (with the automaton that finds them) and sector names; equal and hashed
    by identity (a cache key), as each is built once per table."""

    stocks: frozenset[str]
    sectors: frozenset[str]
    automaton: ahocorasick.Automaton
    funds: frozenset[str] = frozenset()  # LOFs as the news writes them: 华宝油气 (华宝油气LOF)

    def is_stock(self, name: str) -> bool:
        """A name the master lists for a stock and that is no other thing's name."""
        return name in self.stocks

    def is_sector(self, name: str) -> bool:
        """An industry (Shenwan, CSRC) or concept board name."""
        return name in self.sectors

    def find(self, norm: str) -> list[tuple[int, int]]:
        """[start, end) of every stock name in ``norm``: the longest of names inside each
        other (美团-W, not 美团), and none of two that cross (中国平安 and 平安银行 in
        中国平安银行卡: the text can be cut either way, so it names neither).

        >>> [(s, e) for s, e in known_names().find("用中国平安银行卡，美团-W")]
        [(9, 13)]
        """
        raw = norm.encode("utf-8")
        ends = [(end + 1, name) for end, name in self.automaton.iter(raw.decode("latin-1"))]
        if not ends:
            return []
        found = [(e - len(name), e) for e, name in char_offsets(raw, ends)]
        if len(found) < 2:
            return found
        found.sort(key=lambda span: (span[0], -span[1]))
        crossed: set[tuple[int, int]] = set()
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                if b[0] >= a[1]:
                    break  # sorted by start: no later name reaches into a
                if b[1] > a[1]:
                    crossed.update((a, b))
        out: list[tuple[int, int]] = []
        for start, end in found:
            if (start, end) in crossed or (out and start < out[-1][1]):
                continue
            out.append((start, end))
        return out


def stock_forms(name: str) -> set[str]:
    """A listed stock name and the forms the news writes it in (寒武纪-U → 寒武纪, *ST → ST).

    >>> sorted(stock_forms("寒武纪-U"))
    ['寒武纪', '寒武纪-U']
    """
    return {name, _ST.sub("", name), LISTING_SUFFIX.sub("", name)}


@cache
def known_names() -> KnownNames:
    """The built-in master's names, built once per process."""
    return build_known(load_master().rows)


def build_known(rows: Iterable[MasterRow]) -> KnownNames:
    """The names of a table's rows (the master's, or a user's table added to it)."""
    rows = tuple(rows)
    other = {r.name for r in rows if r.kind in ("index", "industry", "concept")}
    sectors = {_LEVEL_MARK.sub("", r.name) for r in rows if r.kind in ("industry", "concept")}
    lex = load_subject_lexicon()
    taken = {
        *other,
        *sectors,
        *lex.sectors,
        *lex.indices,
        *lex.markets,
        *lex.actors,
        *lex.managers,
        *lex.common_word_stocks,
    }
    stocks = {
        form
        for r in rows
        if r.kind == "stock"
        for name in (r.name, *r.aliases)
        for form in stock_forms(name)
        if len(form) >= 2 and form not in taken
    }
    funds = _lof_short_names(rows, taken | stocks)
    automaton = ahocorasick.Automaton()
    for name in sorted(stocks | funds):
        automaton.add_word(name.encode("utf-8").decode("latin-1"), name)
    automaton.make_automaton()
    return KnownNames(frozenset(stocks), frozenset(sectors), automaton, frozenset(funds))


def _lof_short_names(rows: tuple[MasterRow, ...], taken: set[str]) -> set[str]:
    """LOF names without their LOF that begin with the issuer (华宝油气LOF → 华宝油气, 南方原油):
    the news drops the suffix; a form without the issuer (房地产, 沪深300) names other things.

    >>> row = MasterRow("lof", "162411", "华宝油气LOF", "SZ", (), "华宝基金", "", "")
    >>> sorted(_lof_short_names((row,), set()))
    ['华宝油气']
    """
    prefixes = issuers()
    forms = {
        name.removesuffix("LOF")
        for r in rows
        if r.kind == "lof"
        for name in (r.name, *r.aliases)
        if name.endswith("LOF")
    }
    return {f for f in forms if len(f) >= 4 and f not in taken and f.startswith(prefixes)}


_ISSUER_TAG = regex.compile(r"(?:ETF|LOF)(?P<tag>[\u4e00-\u9fff]{2,4})$")


@cache
def issuers() -> tuple[str, ...]:
    """The names fund issuers go by in fund names: the lexicon's managers, the master's
    managers without 基金 (华泰柏瑞), and the tags after ETF in the master's fund names that
    begin a manager's name (科创债ETF工银: 工银, of 工银瑞信; 景顺 of 景顺长城).

    >>> {"华夏", "工银", "景顺"} <= set(issuers()), "龙头" in issuers()
    (True, False)
    """
    rows = load_master().rows
    managers = {r.manager.removesuffix("基金") for r in rows if r.manager}
    managers |= set(load_subject_lexicon().managers)
    tags = {
        m["tag"]
        for r in rows
        if r.kind in ("etf", "lof")
        for name in (r.name, *r.aliases)
        if (m := _ISSUER_TAG.search(name))
    }
    prefixes = {t for t in tags if any(m.startswith(t) for m in managers)}
    return tuple(sorted(managers | prefixes))

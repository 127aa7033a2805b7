"""Linking names in an article: a bare 科创50ETF takes the code of 华夏上证科创板50ETF（588000）.

Names are compared in a canonical form (issuer prefixes, 上证/中证/板/指数/基金 and the
ETF head removed, a letter O between digits read as 0), first exactly, then with rapidfuzz
for small variants; names whose digits differ never link (半导体ETF ≠ 半导体设备ETF by the
canonical form, 中证500 ≠ 中证1000 by digits).

>>> from finnews_extract.dimensions.subjects import find_mentions
>>> text = "科创50ETF净流出，华夏上证科创板50ETF（588000.SH）"
>>> Linker(find_mentions(text, text)).code_of("科创5OETF")
'588000'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import regex
from rapidfuzz import fuzz

from ..dimensions._rules import alternation
from ..dimensions.subjects import Mention, issuers

__all__ = ["Linker", "canonical", "issuer_of"]

_FILLER = regex.compile(r"上证|中证|深证|国证|板|指数|基金|ETF|联接|[（）()\s\-]")
_ALIAS = regex.compile(r"(?:场内|基金)?简称[:：]?[“\"「『]?(?P<alias>[\p{Han}A-Za-z0-9]{2,16}ETF)")
_FUZZY_MIN = 90
_LETTER_O = regex.compile(r"(?<=[0-9])[Oo]")  # 科创5OETF: a letter O typed for a zero
_NUMBER = regex.compile(r"[0-9]+")


@cache
def _issuers() -> regex.Pattern[str]:
    """A fund manager's name at the start or the end of a fund name."""
    managers = alternation(issuers())
    return regex.compile(f"^{managers}|{managers}$")


@lru_cache(maxsize=16384)
def canonical(name: str) -> str:
    """The form names are compared in.

    >>> canonical("华夏上证科创板50ETF"), canonical("科创5OETF"), canonical("沪深300ETF华泰柏瑞")
    ('科创50', '科创50', '沪深300')
    """
    name = _LETTER_O.sub("0", name)
    name = _issuers().sub("", name)
    return str(_FILLER.sub("", name).upper())


def _is_fund_code(code: str) -> bool:
    """Fund codes: SH 5xxxxx, SZ 15/16xxxx, OF-suffixed, Hong Kong 5-digit, US tickers; an
    index code (000688, 931790) or a stock code never names an ETF.

    >>> _is_fund_code("588000"), _is_fund_code("000688"), _is_fund_code("02800")
    (True, False, True)
    """
    if not code.isdigit():
        return True
    return len(code) == 5 or code[0] == "5" or code[:2] in ("15", "16")


@lru_cache(maxsize=16384)
def issuer_of(name: str) -> str | None:
    """The fund manager a fund's name starts or ends with (华夏 in 华夏科创50ETF), or None."""
    found = _issuers().search(name)
    return found[0] if found else None


# What a subject kind may be in a securities table (a category named like a fund is one).
_TABLE_KINDS = {"etf": "etf", "category": "etf", "stock": "stock", "index": "index"}


def _digits(name: str) -> list[str]:
    return list(_NUMBER.findall(name))


class Linker:
    """The article's coded names, and the code of any other name that refers to one."""

    def __init__(
        self, mentions: Iterable[Mention], table: Any = None, fill_codes: bool = False
    ) -> None:
        self.coded: dict[str, dict[str | None, tuple[str, str | None]]] = {}
        self.table = table  # a SecuritiesTable, or None
        self.fill_codes = fill_codes
        self.article_codes: set[str] = set()
        self.resolved: dict[tuple[str, str | None], tuple[str, str | None] | None] = {}
        self.digits: dict[str, list[str]] = {}
        for m in mentions:
            if m.code and (m.kind == "stock" or _is_fund_code(m.code)):
                self._add(m.name, m.code, m.exchange)
                self.article_codes.add(m.code)

    def _add(self, name: str, code: str, exchange: str | None) -> None:
        self.resolved.clear()
        by_issuer = self.coded.setdefault(canonical(name), {})
        by_issuer.setdefault(issuer_of(name), (code, exchange))

    def add_aliases(self, text: str, mentions: Iterable[Mention]) -> None:
        """简称X inside a coded mention's brackets names the same fund."""
        for m in mentions:
            if m.code:
                alias = _ALIAS.search(text, m.start, m.end)
                if alias:
                    self._add(alias["alias"], m.code, m.exchange)

    def _pick(
        self, by_issuer: dict[str | None, tuple[str, str | None]], issuer: str | None
    ) -> tuple[str, str | None] | None:
        if issuer in by_issuer:
            return by_issuer[issuer]
        codes = set(by_issuer.values())
        if issuer is None and len(codes) == 1:
            return next(iter(codes))
        if issuer is not None and set(by_issuer) == {None}:
            return by_issuer[None]
        return None

    def lookup(self, name: str) -> tuple[str, str | None] | None:
        """(code, exchange) for ``name``, or None. Two issuers' funds never link (博时黄金ETF
        is not 华安黄金ETF); a name without an issuer links when only one fund fits."""
        key = canonical(name)
        return self._lookup(key, issuer_of(name)) if key else None

    def _lookup(self, key: str, issuer: str | None) -> tuple[str, str | None] | None:
        if key in self.coded:
            return self._pick(self.coded[key], issuer)
        best, best_score = None, 0.0
        digits = _digits(key)
        for other, by_issuer in self.coded.items():
            if self.digits.setdefault(other, _digits(other)) != digits:
                continue
            score = fuzz.ratio(key, other)
            if score >= _FUZZY_MIN and score > best_score:
                best, best_score = self._pick(by_issuer, issuer), score
        return best

    def resolve(self, name: str, kind: str | None = None) -> tuple[str, str | None] | None:
        """Like :meth:`lookup`, then the securities table: its code is used when the article
        gives that code for another of the fund's names, or when ``fill_codes`` is set.
        ``kind``, the subject's kind, narrows the table to what it can be (a name that is a
        stock and an index is the stock for a stock subject)."""
        key = (name, kind)
        if key in self.resolved:
            return self.resolved[key]
        found = self.lookup(name)
        if found is None and self.table is not None and (self.fill_codes or self.article_codes):
            row = self.table.lookup(name, kind=_TABLE_KINDS.get(kind or ""))
            if row is not None and row.code and (self.fill_codes or row.code in self.article_codes):
                found = row.code, row.exchange if row.exchange != "HK" else None
        self.resolved[key] = found
        return found

    def code_of(self, name: str, kind: str | None = None) -> str | None:
        """The code ``name`` (a subject of ``kind``) links to, or None."""
        found = self.resolve(name, kind)
        return found[0] if found else None

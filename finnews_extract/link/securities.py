"""Securities tables: the whole market built in (stocks, ETFs, LOFs, indices, industries,
concepts), a user's CSV added on top.

A table lets the extractor know that a name is a security and that two names are one fund
(科创50ETF and 华夏上证科创板50ETF are 588000). Codes go into facts only when the article itself
gives one (spec §4), unless ``fill_codes=True`` is asked of the Extractor.

A name resolves in tiers, and the first tier that knows it decides: the exchange short names,
then the other names the sources list (former names, 扩位简称, full names), then the forms
derived from them (:func:`derived_names`), then, for funds, the canonical form with the issuer
(华夏 vs 易方达). A tier that knows a name for two securities answers None: a short name several
funds share (卫星ETF) resolves only with a code or a manager in the article, never by guess.

The CSV has the columns ``code,name,aliases,exchange,kind`` (and optionally ``manager``);
aliases are separated by ``|``; ``exchange`` is SH, SZ, BJ, HK or empty; ``kind`` is etf, lof,
stock, index, industry or concept (default etf). A user row replaces a built-in row with the
same kind and code.

>>> table = SecuritiesTable.builtin()
>>> table.lookup("科创50ETF").code, table.lookup("华夏上证科创板50ETF").code
('588000', '588000')
>>> table.lookup("华泰柏瑞沪深300ETF").code, table.lookup("沪深300ETF") is None
('510300', True)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..dimensions.subjects import stock_forms
from ..errors import InputError
from ..text.lexicon import split_aliases
from ..text.master import MasterRow, load_master
from ..text.normalize import normalize
from .linker import canonical, issuer_of

__all__ = ["KIND_GROUPS", "SecuritiesTable", "Security", "derived_names"]

Kind = Literal["etf", "lof", "stock", "index", "industry", "concept"]
# What a subject kind (records.EntityKind) may be in the table.
KIND_GROUPS: dict[str, frozenset[str]] = {
    "etf": frozenset({"etf", "lof"}),
    "stock": frozenset({"stock"}),
    "index": frozenset({"index"}),
    "sector": frozenset({"industry", "concept"}),
}
# 600519, 00700, SPY, BK0490 (a concept board), H11001 (a CSI index), A (a CSRC door)
_CODE = regex.compile(r"[0-9]{5,6}|[A-Z]{1,6}|BK[0-9]{4}|[A-Z][0-9]{5}")


class Security(BaseModel):
    """One row of a securities table."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str | None
    name: str
    aliases: tuple[str, ...] = ()
    exchange: Literal["SH", "SZ", "BJ", "HK"] | None = None
    kind: Kind = "etf"
    manager: str | None = None

    @field_validator("code")
    @classmethod
    def _code_form(cls, value: str | None) -> str | None:
        if value is not None and not _CODE.fullmatch(value):
            raise ValueError(f"code {value!r} is not a 5/6-digit code, a ticker or a board code")
        return value

    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


# Fund full names end in the legal form; the news writes ETF for it.
_LEGAL_FORM = regex.compile(r"交易型开放式指数证券投资基金$|上市开放式基金$|证券投资基金$")
_CONSTITUENTS = regex.compile("成[份分]")


def derived_names(security: Security | MasterRow) -> tuple[str, ...]:
    """Forms the news uses that the lists lack, derived from the listed ones.

    Funds: the issuer moved to the front or the back of the short name (沪深300ETF华泰柏瑞 ↔
    华泰柏瑞沪深300ETF, 科创50ETF → 华夏科创50ETF, 科创50ETF华夏), the name without its issuer
    (沪深300ETF, shared by many funds, so it resolves to none), and the full name with ETF for
    its legal form, with and without 成份. Stocks: without the listing suffix (寒武纪-U →
    寒武纪, 美团-W → 美团) and *ST as ST.

    >>> fund = Security(code="510300", name="沪深300ETF华泰柏瑞", manager="华泰柏瑞基金")
    >>> derived_names(fund)
    ('华泰柏瑞沪深300ETF', '沪深300ETF')
    >>> derived_names(Security(code="688256", name="寒武纪-U", kind="stock"))
    ('寒武纪',)
    """
    out: list[str] = []
    listed = (security.name, *security.aliases)
    if security.kind in ("etf", "lof"):
        for name in listed:
            legal = _LEGAL_FORM.search(name)
            if legal:
                short = name[: legal.start()] + ("LOF" if security.kind == "lof" else "ETF")
                out += [short, _CONSTITUENTS.sub("", short)]
        if security.kind == "lof":  # 华宝油气LOF → 华宝油气: the news drops the suffix
            out += [n.removesuffix("LOF") for n in listed if n.endswith("LOF")]
        issuer = _manager_short(security.manager) or issuer_of(security.name)
        if issuer:
            for name in (security.name, *out):
                base = _without_issuer(name, issuer)
                out += [issuer + base, base + issuer, base]
    elif security.kind == "stock":
        for name in listed:
            out += sorted(stock_forms(name))
    own = set(listed)
    return tuple(dict.fromkeys(n for n in out if n and n not in own and len(n) >= 2))


def _manager_short(manager: str | None) -> str | None:
    """华泰柏瑞基金 → 华泰柏瑞; the issuer as fund names carry it."""
    if not manager:
        return None
    return manager.removesuffix("基金") or None


def _without_issuer(name: str, issuer: str) -> str:
    if name.startswith(issuer):
        return name[len(issuer) :]
    if name.endswith(issuer):
        return name[: -len(issuer)]
    return name


class SecuritiesTable:
    """Securities by name, in tiers (see the module docstring); immutable once built."""

    def __init__(self, rows: Iterable[Security] = ()) -> None:
        self._rows: tuple[Security, ...] | None = tuple(rows)

    @property
    def rows(self) -> tuple[Security, ...]:
        """Every row, a user's rows after the built-in ones they replace."""
        if self._rows is None:
            self._rows = tuple(_security(e) for e in self._entries)
        return self._rows

    @cached_property
    def _entries(self) -> tuple[MasterRow, ...]:
        """The rows as plain tuples, which the name tiers are built from."""
        return tuple(_entry(r) for r in self.rows)

    @classmethod
    def from_rows(cls, rows: Iterable[Security]) -> SecuritiesTable:
        """A table from already-built rows."""
        return cls(rows)

    @classmethod
    def from_csv(cls, source: str | Path | io.TextIOBase) -> SecuritiesTable:
        """Read a CSV (path or open text file); a bad row raises InputError naming its line."""
        if isinstance(source, (str, Path)):
            with open(source, encoding="utf-8-sig", newline="") as fh:
                return cls._read(fh, str(source))
        return cls._read(source, "<stream>")

    @classmethod
    def _read(cls, fh: Iterable[str], where: str) -> SecuritiesTable:
        rows = []
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            try:
                fields = {
                    "code": (raw.get("code") or "").strip() or None,
                    "name": (raw.get("name") or "").strip(),
                    "aliases": split_aliases(raw.get("aliases")),
                    "exchange": (raw.get("exchange") or "").strip() or None,
                    "kind": (raw.get("kind") or "etf").strip() or "etf",
                    "manager": (raw.get("manager") or "").strip() or None,
                }
                rows.append(Security.model_validate(fields))
            except ValidationError as exc:
                raise InputError(f"securities table {where}, line {line}: {exc}") from exc
        return cls(rows)

    @classmethod
    @cache
    def builtin(cls) -> SecuritiesTable:
        """The built-in master: every A-share stock, ETF, LOF and index, Shenwan and CSRC
        industries, concept boards and the Hong Kong stocks the news names. Its rows are read
        on first use; ``finnews-extract securities info`` tells how fresh they are."""
        return _Builtin()

    def __add__(self, other: SecuritiesTable) -> SecuritiesTable:
        replaced = {(e.kind, e.code) for e in other._entries if e.code}
        kept = [e for e in self._entries if not e.code or (e.kind, e.code) not in replaced]
        return _from_entries((*kept, *other._entries))

    def __len__(self) -> int:
        return len(self._entries)

    @cached_property
    def _tiers(self) -> tuple[dict[str, tuple[int, ...]], ...]:
        return _tiers(self._entries)

    def lookup(self, name: str, kind: str | None = None) -> Security | None:
        """The security ``name`` refers to, or None when unknown or ambiguous. ``kind`` (a
        subject kind: etf, stock, index, sector) keeps only the rows that kind can be."""
        memo = self._lookups
        key = (name, kind)
        if key not in memo:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()  # names recur across articles; a bound keeps memory flat
            found = self._find(name, KIND_GROUPS.get(kind) if kind else None)
            memo[key] = None if found is None else self._security(found)
        return memo[key]

    @cached_property
    def _lookups(self) -> dict[tuple[str, str | None], Security | None]:
        """The answers given so far (the table is immutable, so they stay right)."""
        return {}

    def candidates(self, name: str, kind: str | None = None) -> tuple[Security, ...]:
        """Every row ``name`` could mean: those of the first tier that knows it, one per kind
        and code. :meth:`lookup` answers the row when there is exactly one, else None.

        >>> table = SecuritiesTable.builtin()
        >>> sorted(s.code for s in table.candidates("卫星ETF"))
        ['159206', '563230']
        >>> [s.code for s in table.candidates("贵州茅台")], table.candidates("不存在的名字")
        (['600519'], ())
        """
        rows = self._candidates(name, KIND_GROUPS.get(kind) if kind else None)
        entries = self._entries
        last = {(entries[i].kind, entries[i].code): i for i in rows}
        return tuple(self._security(i) for i in last.values())

    def _find(self, name: str, allowed: frozenset[str] | None) -> int | None:
        rows = self._candidates(name, allowed)
        codes = {(self._entries[i].kind, self._entries[i].code) for i in rows}
        return rows[-1] if len(codes) == 1 else None

    def _candidates(self, name: str, allowed: frozenset[str] | None) -> list[int]:
        """The rows of the first tier that knows ``name`` (see :meth:`_narrow`)."""
        keys = dict.fromkeys((name, normalize(name)))
        exact, listed, derived, canonical_ = self._tiers
        for tier in (exact, listed, derived):
            rows = self._narrow([i for key in keys for i in tier.get(key, ())], allowed)
            if rows:
                return rows
        if allowed is not None and not allowed & KIND_GROUPS["etf"]:
            return []
        candidates = [
            i
            for key in keys
            for i in canonical_.get(canonical(key), ())
            if _issuer_matches(self._entries[i], issuer_of(key))
        ]
        return self._narrow(candidates, allowed)

    def _narrow(self, indexes: list[int], allowed: frozenset[str] | None) -> list[int]:
        """The rows a tier knows, of an allowed kind: an A-share over a Hong Kong listing of
        the same name. One kind and code decides; two or more are ambiguous; none: unknown
        (ask the next tier)."""
        entries = self._entries
        rows = [i for i in dict.fromkeys(indexes) if allowed is None or entries[i].kind in allowed]
        if len(rows) > 1:
            rows = [i for i in rows if entries[i].exchange != "HK"] or rows
        return rows

    def _security(self, index: int) -> Security:
        if self._rows is not None:
            return self._rows[index]
        return _security(self._entries[index])

    @property
    def master_rows(self) -> tuple[MasterRow, ...]:
        """The rows as the plain tuples of the master file (what name finders are built from)."""
        return self._entries

    def all_names(self) -> list[str]:
        """Every name and alias in the table."""
        return [n for e in self._entries for n in (e.name, *e.aliases)]


_MEMO_SIZE = 65536


class _Builtin(SecuritiesTable):
    """The built-in master, read from the package (or the refreshed cache) on first use."""

    def __init__(self) -> None:
        self._rows = None

    @cached_property
    def _entries(self) -> tuple[MasterRow, ...]:
        return load_master().rows


def _from_entries(entries: tuple[MasterRow, ...]) -> SecuritiesTable:
    table = SecuritiesTable(())
    table._rows = None
    table.__dict__["_entries"] = entries
    return table


def _entry(row: Security) -> MasterRow:
    return MasterRow(
        row.kind,
        row.code or "",
        row.name,
        row.exchange or "",
        row.aliases,
        row.manager or "",
        "",
        "",
    )


def _issuer_matches(row: MasterRow, issuer: str | None) -> bool:
    """A name without an issuer fits any fund; one with an issuer, only that issuer's."""
    return issuer is None or issuer in (_manager_short(row.manager), issuer_of(row.name))


def _tiers(entries: tuple[MasterRow, ...]) -> tuple[dict[str, tuple[int, ...]], ...]:
    """name → row numbers: the listed names, the other listed names, the derived forms, and
    (funds only) the canonical forms."""
    tiers: tuple[dict[str, list[int]], ...] = ({}, {}, {}, {})
    exact, listed, derived, canonical_ = tiers
    for i, row in enumerate(entries):
        exact.setdefault(row.name, []).append(i)
        for alias in row.aliases:
            listed.setdefault(alias, []).append(i)
        forms = derived_names(row)
        for form in forms:
            derived.setdefault(form, []).append(i)
        if row.kind in ("etf", "lof"):
            for form in {canonical(n) for n in (row.name, *row.aliases, *forms)}:
                if form:
                    canonical_.setdefault(form, []).append(i)
    return tuple({k: tuple(v) for k, v in tier.items()} for tier in tiers)


def _security(row: MasterRow) -> Security:
    """A master row as a Security (the master is validated when it is read)."""
    return Security.model_construct(
        code=row.code or None,
        name=row.name,
        aliases=row.aliases,
        exchange=row.exchange or None,
        kind=row.kind,
        manager=row.manager or None,
    )

"""Securities tables: known funds and stocks with their codes, built in or the user's own.

A table lets the extractor recognize a fund by any of its names and know that two names are
one fund (科创50ETF and 华夏上证科创板50ETF are 588000). Codes go into facts only when the
article itself gives one (spec §4), unless ``fill_codes=True`` is asked of the Extractor.

The CSV has the columns ``code,name,aliases,exchange,kind``; aliases are separated by ``|``;
``exchange`` is SH, SZ, BJ or empty; ``kind`` is etf or stock (default etf).

>>> table = SecuritiesTable.builtin()
>>> table.lookup("科创50ETF").code, table.lookup("华夏上证科创板50ETF").code
('588000', '588000')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import InputError
from ..text.lexicon import split_aliases
from .linker import canonical

__all__ = ["SecuritiesTable", "Security"]


class Security(BaseModel):
    """One row of a securities table."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    exchange: Literal["SH", "SZ", "BJ"] | None = None
    kind: Literal["etf", "stock"] = "etf"

    @field_validator("code")
    @classmethod
    def _code_digits(cls, value: str) -> str:
        if not (value.isdigit() and len(value) in (5, 6)) and not value.isalpha():
            raise ValueError(f"code {value!r} is not a 5/6-digit code or a ticker")
        return value

    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class SecuritiesTable:
    """Securities by canonical name; a name two rows share resolves to neither."""

    rows: tuple[Security, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[Security]) -> SecuritiesTable:
        """A table from already-built rows."""
        return cls(tuple(rows))

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
                aliases = split_aliases(raw.get("aliases"))
                fields = {
                    "code": (raw.get("code") or "").strip(),
                    "name": (raw.get("name") or "").strip(),
                    "aliases": aliases,
                    "exchange": (raw.get("exchange") or "").strip() or None,
                    "kind": (raw.get("kind") or "etf").strip() or "etf",
                }
                rows.append(Security.model_validate(fields))
            except ValidationError as exc:
                raise InputError(f"securities table {where}, line {line}: {exc}") from exc
        return cls(tuple(rows))

    @classmethod
    @cache
    def builtin(cls) -> SecuritiesTable:
        """The bundled table of widely traded ETFs (``lexicons/etfs.csv``)."""
        path = resources.files("finnews_extract") / "lexicons" / "etfs.csv"
        with path.open(encoding="utf-8") as fh:
            return cls._read(fh, "lexicons/etfs.csv")

    def __add__(self, other: SecuritiesTable) -> SecuritiesTable:
        return SecuritiesTable(self.rows + other.rows)

    @cached_property
    def _index(self) -> dict[str, Security | None]:
        return _index(self.rows)

    def lookup(self, name: str) -> Security | None:
        """The security a name refers to, or None when unknown or ambiguous."""
        return self._index.get(canonical(name)) or self._index.get("=" + name)

    def all_names(self) -> list[str]:
        """Every name and alias in the table."""
        return [n for row in self.rows for n in row.names()]


def _index(rows: tuple[Security, ...]) -> dict[str, Security | None]:
    index: dict[str, Security | None] = {}
    for row in rows:
        for name in row.names():
            index["=" + name] = row
            key = canonical(name)
            if key in index and index[key] is not None and index[key] != row:
                index[key] = None  # two funds share this short form: never guess
            else:
                index.setdefault(key, row)
    return index

"""Language data files: loaded once from the package, validated with pydantic at load.

Adding a unit, an approximation word or a money word is a change to a YAML file in
``finnews_extract/lexicons/``; a malformed file fails loudly here, naming the file.

>>> sorted(load_quantity_lexicon().units)[:3]
['%', '\\\\%', '人民币']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import FinnewsError

_ApproxCode = Literal["over", "nearly", "about", "under"]
_UnitCode = Literal[
    "CNY", "USD", "HKD", "EUR", "JPY", "GBP", "share", "lot", "percent", "point", "ton"
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuantityLexicon(_Strict):
    """Units, approximation words and money-context words of the quantities dimension."""

    units: dict[str, _UnitCode]
    approx_prefix: dict[str, _ApproxCode]
    approx_suffix: dict[str, _ApproxCode]
    approx_infix: dict[str, _ApproxCode]
    money_words: list[str]

    @field_validator("approx_infix")
    @classmethod
    def _single_chars(cls, value: dict[str, str]) -> dict[str, str]:
        if any(len(k) != 1 for k in value):
            raise ValueError("approx_infix words must be single characters")
        return value


class NormalizeLexicon(_Strict):
    """One-character-to-one-character maps (full-width and traditional forms)."""

    extra: dict[str, str]
    traditional: str

    @field_validator("extra")
    @classmethod
    def _one_to_one(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k, v in value.items() if len(k) != 1 or len(v) != 1]
        if bad:
            raise ValueError(f"maps must be one character to one character: {bad}")
        return value

    @field_validator("traditional")
    @classmethod
    def _pairs(cls, value: str) -> str:
        bad = [p for p in value.split() if len(p) != 2]
        if bad:
            raise ValueError(f"traditional pairs must be two characters each: {bad}")
        return value

    def table(self) -> dict[str, str]:
        """The whole map as ``{from_char: to_char}``."""
        mapping = dict(self.extra)
        mapping.update({p[0]: p[1] for p in self.traditional.split()})
        return mapping


_Words = list[str]


class SubjectLexicon(_Strict):
    """Named subjects (indices, markets, actors, sectors, managers) and the words that shape
    subject phrases (anaphora, category heads, the stops of a name's left edge)."""

    indices: _Words
    markets: _Words
    actors: _Words
    sectors: _Words
    managers: _Words
    anaphora: _Words
    category_heads: _Words
    edge_stops: _Words
    common_word_stocks: _Words
    themes: _Words
    categories: _Words
    commodities: _Words

    @field_validator("*")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        bad = [w for w in value if not isinstance(w, str) or not w.strip()]
        if bad or not value:
            raise ValueError(f"expected a non-empty list of words, got {bad or value!r}")
        return value


def _read(name: str) -> Any:
    path = resources.files("finnews_extract") / "lexicons" / name
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _validated(model: type[_Strict], name: str) -> Any:
    try:
        return model.model_validate(_read(name))
    except ValidationError as exc:
        raise FinnewsError(f"lexicon file lexicons/{name} is invalid:\n{exc}") from exc


@cache
def load_quantity_lexicon() -> QuantityLexicon:
    """The validated ``lexicons/quantities.yaml``."""
    return _validated(QuantityLexicon, "quantities.yaml")  # type: ignore[no-any-return]


@cache
def load_normalize_lexicon() -> NormalizeLexicon:
    """The validated ``lexicons/normalize.yaml``."""
    return _validated(NormalizeLexicon, "normalize.yaml")  # type: ignore[no-any-return]


@cache
def load_subject_lexicon() -> SubjectLexicon:
    """The validated ``lexicons/subjects.yaml``."""
    return _validated(SubjectLexicon, "subjects.yaml")  # type: ignore[no-any-return]


def load_yaml(name: str) -> Any:
    """A lexicon file as plain data (for files whose shape is checked by their loader)."""
    try:
        return _read(name)
    except yaml.YAMLError as exc:
        raise FinnewsError(f"lexicon file lexicons/{name} is not valid YAML: {exc}") from exc


def split_aliases(cell: str | None) -> tuple[str, ...]:
    """The ``|``-separated aliases of a securities CSV cell, each stripped.

    >>> split_aliases("沪深300ETF华泰柏瑞|300ETF")
    ('沪深300ETF华泰柏瑞', '300ETF')
    """
    return tuple(a.strip() for a in (cell or "").split("|") if a)

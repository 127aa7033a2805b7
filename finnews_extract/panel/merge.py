"""The merge: what the articles say for one (subject, metric, unit, period) becomes one row.

:func:`merge_row` is the whole merge of one key, a pure function of the key's items in any
order, so the in-process build and the Dask groupby-aggregate give the same row. A subject's
name and kind are chosen once for all its rows from a :data:`Census` of how each article
wrote it (:func:`subject_labels`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import combinations
from typing import Any, NamedTuple

from .figures import Figure, agree
from .observe import Article, Identity, Observation, RawSubject

__all__ = [
    "COLUMNS",
    "Census",
    "Item",
    "Key",
    "Row",
    "census_of",
    "entry_of",
    "merge_census",
    "merge_row",
    "subject_labels",
]

COLUMNS = (
    "subject_kind",
    "subject_name",
    "code",
    "metric",
    "unit",
    "period_start",
    "period_end",
    "value",
    "approx",
    "n_articles",
    "article_ids",
    "conflict",
    "values",
    "first_published_at",
)
Key = tuple[Identity, str, str, str, str]
"""A panel row's key: (identity, metric, unit, period start, period end)."""
Item = tuple[Article, Decimal, "str | None", str]
"""What one article says: (article, value, approx, the fact's span text)."""
Census = dict[RawSubject, tuple[int, Article]]
"""For each subject as written: how many facts name it so, and the earliest article."""
_Writing = tuple[Decimal, "str | None"]
Value = tuple[str, "str | None", list[str], str, bool]
"""An entry of ``values``: (exact value, approx, article ids, span text, agrees)."""


class Row(NamedTuple):
    """A merged row, before the subject is named and the columns typed."""

    key: Key
    facts: int  # observations merged into it
    value: float
    approx: str | None
    article_ids: list[str]
    conflict: bool
    values: tuple[Value, ...]
    first_published_at: float | None


def entry_of(observation: Observation, identity: Identity) -> tuple[Key, Item]:
    """The row key of one observation whose subject is ``identity``, and what it says."""
    o = observation
    return (identity, o.metric, o.unit, o.start, o.end), (o.article, o.value, o.approx, o.text)


def _seconds(article: Article) -> float | None:
    """An article's publish time in POSIX seconds, or None."""
    return None if article[0] else article[1]


def _plain(value: Decimal) -> str:
    """An exact decimal without exponent: ``_plain(Decimal("3.2E+8")) == "320000000"``."""
    return format(value.normalize(), "f") if value else "0"


def _figures(items: list[Item]) -> dict[_Writing, set[Figure]]:
    """Each writing's figures: one per written precision (3.2亿元 and 32000万元 are two)."""
    figures: dict[_Writing, set[Figure]] = {}
    for _, value, approx, text in items:
        figures.setdefault((value, approx), set()).add(Figure.read(value, approx, text))
    return figures


def _conflict(figures: dict[_Writing, set[Figure]]) -> bool:
    """True when two of the written figures disagree."""
    distinct = {f for found in figures.values() for f in found}
    return any(not agree(a, b) for a, b in combinations(distinct, 2))


def merge_row(key: Key, items: list[Item]) -> Row:
    """The panel row of one key from what each article says for it (in any order).

    ``value`` is the value most articles give (ties: the earliest published); ``conflict``
    is true when two of the written figures disagree (:func:`~.figures.agree`); ``values``
    lists each distinct (value, approx) with its articles, earliest first, and the span
    text of the earliest.
    """
    writings: dict[_Writing, dict[str, Article]] = {}
    texts: dict[tuple[_Writing, str], str] = {}
    articles: dict[str, Article] = {}
    for article, value, approx, text in items:
        writing, aid = (value, approx), article[2]
        writings.setdefault(writing, {})[aid] = articles[aid] = article
        known = texts.setdefault((writing, aid), text)
        if text < known:
            texts[writing, aid] = text
    first = {w: min(arts.values()) for w, arts in writings.items()}
    ranked = sorted(writings, key=lambda w: (-len(writings[w]), first[w], str(w[0]), w[1] or ""))
    ordered = sorted(articles.values())
    ids = [a[2] for a in ordered]
    chosen = ranked[0]
    if len(ranked) == 1:
        values: tuple[Value, ...] = (
            (_plain(chosen[0]), chosen[1], ids, texts[chosen, ids[0]], True),
        )
        return Row(
            key, len(items), float(chosen[0]), chosen[1], ids, False, values, _seconds(ordered[0])
        )
    figures = _figures(items)
    values = tuple(
        (
            _plain(w[0]),
            w[1],
            [a[2] for a in sorted(writings[w].values())],
            texts[w, first[w][2]],
            w == chosen or all(agree(f, g) for f in figures[w] for g in figures[chosen]),
        )
        for w in ranked
    )
    return Row(
        key,
        len(items),
        float(chosen[0]),
        chosen[1],
        ids,
        _conflict(figures),
        values,
        _seconds(ordered[0]),
    )


def census_of(said: Iterable[tuple[RawSubject, Article]]) -> Census:
    """How many facts name each subject as written, and the earliest article naming it so."""
    census: Census = {}
    for subject, article in said:
        old = census.get(subject)
        census[subject] = (1, article) if old is None else (old[0] + 1, min(old[1], article))
    return census


def merge_census(into: Census, other: Census) -> Census:
    """Add ``other``'s counts to ``into`` (returns ``into``)."""
    for subject, (facts, order) in other.items():
        old = into.get(subject)
        into[subject] = (facts, order) if old is None else (old[0] + facts, min(old[1], order))
    return into


def _best(tally: dict[str, tuple[int, Article]]) -> str:
    """The label of most facts; ties: the earliest published, then the label."""
    return min(tally, key=lambda label: (-tally[label][0], tally[label][1], label))


def subject_labels(census: Census, found: dict[RawSubject, Identity]) -> dict[Identity, Any]:
    """For each identity, its (kind, name): those most of its facts give (ties: the
    earliest published, then the label), one pair for all the subject's rows."""
    votes: dict[Identity, tuple[dict[str, tuple[int, Article]], ...]] = {}
    for subject, (facts, order) in census.items():
        kinds, names = votes.setdefault(found[subject], ({}, {}))
        for tally, label in ((kinds, subject[0]), (names, subject[1])):
            old = tally.get(label)
            tally[label] = (facts, order) if old is None else (old[0] + facts, min(old[1], order))
    return {identity: (_best(kinds), _best(names)) for identity, (kinds, names) in votes.items()}

"""The public entry points: :func:`extract` and the reusable :class:`Extractor`.

>>> result = extract("本周科创50ETF（588000）净流出63.88亿元。", "2025-02-08 11:34:20", id="a1")
>>> f = result.facts[0]
>>> f.metric, f.subject.name, f.subject.code, f.value, f.period.start.isoformat()
('net_flow', '科创50ETF', '588000', Decimal('-6388000000'), '2025-02-05')
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from ._facts import Draft, compose
from ._inputs import SHANGHAI, check_text, parse_published_at
from ._subjects_link import Linker
from ._text import normalize
from .dimensions.periods import find_periods
from .dimensions.quantities import find_quantities
from .dimensions.subjects import Mention
from .records import (
    ArticleResult,
    Entity,
    ExtremeFact,
    Fact,
    FactUnit,
    MetricFact,
    Period,
    Span,
    StreakFact,
    Subject,
)
from .securities import SecuritiesTable

__all__ = ["Extractor", "extract"]


class Extractor:
    """Reads articles into :class:`ArticleResult` records; build once, reuse across articles.

    ``securities`` adds a table of known funds and stocks to the built-in one (see
    :class:`~finnews_extract.securities.SecuritiesTable`); ``fill_codes`` writes a table code
    into facts even where the article gives none (off: spec §4 wants the article's codes).
    It holds no per-article state, so one instance serves many threads.
    """

    def __init__(
        self,
        securities: SecuritiesTable | None = None,
        fill_codes: bool = False,
        builtin_table: bool = True,
    ) -> None:
        base = SecuritiesTable.builtin() if builtin_table else SecuritiesTable(())
        self.securities = base + securities if securities is not None else base
        self.fill_codes = fill_codes

    def extract(
        self, text: str, published_at: dt.datetime | dt.date | str | None = None, **metadata: Any
    ) -> ArticleResult:
        """The facts of one article. ``metadata`` may carry ``id`` (default ``""``).

        Raises :class:`~finnews_extract.InputError` for a non-string text or an unparseable
        ``published_at``.
        """
        article_id = str(metadata.get("id", ""))
        text = check_text(text, article_id)
        moment = parse_published_at(published_at, article_id)
        norm = normalize(text)
        pub = moment.astimezone(SHANGHAI).date() if moment is not None else None
        quantities = find_quantities(text, norm)
        periods = find_periods(text, norm, pub)
        drafts, linker = compose(text, norm, quantities, periods, self.securities, self.fill_codes)
        linker.add_aliases(text, _coded(drafts))
        facts = _dedupe([f for f in (_record(d, text, linker) for d in drafts) if f])
        return ArticleResult(
            id=article_id,
            published_at=moment,
            entities=_entities(drafts, linker, text),
            facts=tuple(facts),
        )


_DEFAULT = Extractor()


def extract(
    text: str, published_at: dt.datetime | dt.date | str | None = None, **metadata: Any
) -> ArticleResult:
    """The facts of one article, with a shared default :class:`Extractor`."""
    return _DEFAULT.extract(text, published_at, **metadata)


def _coded(drafts: list[Draft]) -> list[Mention]:
    return [d.subject for d in drafts if d.subject.code]


def _subject(m: Mention, linker: Linker) -> Subject:
    code = m.code or (linker.code_of(m.name) if m.kind in ("etf", "category", "stock") else None)
    kind = "etf" if code and m.kind == "category" else m.kind
    return Subject.model_construct(kind=kind, name=m.name, code=code)


_FACT_UNITS = frozenset(get_args(FactUnit))  # the contract's units (spec §3)


def _record(d: Draft, text: str, linker: Linker) -> Fact | None:
    """The public record of a draft; None for what the contract leaves out (a figure in 日元,
    a streak of zero)."""
    if (d.type == "metric" and d.unit not in _FACT_UNITS) or (
        d.type == "streak" and (d.count or 0) < 1
    ):
        return None
    # Records are assembled from parts this module made and checked (exact slices, units from
    # the contract), so they are constructed without a second validation pass.
    span = Span.model_construct(start=d.start, end=d.end, text=text[d.start : d.end])
    period = None
    if d.period is not None:
        period = Period.model_construct(start=d.period.start, end=d.period.end, text=d.period.text)
    common: dict[str, Any] = {
        "subject": _subject(d.subject, linker),
        "span": span,
        "spans": (span,),
        "rule": d.rule,
        "metric": d.metric,
    }
    if d.type == "metric":
        return MetricFact.model_construct(
            **common, value=d.value, unit=d.unit, approx=d.approx, period=period
        )
    if d.type == "extreme":
        return ExtremeFact.model_construct(
            **common, extreme=d.extreme, window=d.window, period=None
        )
    return StreakFact.model_construct(
        **common, direction=d.direction, count=d.count, unit=d.unit_period, period=None
    )


def _key(f: Fact) -> tuple[Any, ...]:
    s = f.subject
    who = (s.code or s.name) if s else None
    if isinstance(f, MetricFact):
        return ("metric", f.metric, who, f.value, f.unit)
    if isinstance(f, ExtremeFact):
        return ("extreme", f.metric, who, f.extreme, f.window)
    return ("streak", f.metric, who, f.direction, f.count, f.unit)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (type, subject, metric, value); later mentions add their spans."""
    kept: dict[tuple[Any, ...], Fact] = {}
    spans: dict[tuple[Any, ...], dict[tuple[int, int], Span]] = {}
    for f in facts:
        key = _key(f)
        if key not in kept:
            kept[key] = f
            spans[key] = {}
        spans[key].setdefault((f.span.start, f.span.end), f.span)
    return [
        fact
        if len(spans[key]) == 1
        else fact.model_copy(update={"spans": tuple(spans[key].values())})
        for key, fact in kept.items()
    ]


def _entities(drafts: list[Draft], linker: Linker, text: str) -> tuple[Entity, ...]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for d in drafts:
        m = d.subject
        subject = _subject(m, linker)
        key = (subject.kind, subject.code or subject.name)
        entry = found.setdefault(
            key,
            {
                "kind": subject.kind,
                "name": subject.name,
                "code": subject.code,
                "mentions": [],
                "seen": set(),
            },
        )
        if (m.start, m.end) not in entry["seen"]:
            entry["seen"].add((m.start, m.end))
            entry["mentions"].append(
                Span.model_construct(start=m.start, end=m.end, text=text[m.start : m.end])
            )
    out = []
    for entry in found.values():
        exchange = linker.resolve(entry["name"]) if entry["code"] else None
        entry["exchange"] = exchange[1] if exchange else None
        entry["mentions"] = tuple(sorted(entry["mentions"], key=lambda s: s.start))
        del entry["seen"]
        out.append(Entity.model_construct(**entry))
    return tuple(out)

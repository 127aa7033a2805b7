"""The public entry points: :func:`extract` and the reusable :class:`Extractor`.

>>> result = extract("本周科创50ETF（588000）净流出63.88亿元。", "2025-02-08 11:34:20", id="a1")
>>> f = result.facts[0]
>>> f.metric, f.subject.name, f.subject.code, f.value, f.period.start.isoformat()
('net_flow', '科创50ETF', '588000', Decimal('-6388000000'), '2025-02-05')
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from .compose.reader import Draft, compose
from .dimensions._raw import RawPeriod
from .dimensions._subjects_known import build_known, known_names
from .dimensions.periods import find_periods
from .dimensions.quantities import find_quantities
from .dimensions.subjects import KnownNames, Mention
from .link.linker import Linker
from .link.securities import SecuritiesTable
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
    _assemble,
)
from .text.inputs import SHANGHAI, check_id, check_text, parse_published_at
from .text.normalize import normalize

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
        self._known: KnownNames | None = None

    @property
    def known(self) -> KnownNames:
        """The stock names this extractor recognizes: its table's (built on first use)."""
        if self._known is None:
            builtin = self.securities is SecuritiesTable.builtin()
            self._known = known_names() if builtin else build_known(self.securities.master_rows)
        return self._known

    def extract(
        self, text: str, published_at: dt.datetime | dt.date | str | None = None, **metadata: Any
    ) -> ArticleResult:
        """The facts of one article. ``metadata`` may carry ``id`` (default ``""``).

        Raises :class:`~finnews_extract.InputError` for a non-string text or an unparseable
        ``published_at``. Code points UTF-8 cannot encode (lone surrogates) in the text or the
        id are replaced by U+FFFD with a ``[FN-W003]`` warning; offsets are unchanged, and
        span texts are slices of the replaced text (:func:`~.text.inputs.replace_surrogates`).
        """
        article_id = check_id(metadata.get("id", ""))
        text = check_text(text, article_id)
        moment = parse_published_at(published_at, article_id)
        norm = normalize(text)
        pub = moment.astimezone(SHANGHAI).date() if moment is not None else None
        quantities = find_quantities(text, norm)
        periods = find_periods(text, norm, pub, before_open=_before_open(moment))
        drafts, linker = compose(
            text, norm, quantities, periods, self.securities, self.fill_codes, self.known
        )
        drafts = [d for d in drafts if d.subject.entity]  # no entity, no fact (not a guess)
        linker.add_aliases(text, _coded(drafts))
        records = _Records(text, linker)
        return _assemble(
            ArticleResult,
            {
                "id": article_id,
                "published_at": moment,
                "entities": records.entities(drafts),
                "facts": records.facts(drafts),
            },
        )


_DEFAULT = Extractor()


def extract(
    text: str, published_at: dt.datetime | dt.date | str | None = None, **metadata: Any
) -> ArticleResult:
    """The facts of one article, with a shared default :class:`Extractor`."""
    return _DEFAULT.extract(text, published_at, **metadata)


_OPEN = dt.time(9, 30)


def _before_open(moment: dt.datetime | None) -> bool:
    """Published before the day's open (09:30 in Shanghai); a bare date (midnight) says no
    time, so it is not."""
    if moment is None:
        return False
    local = moment.astimezone(SHANGHAI).time()
    return local != dt.time(0, 0) and local < _OPEN


def _coded(drafts: list[Draft]) -> list[Mention]:
    return [d.subject for d in drafts if d.subject.code]


_FACT_UNITS = frozenset(get_args(FactUnit))  # the contract's units (spec §3)
_LINKED_KINDS = frozenset({"etf", "category", "stock"})


class _Records:
    """Builds one article's public records from its drafts; a subject or span met twice is
    built once."""

    def __init__(self, text: str, linker: Linker) -> None:
        self.text = text
        self.linker = linker
        self.subjects: dict[tuple[str, str, str | None], Subject] = {}
        self.spans: dict[tuple[int, int], Span] = {}
        self.periods: dict[tuple[Any, ...], Period] = {}

    def subject(self, m: Mention) -> Subject:
        key = (m.kind, m.name, m.code)
        found = self.subjects.get(key)
        if found is None:
            linked = self.linker.code_of(m.name, m.kind) if m.kind in _LINKED_KINDS else None
            code = m.code or linked
            kind = "etf" if code and m.kind == "category" else m.kind
            found = self.subjects[key] = _assemble(
                Subject, {"kind": kind, "name": m.name, "code": code}
            )
        return found

    def period(self, p: RawPeriod) -> Period:
        key = (p.start, p.end, p.text)
        found = self.periods.get(key)
        if found is None:
            found = self.periods[key] = _assemble(
                Period, {"start": p.start, "end": p.end, "text": p.text}
            )
        return found

    def span(self, start: int, end: int) -> Span:
        found = self.spans.get((start, end))
        if found is None:
            found = self.spans[(start, end)] = _assemble(
                Span, {"start": start, "end": end, "text": self.text[start:end]}
            )
        return found

    def facts(self, drafts: list[Draft]) -> tuple[Fact, ...]:
        """One fact per (type, subject, metric, value); later mentions add their spans. What
        the contract leaves out (a figure in 日元, a streak of zero) is dropped."""
        kept: dict[tuple[Any, ...], tuple[Draft, Subject, dict[tuple[int, int], None]]] = {}
        for d in drafts:
            if (d.type == "metric" and d.unit not in _FACT_UNITS) or (
                d.type == "streak" and (d.count or 0) < 1
            ):
                continue
            subject = self.subject(d.subject)
            key = _key(d, subject.code or subject.name)
            entry = kept.get(key)
            if entry is None:
                entry = kept[key] = (d, subject, {})
            entry[2][(d.start, d.end)] = None
        return tuple(self._fact(d, subject, spans) for d, subject, spans in kept.values())

    def _fact(self, d: Draft, subject: Subject, where: dict[tuple[int, int], None]) -> Fact:
        span = self.span(d.start, d.end)
        values: dict[str, Any] = {
            "subject": subject,
            "span": span,
            "spans": tuple(self.span(*s) for s in where) if len(where) > 1 else (span,),
            "rule": d.rule,
            "metric": d.metric,
        }
        if d.type == "metric":
            values["period"] = self.period(d.period) if d.period is not None else None
            values.update(value=d.value, unit=d.unit, approx=d.approx)
            return _assemble(MetricFact, values)
        values["period"] = None  # extreme and streak facts carry no period yet
        if d.type == "extreme":
            values.update(extreme=d.extreme, window=d.window)
            return _assemble(ExtremeFact, values)
        values.update(direction=d.direction, count=d.count, unit=d.unit_period)
        return _assemble(StreakFact, values)

    def entities(self, drafts: list[Draft]) -> tuple[Entity, ...]:
        """Every subject the facts name, with each place it is named, in first-use order."""
        found: dict[tuple[str, str], tuple[Subject, dict[tuple[int, int], None]]] = {}
        for d in drafts:
            m = d.subject
            subject = self.subject(m)
            key = (subject.kind, subject.code or subject.name)
            entry = found.get(key)
            if entry is None:
                entry = found[key] = (subject, {})
            entry[1][(m.start, m.end)] = None
        out = []
        for subject, where in found.values():
            exchange = self.linker.resolve(subject.name, subject.kind) if subject.code else None
            values = {
                "kind": subject.kind,
                "name": subject.name,
                "code": subject.code,
                "exchange": exchange[1] if exchange else None,
                "mentions": tuple(self.span(*s) for s in sorted(where, key=lambda s: s[0])),
            }
            out.append(_assemble(Entity, values))
        return tuple(out)


def _key(d: Draft, who: str) -> tuple[Any, ...]:
    if d.type == "metric":
        return ("metric", d.metric, who, d.value, d.unit)
    if d.type == "extreme":
        return ("extreme", d.metric, who, d.extreme, d.window)
    return ("streak", d.metric, who, d.direction, d.count, d.unit_period)

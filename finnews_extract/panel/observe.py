"""Facts as panel observations, what was left out, and who each subject is across articles.

An observation is one dated metric fact of one article, in plain data (it pickles cheaply
for Dask). It comes from any of the three shapes the library writes: an
:class:`~finnews_extract.ArticleResult`, its JSON record (a line of ``finnews-extract
extract`` output), or a flat fact row (its Parquet/CSV output, ``facts_frame``). Every fact
read is counted in a :class:`Report`, so nothing leaves the panel unseen.

>>> report = Report()
>>> record = {"id": "a1", "published_at": "2025-02-08T11:34:20+08:00", "errors": [], "facts": [
...     {"type": "metric", "metric": "net_flow", "value": -6388000000, "unit": "CNY",
...      "approx": None, "subject": {"kind": "etf", "name": "科创50ETF", "code": "588000"},
...      "period": {"start": "2025-02-05", "end": "2025-02-07", "text": "本周"},
...      "span": {"start": 0, "end": 19, "text": "本周科创50ETF净流出63.88亿元"}},
...     {"type": "metric", "metric": "shares", "value": 1, "unit": "share", "approx": None,
...      "subject": {"kind": "etf", "name": "科创50ETF", "code": None}, "period": None,
...      "span": {"start": 0, "end": 2, "text": "1份"}}]}
>>> [(o.metric, o.start, str(o.value)) for o in observe_record(record, report)]
[('net_flow', '2025-02-05', '-6388000000')]
>>> report.metric_facts, report.undated_facts
(2, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

from ..dimensions.subjects import Mention
from ..errors import InputError
from ..link.linker import Linker, canonical, issuer_of
from ..records import ArticleResult, MetricFact
from ..text.inputs import parse_published_at
from ..text.normalize import normalize

__all__ = [
    "Article",
    "Identity",
    "Observation",
    "RawSubject",
    "Report",
    "identities",
    "observe_record",
    "observe_result",
    "observe_row",
]

Article = tuple[bool, float, str]
"""An article as the panel needs it, in the order articles are ranked (earliest published
first, those without a publish time last, then by id): (no publish time, POSIX seconds of
the publish time or 0, id)."""
RawSubject = tuple[str, str, str | None]
"""A subject as one article gives it: (kind, name, code)."""
Identity = tuple[str, str, str]
"""Who a subject is across articles: (kind group, "code" or "name", the code or the name)."""


class Observation(NamedTuple):
    """One dated metric fact of one article."""

    subject: RawSubject
    metric: str
    unit: str
    start: str  # ISO dates of the fact's period
    end: str
    article: Article
    value: Decimal
    approx: str | None
    text: str  # the fact's span text: the evidence, and where its precision is read


@dataclass
class Report:
    """What was read and what of it is in the panel; the counts become ``frame.attrs``."""

    articles: int = 0
    failed_articles: int = 0  # records with errors: extraction failed, no facts
    unreadable: int = 0  # input lines that were no record (corrupt JSON…)
    facts: int = 0
    metric_facts: int = 0
    undated_facts: int = 0  # metric facts without a period start and end: not in the panel
    no_subject_facts: int = 0  # metric facts without a subject: not in the panel
    other_facts: int = 0  # extreme and streak facts: the panel holds metrics only

    def merge(self, other: Report) -> Report:
        """Add another report's counts to this one (returns self)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def counts(self) -> dict[str, int]:
        """The counts as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@lru_cache(maxsize=1 << 16)
def _moment(value: str) -> float | None:
    try:
        moment = parse_published_at(value)
    except InputError:
        return None
    return moment.timestamp() if moment is not None else None


def article_of(article_id: Any, published_at: Any) -> Article:
    """An article's :data:`Article`; a publish time that does not parse counts as none.

    >>> article_of("a1", "2025-02-08T11:34:20+08:00"), article_of("a2", None)
    ((False, 1738985660.0, 'a1'), (True, 0.0, 'a2'))
    """
    if isinstance(published_at, dt.datetime | dt.date):
        published_at = published_at.isoformat()
    when = _moment(str(published_at)) if published_at not in (None, "") else None
    return when is None, when or 0.0, str(article_id)


def _decimal(value: Any) -> Decimal | None:
    """A fact's value as an exact Decimal (a float through its shortest repr)."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _iso(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return (value.isoformat() if isinstance(value, dt.date) else str(value))[:10]


def _observation(
    report: Report, article: Article, kind: str, fact: tuple[Any, ...]
) -> Observation | None:
    """Count one fact; an Observation when it is a dated metric fact with a subject.
    ``fact``: (subject kind, name, code, metric, unit, start, end, value, approx, text)."""
    report.facts += 1
    if kind != "metric":
        report.other_facts += 1
        return None
    report.metric_facts += 1
    s_kind, name, code, metric, unit, start, end, value, approx, text = fact
    if not name:
        report.no_subject_facts += 1
        return None
    start, end, number = _iso(start), _iso(end), _decimal(value)
    if start is None or end is None or number is None:
        report.undated_facts += 1
        return None
    subject = (str(s_kind), str(name), str(code) if code not in (None, "") else None)
    return Observation(
        subject, str(metric), str(unit), start, end, article, number, approx or None, text or ""
    )


def observe_record(record: Mapping[str, Any], report: Report) -> Iterator[Observation]:
    """The observations of one JSON record (the shape ``finnews-extract extract`` writes)."""
    report.articles += 1
    report.failed_articles += bool(record.get("errors"))
    article = article_of(record.get("id"), record.get("published_at"))
    for fact in record.get("facts") or ():
        subject = fact.get("subject") or {}
        period = fact.get("period") or {}
        found = _observation(
            report,
            article,
            fact.get("type"),
            (
                subject.get("kind"),
                subject.get("name"),
                subject.get("code"),
                fact.get("metric"),
                fact.get("unit"),
                period.get("start"),
                period.get("end"),
                fact.get("value"),
                fact.get("approx"),
                (fact.get("span") or {}).get("text"),
            ),
        )
        if found is not None:
            yield found


def observe_result(result: ArticleResult, report: Report) -> Iterator[Observation]:
    """The observations of one :class:`~finnews_extract.ArticleResult`."""
    report.articles += 1
    report.failed_articles += bool(result.errors)
    article = article_of(result.id, result.published_at)
    for fact in result.facts:
        subject, period = fact.subject, fact.period
        figure = (fact.unit, fact.value, fact.approx) if isinstance(fact, MetricFact) else ()
        unit, value, approx = figure or (None, None, None)
        found = _observation(
            report,
            article,
            fact.type,
            (
                subject.kind if subject else None,
                subject.name if subject else None,
                subject.code if subject else None,
                fact.metric,
                unit,
                period.start if period else None,
                period.end if period else None,
                value,
                approx,
                fact.span.text,
            ),
        )
        if found is not None:
            yield found


def observe_row(row: Mapping[str, Any], report: Report) -> Observation | None:
    """The observation of one flat fact row (an article without facts is a row without a
    ``type``; a failed one has ``error`` set). Articles are counted by the caller, who sees
    the ids."""
    if row.get("error") not in (None, ""):
        report.failed_articles += 1
    if row.get("type") in (None, ""):
        return None
    value = row.get("value_text")
    return _observation(
        report,
        article_of(row.get("article_id"), row.get("published_at")),
        str(row["type"]),
        (
            row.get("subject_kind"),
            row.get("subject_name"),
            row.get("subject_code"),
            row.get("metric"),
            row.get("unit"),
            row.get("period_start"),
            row.get("period_end"),
            value if value not in (None, "") else row.get("value"),
            row.get("approx"),
            row.get("span_text"),
        ),
    )


# --- who a subject is -------------------------------------------------------------------

_LINKED = frozenset({"etf", "category", "stock"})  # the kinds the extractor links to codes
_GROUP = {"etf": "fund", "category": "fund"}  # a category with a code is an ETF


def _group(kind: str) -> str:
    return _GROUP.get(kind, kind)


def _form(name: str) -> tuple[str, str | None]:
    """The canonical name and the issuer, the two halves of a fund's identity."""
    return canonical(name) or normalize(name), issuer_of(name)


def identities(subjects: Iterable[RawSubject]) -> dict[RawSubject, Identity]:
    """Who each subject is, across all the articles read.

    A code is the identity wherever an article gives one. A name without a code (of an ETF,
    a category or a stock, the kinds the extractor links) takes the code given for it
    elsewhere, matched as within one article (:class:`~finnews_extract.link.linker.Linker`:
    the canonical form, then close variants with the same digits, never across issuers); a
    form that two articles give different codes links to neither. Otherwise the identity is
    the canonical name with its issuer (a name without one takes the only issuer its form
    is seen with), and for other kinds (indices, sectors, markets) the name as written.

    >>> found = identities([("etf", "科创50ETF", None), ("etf", "华夏上证科创板50ETF", "588000"),
    ...                     ("index", "沪深300", None), ("etf", "沪深300ETF", None)])
    >>> found[("etf", "科创50ETF", None)], found[("index", "沪深300", None)]
    (('fund', 'code', '588000'), ('index', 'name', '沪深300'))
    """
    ordered = sorted(set(subjects), key=lambda s: (s[0], s[1], s[2] or ""))
    coded = [(k, n, c) for k, n, c in ordered if c and k in _LINKED]
    codes: dict[tuple[str, str | None], set[str]] = {}
    for _, name, code in coded:
        codes.setdefault(_form(name), set()).add(code or "")
    linker = Linker(
        Mention(0, len(name), name, kind, code)  # type: ignore[arg-type]
        for kind, name, code in coded
        if len(codes[_form(name)]) == 1
    )
    issuers: dict[tuple[str, str], set[str]] = {}
    for kind, written, known_code in ordered:
        if not known_code and kind in _LINKED:
            form, issuer = _form(written)
            issuers.setdefault((_group(kind), form), set()).update([issuer] if issuer else [])
    return {s: _identity(s, linker, issuers) for s in ordered}


def _identity(
    subject: RawSubject, linker: Linker, issuers: dict[tuple[str, str], set[str]]
) -> Identity:
    kind, name, code = subject
    group = _group(kind)
    if code:
        return group, "code", code
    if kind not in _LINKED:
        return group, "name", normalize(name).strip()
    found = linker.lookup(name)
    if found is not None:
        return group, "code", found[0]
    form, issuer = _form(name)
    known: set[str | None] = set(issuers.get((group, form), ()))
    if issuer is None and len(known) == 1:
        issuer = next(iter(known))
    return group, "name", f"{form}|{issuer}" if issuer else form

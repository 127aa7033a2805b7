"""``finnews-extract explain``: every rule that fired, on which characters, and the facts.

>>> print(explain("科创50ETF净流出63.88亿元", "2025-02-08"))  # doctest: +NORMALIZE_WHITESPACE
quantity  [10,17) 63.88亿元  quantity.arabic  -> 6388000000 CNY
subject   [0,7) 科创50ETF  etf
trigger   [7,10) 净流出  net_flow
fact      metric net_flow 科创50ETF = -6388000000 CNY  [0,17) rule=metric.net_flow
<BLANKLINE>
"""

from __future__ import annotations

import datetime as dt

from ..api import extract
from ..dimensions.extremes import find_extremes
from ..dimensions.metrics import find_triggers
from ..dimensions.periods import extract_periods
from ..dimensions.quantities import extract_quantities
from ..dimensions.streaks import find_streaks
from ..dimensions.subjects import find_mentions
from ..records import ExtremeFact, MetricFact
from ..text.normalize import normalize

__all__ = ["explain"]


def explain(text: str, published_at: dt.datetime | dt.date | str | None = None) -> str:
    """A plain-text report of the candidates of every dimension and the resulting facts."""
    norm = normalize(text)
    lines = []
    for q in extract_quantities(text):
        lines.append(
            f"quantity  [{q.span.start},{q.span.end}) {q.span.text}  {q.rule}  -> "
            f"{q.value} {q.unit}" + (f" ({q.approx})" if q.approx else "")
        )
    for p in extract_periods(text, published_at):
        lines.append(
            f"period    [{p.span.start},{p.span.end}) {p.text}  {p.rule}  -> {p.start}..{p.end}"
        )
    for m in find_mentions(norm, text):
        lines.append(
            f"subject   [{m.start},{m.end}) {m.name}  {m.kind}" + (f" {m.code}" if m.code else "")
        )
    for t in find_triggers(norm):
        lines.append(f"trigger   [{t.start},{t.end}) {t.word}  {t.metric}")
    for e in find_extremes(norm):
        lines.append(f"extreme   [{e.start},{e.end}) {text[e.start : e.end]}  extreme.record")
    for s in find_streaks(norm):
        lines.append(f"streak    [{s.start},{s.end}) {text[s.start : s.end]}  {s.rule}")
    for f in extract(text, published_at).facts:
        who = f.subject.name if f.subject else "?"
        if isinstance(f, MetricFact):
            what = f"= {f.value} {f.unit}"
        elif isinstance(f, ExtremeFact):
            what = f"{f.extreme} {f.window}"
        else:
            what = f"{f.direction} {f.count} {f.unit}"
        period = f" period={f.period.start}..{f.period.end}" if f.period else ""
        lines.append(
            f"fact      {f.type} {f.metric} {who} {what}  [{f.span.start},"
            f"{f.span.end}) rule={f.rule}{period}"
        )
    return "\n".join(lines) + "\n"

"""The panel as a page: one small inline-SVG line chart per (subject, metric) series.

The ``top`` series with the most points are drawn, largest first. A chart puts each row at
its period's last day; rows whose periods are of different lengths (a day's flow, a week's)
are separate lines in one chart, each with its own color and legend entry. A row whose
articles disagree is a red ring, and every point's tooltip gives its value, its period and
its articles (for a conflict, each value with its articles). Below the charts, a table lists
the conflicts of the charted series. The page is standalone: no script, no external file.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

from ..review.show import html_page
from .files import plain_rows

__all__ = ["render_page"]

_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 340, 170, 62, 10, 10, 34
_COLORS = {"day": "#1f77b4", "week": "#2ca02c", "month": "#9467bd", "quarter": "#8c564b"}
_OTHER = "#7f7f7f"
_SCALES = {
    "CNY": "元",
    "USD": "美元",
    "HKD": "港元",
    "EUR": "欧元",
    "share": "份",
    "lot": "手",
    "ton": "吨",
    "point": "点",
    "percent": "%",
}
_CSS = """
body {
  font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei",
    sans-serif;
  margin: 1.5em; color: #222;
}
.summary { color: #555; margin-bottom: 1em; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure.series { margin: 0; border: 1px solid #ddd; padding: 6px; background: #fff; }
figcaption { font-size: 13px; font-weight: bold; margin-bottom: 2px; }
svg text { font-size: 10px; fill: #555; }
.axis { stroke: #999; stroke-width: 1; }
.zero { stroke: #bbb; stroke-dasharray: 3 3; }
.point.conflict { stroke: #d62728; stroke-width: 2.5; fill: #fff; }
table { border-collapse: collapse; margin-top: 1.5em; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
"""


def _length(start: dt.date, end: dt.date) -> str:
    """The kind of a period by its calendar length: day, week, month, quarter or longer."""
    days = (end - start).days
    for limit, name in ((0, "day"), (6, "week"), (31, "month"), (92, "quarter")):
        if days <= limit:
            return name
    return "longer"


def _scale(unit: str, values: Iterable[float]) -> tuple[float, str]:
    """Divide by 亿 or 万 where the figures are that large: (divisor, unit label).

    >>> _scale("CNY", [-6.388e9, 1e8]), _scale("percent", [1.2])
    ((100000000.0, '亿元'), (1.0, '%'))
    """
    label = _SCALES.get(unit, unit)
    if unit in ("point", "percent"):
        return 1.0, label
    top = max((abs(v) for v in values), default=0.0)
    for divisor, word in ((1e8, "亿"), (1e4, "万")):
        if top >= divisor:
            return divisor, word + label
    return 1.0, label


def _number(value: float, divisor: float) -> str:
    scaled = value / divisor
    return f"{scaled:,.2f}".rstrip("0").rstrip(".") if scaled else "0"


def _series(rows: list[dict[str, Any]], top: int) -> list[list[dict[str, Any]]]:
    """The rows grouped by (subject, metric, unit), the ``top`` with most rows first."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["subject_kind"], row["code"] or "", row["subject_name"], row["metric"])
        groups.setdefault((*key, row["unit"]), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [found for _, found in ordered[:top]]


def _tip(row: dict[str, Any], divisor: float, label: str) -> str:
    period = f"{row['period_start']}..{row['period_end']}"
    if not row["conflict"]:
        ids = ", ".join(row["article_ids"])
        return f"{period}: {_number(row['value'], divisor)} {label} ({ids})"
    said = "; ".join(
        f"{(v['approx'] + ' ') if v['approx'] else ''}"
        f"{_number(float(v['value']), divisor)} {label} ({', '.join(v['article_ids'])})"
        for v in row["values"]
    )
    return f"{period}: conflict: {said}"


def _chart(rows: list[dict[str, Any]]) -> str:
    """One series as an SVG line chart."""
    first = rows[0]
    divisor, label = _scale(first["unit"], (r["value"] for r in rows))
    values = [r["value"] for r in rows]
    low, high = min(0.0, *values), max(0.0, *values)
    high = high if high > low else low + 1.0
    days = [r["period_end"] for r in rows]
    d0, span = min(days), max((max(days) - min(days)).days, 1)
    inner_w, inner_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def x(day: dt.date) -> float:
        return float(_LEFT + (inner_w / 2 if max(days) == d0 else inner_w * (day - d0).days / span))

    def y(value: float) -> float:
        return float(_TOP + inner_h * (high - value) / (high - low))

    parts = [
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + inner_h}"/>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP + inner_h}" x2="{_W - _RIGHT}" '
        f'y2="{_TOP + inner_h}"/>',
        f'<line class="zero" x1="{_LEFT}" y1="{y(0):.1f}" x2="{_W - _RIGHT}" y2="{y(0):.1f}"/>',
        f'<text x="{_LEFT - 4}" y="{_TOP + 8}" text-anchor="end">{_number(high, divisor)}</text>',
        f'<text x="{_LEFT - 4}" y="{_TOP + inner_h}" text-anchor="end">'
        f"{_number(low, divisor)}</text>",
        f'<text x="{_LEFT}" y="{_H - 18}">{min(days)}</text>',
        f'<text x="{_W - _RIGHT}" y="{_H - 18}" text-anchor="end">{max(days)}</text>',
    ]
    lengths = sorted({_length(r["period_start"], r["period_end"]) for r in rows}, key=_rank)
    for n, length in enumerate(lengths):
        color = _COLORS.get(length, _OTHER)
        points = sorted(
            (r for r in rows if _length(r["period_start"], r["period_end"]) == length),
            key=lambda r: (r["period_end"], r["period_start"]),
        )
        path = " ".join(f"{x(r['period_end']):.1f},{y(r['value']):.1f}" for r in points)
        if len(points) > 1:
            parts.append(f'<polyline fill="none" stroke="{color}" points="{path}"/>')
        for r in points:
            cls = "point conflict" if r["conflict"] else "point"
            parts.append(
                f'<circle class="{cls}" cx="{x(r["period_end"]):.1f}" cy="{y(r["value"]):.1f}" '
                f'r="{4 if r["conflict"] else 2.5}" fill="{color}" '
                f'data-period-end="{r["period_end"]}"><title>'
                f"{html.escape(_tip(r, divisor, label))}</title></circle>"
            )
        parts.append(
            f'<text x="{_LEFT + 70 * n}" y="{_H - 4}" style="fill:{color}">&#9679; {length}</text>'
        )
    code = f" ({first['code']})" if first["code"] else ""
    caption = f"{first['subject_name']}{code} · {first['metric']} · {label}"
    conflicts = sum(bool(r["conflict"]) for r in rows)
    return (
        f'<figure class="series" data-points="{len(rows)}" data-conflicts="{conflicts}">'
        f"<figcaption>{html.escape(caption)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}">{"".join(parts)}</svg></figure>'
    )


def _rank(length: str) -> int:
    order = ("day", "week", "month", "quarter")
    return order.index(length) if length in order else len(order)


def _conflict_table(series: list[list[dict[str, Any]]]) -> str:
    rows = []
    for found in series:
        for r in found:
            if not r["conflict"]:
                continue
            divisor, label = _scale(r["unit"], [r["value"]])
            cells = (
                r["subject_name"] + (f" ({r['code']})" if r["code"] else ""),
                r["metric"],
                f"{r['period_start']}..{r['period_end']}",
                f"{_number(r['value'], divisor)} {label}",
                _tip(r, divisor, label).split(": conflict: ", 1)[1],
            )
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    if not rows:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("subject", "metric", "period", "value", "values"))
    body = "".join(rows)
    return f'<table class="conflicts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def render_page(frame: Any, top: int = 24, title: str = "finnews_extract panel") -> str:
    """A standalone HTML page with the charts of the ``top`` longest series of ``frame``.

    >>> import pandas as pd
    >>> from finnews_extract.panel import build
    >>> page = render_page(build([]))
    >>> "0 rows" in page, page.count("<figure")
    (True, 0)
    """
    rows = list(plain_rows(frame))
    series = _series(rows, top)
    counts = dict(frame.attrs)
    total = len(
        {(r["subject_kind"], r["code"], r["subject_name"], r["metric"], r["unit"]) for r in rows}
    )
    summary = (
        f"{len(rows)} rows in {total} series ({len(series)} drawn), "
        f"{sum(bool(r['conflict']) for r in rows)} rows with a conflict; "
        f"{counts.get('in_panel_facts', 0)} of {counts.get('metric_facts', 0)} metric facts in "
        f"the panel ({counts.get('undated_facts', 0)} without a period)"
    )
    return html_page(
        title,
        _CSS,
        [
            f'<p class="summary">{html.escape(summary)}</p>',
            f'<div class="charts">{"".join(_chart(s) for s in series)}</div>',
            _conflict_table(series),
        ],
    )

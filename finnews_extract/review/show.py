"""Show an article with its facts: highlighted spans and a table, for a terminal or a browser.

Spans are Python ``str`` offsets into the article text; a fact's ``span`` and all of its
``spans`` are highlighted.
"""

from __future__ import annotations

import html
from itertools import pairwise

from finnews_extract.records import ArticleResult, ExtremeFact, MetricFact, StreakFact

__all__ = ["html_page", "render_html", "render_terminal"]

_AnyFact = MetricFact | ExtremeFact | StreakFact
_HEADER = ("#", "type", "subject", "metric", "value", "period", "rule")
_ANSI = {"metric": "\x1b[1;33m", "extreme": "\x1b[1;35m", "streak": "\x1b[1;36m"}
_RESET = "\x1b[0m"
_CSS = """
body { font-family: sans-serif; margin: 2em; line-height: 1.6; }
.article { white-space: pre-wrap; border: 1px solid #ccc; padding: 1em; }
mark.fact { padding: 0 1px; border-radius: 2px; }
mark.fact-metric { background: #ffe88c; }
mark.fact-extreme { background: #f5c2f0; }
mark.fact-streak { background: #b8ecf2; }
table { border-collapse: collapse; margin-top: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
td.type-metric { background: #ffe88c; }
td.type-extreme { background: #f5c2f0; }
td.type-streak { background: #b8ecf2; }
"""


def _ranges(text: str, fact: _AnyFact) -> list[tuple[int, int]]:
    """The distinct non-empty (start, end) ranges of a fact, clipped to the text."""
    found: set[tuple[int, int]] = set()
    for span in (fact.span, *fact.spans):
        start, end = min(span.start, len(text)), min(span.end, len(text))
        if start < end:
            found.add((start, end))
    return sorted(found)


def _subject(fact: _AnyFact) -> str:
    if fact.subject is None:
        return ""
    code = f" ({fact.subject.code})" if fact.subject.code else ""
    return fact.subject.name + code


def _value(fact: _AnyFact) -> str:
    if isinstance(fact, MetricFact):
        approx = f"{fact.approx} " if fact.approx else ""
        return f"{approx}{format(fact.value, 'f')} {fact.unit}"
    if isinstance(fact, ExtremeFact):
        return f"{fact.extreme} {fact.window}"
    return f"{fact.direction} {fact.count} {fact.unit}"


def _period(fact: _AnyFact) -> str:
    period = fact.period
    if period is None:
        return ""
    if period.start is None and period.end is None:
        return period.text
    return f"{period.start or ''}..{period.end or ''}"


def _rows(result: ArticleResult) -> list[tuple[str, ...]]:
    return [
        (str(n), f.type, _subject(f), f.metric, _value(f), _period(f), f.rule)
        for n, f in enumerate(result.facts, 1)
    ]


def render_terminal(text: str, result: ArticleResult, color: bool = True) -> str:
    """The text with fact spans highlighted (ANSI colors, or ``⟦…⟧``), then a table of facts.

    Overlapping spans are merged into one highlight, colored by the outermost fact's type.

    >>> from finnews_extract import extract
    >>> text = "本周科创50ETF净流出63.88亿元"
    >>> print(render_terminal(text, extract(text, "2025-02-08"), color=False).splitlines()[0])
    本周⟦科创50ETF净流出63.88亿元⟧
    """
    spans: list[tuple[int, int, str]] = sorted(
        ((s, e, f.type) for f in result.facts for s, e in _ranges(text, f)),
        key=lambda item: (item[0], -item[1]),
    )
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    out: list[str] = []
    pos = 0
    for start, end, kind in merged:
        opening, closing = (_ANSI[kind], _RESET) if color else ("⟦", "⟧")
        out += [text[pos:start], opening, text[start:end], closing]
        pos = end
    out.append(text[pos:])
    rows = [_HEADER, *_rows(result)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "".join(out) + "\n\n" + "\n".join(lines) + "\n"


def _pieces(text: str, facts: list[_AnyFact]) -> list[tuple[int, int, list[int]]]:
    """Split the text at every span boundary; each piece lists the facts (1-based) covering it."""
    ranges = [(n, s, e) for n, f in enumerate(facts, 1) for s, e in _ranges(text, f)]
    cuts = sorted({0, len(text)} | {b for _, s, e in ranges for b in (s, e)})
    pieces: list[tuple[int, int, list[int]]] = []
    for start, end in pairwise(cuts):
        covering = sorted({n for n, s, e in ranges if s <= start and end <= e})
        pieces.append((start, end, covering))
    return pieces


def _title(fact: _AnyFact) -> str:
    return " ".join(part for part in (fact.metric, _subject(fact), _value(fact)) if part)


def render_html(text: str, result: ArticleResult, title: str | None = None) -> str:
    """A standalone UTF-8 HTML page: the article with ``<mark>``ed fact spans, then a table.

    Each piece of text between span boundaries is one mark whose ``data-fact`` lists the
    numbers (1-based, space-separated) of every fact covering it.

    >>> from finnews_extract import extract
    >>> text = "本周科创50ETF净流出63.88亿元"
    >>> page = render_html(text, extract(text, "2025-02-08"))
    >>> '<mark class="fact fact-metric" data-fact="1"' in page, page.count("<tr>")
    (True, 2)
    """
    facts: list[_AnyFact] = list(result.facts)
    esc = html.escape
    body: list[str] = []
    for start, end, numbers in _pieces(text, facts):
        piece = esc(text[start:end])
        if not numbers:
            body.append(piece)
            continue
        kinds = dict.fromkeys(facts[n - 1].type for n in numbers)
        classes = " ".join(["fact", *(f"fact-{k}" for k in kinds)])
        tip = "; ".join(_title(facts[n - 1]) for n in numbers)
        data = " ".join(map(str, numbers))
        body.append(f'<mark class="{classes}" data-fact="{data}" title="{esc(tip)}">{piece}</mark>')
    head = "".join(f"<th>{esc(h)}</th>" for h in _HEADER)
    rows: list[str] = []
    for row in _rows(result):
        cells = [
            f'<td class="type-{esc(c)}">{esc(c)}</td>' if i == 1 else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    default = f"finnews_extract: {result.id}" if result.id else "finnews_extract"
    return html_page(
        title if title is not None else default,
        _CSS,
        [
            f'<div class="article">{"".join(body)}</div>',
            f"<table><thead><tr>{head}</tr></thead>",
            f"<tbody>{''.join(rows)}</tbody></table>",
        ],
    )


def html_page(title: str, css: str, body: list[str]) -> str:
    """A standalone UTF-8 HTML page: ``title`` (escaped) as its title and heading, ``css``
    in a style element, then the ``body`` parts (HTML), one per line.

    >>> html_page("a<b", "", ["<p>x</p>"]).splitlines()[3:6]
    ['<title>a&lt;b</title>', '<style></style></head>', '<body><h1>a&lt;b</h1>']
    """
    heading = html.escape(title)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh">',
            '<head><meta charset="utf-8">',
            f"<title>{heading}</title>",
            f"<style>{css}</style></head>",
            f"<body><h1>{heading}</h1>",
            *body,
            "</body></html>",
            "",
        ]
    )

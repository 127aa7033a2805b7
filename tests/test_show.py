"""The show module: every fact span is highlighted, in the terminal and in HTML."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser

import pytest

from finnews_extract import extract
from finnews_extract.records import ArticleResult
from finnews_extract.review.show import render_html, render_terminal

TEXT = "本周科创50ETF（588000）净流出63.88亿元，份额创近一年新低。"


class _Marks(HTMLParser):
    """Collects the text inside <mark> elements per data-fact number, and the table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[str]] = []
        self.by_fact: defaultdict[str, str] = defaultdict(str)
        self.in_tbody = False
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.stack.append((dict(attrs).get("data-fact") or "").split())
        elif tag == "tbody":
            self.in_tbody = True
        elif tag == "tr" and self.in_tbody:
            self.rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()
        elif tag == "tbody":
            self.in_tbody = False

    def handle_data(self, data: str) -> None:
        for number in {n for numbers in self.stack for n in numbers}:
            self.by_fact[number] += data


def _parse(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def result() -> ArticleResult:
    return extract(TEXT, "2025-02-08")


def test_fixture_has_facts(result: ArticleResult) -> None:
    assert len(result.facts) >= 2


def test_html_marks_every_fact_span(result: ArticleResult) -> None:
    marks = _parse(render_html(TEXT, result)).by_fact
    for n, fact in enumerate(result.facts, 1):
        for span in (fact.span, *fact.spans):
            assert span.text in marks[str(n)], (n, span.text)


def test_html_table_has_one_row_per_fact(result: ArticleResult) -> None:
    assert _parse(render_html(TEXT, result)).rows == len(result.facts)


def test_html_overlapping_spans_carry_all_numbers(result: ArticleResult) -> None:
    fact = result.facts[0]
    inner = fact.span.model_copy(
        update={"start": fact.span.start, "end": fact.span.start + 2, "text": fact.span.text[:2]}
    )
    extra = fact.model_copy(update={"span": inner, "spans": (inner,)})
    nested = result.model_copy(update={"facts": (*result.facts, extra)})
    marks = _parse(render_html(TEXT, nested)).by_fact
    for n, f in enumerate(nested.facts, 1):
        assert f.span.text in marks[str(n)]


def test_html_escapes_article_text() -> None:
    text = "<script>alert(1)</script>" + TEXT
    page = render_html(text, extract(text, "2025-02-08"), title="<b>x</b>")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>x</b>" not in page


def test_terminal_contains_every_span(result: ArticleResult) -> None:
    for color in (True, False):
        out = render_terminal(TEXT, result, color=color)
        for fact in result.facts:
            assert fact.span.text in out


def test_terminal_plain_has_no_ansi_and_one_row_per_fact(result: ArticleResult) -> None:
    plain = render_terminal(TEXT, result, color=False)
    assert "\x1b" not in plain
    assert "⟦" in plain
    assert "\x1b[" in render_terminal(TEXT, result)
    lines = plain.rstrip("\n").splitlines()
    assert lines[-len(result.facts) - 2].startswith("#  type")
    for n, line in enumerate(lines[-len(result.facts) :], 1):
        assert line.startswith(f"{n}  ")

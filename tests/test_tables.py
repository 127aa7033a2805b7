"""Generated tables: N rows by M metric columns, in every form, give N x M facts with exact spans.

The example table of the dimension is ``corpora/dimensions/tables.yaml`` (run by
test_corpus.py); here hypothesis draws the tables.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from finnews_extract import extract

# (header, metric, unit, scale): columns a reader must understand.
_COLUMNS = [
    ("涨跌幅(%)", "price_change", "percent", 1),
    ("净流入(亿元)", "net_flow", "CNY", 10**8),
    ("成交额(亿元)", "turnover", "CNY", 10**8),
    ("换手率(%)", "turnover_rate", "percent", 1),
    ("最新份额(亿份)", "shares", "share", 10**8),
    ("融资余额(万元)", "margin_balance", "CNY", 10**4),
]
_LABELS = ["银行", "电子", "通信", "传媒", "煤炭", "汽车", "计算机", "家用电器", "医药生物", "钢铁"]


def _cell(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[int], list[str], list[list[int]]]:
    columns = draw(st.lists(st.integers(0, len(_COLUMNS) - 1), min_size=1, max_size=4, unique=True))
    labels = draw(st.lists(st.sampled_from(_LABELS), min_size=1, max_size=6, unique=True))
    values = [
        [draw(st.integers(-99999, 99999)) for _ in columns] for _ in labels
    ]  # hundredths, signed
    return columns, labels, values


def _render(form: str, columns: list[int], labels: list[str], values: list[list[int]]) -> str:
    header = ["行业", *(_COLUMNS[c][0] for c in columns)]
    rows = [[label, *(_cell(v) for v in row)] for label, row in zip(labels, values, strict=True)]
    if form == "pipe":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    elif form == "spaced":
        lines = [" ".join(header), *(" ".join(r) for r in rows)]
    else:  # one cell per line
        lines = [f"{cell} |" for cell in header + [c for r in rows for c in r]]
    return "本周各行业数据如下\n" + "\n".join(lines) + "\n数据来源：交易所\n"


@settings(max_examples=60, deadline=None)
@given(_tables(), st.sampled_from(["pipe", "spaced", "cells"]))
def test_a_table_of_n_rows_and_m_columns_gives_n_times_m_facts(
    table: tuple[list[int], list[str], list[list[int]]], form: str
) -> None:
    columns, labels, values = table
    text = _render(form, columns, labels, values)
    facts = [
        f for f in extract(text, "2025-07-18T18:00:00+08:00").facts if f.rule.startswith("table.")
    ]
    assert len(facts) == len(labels) * len(columns)
    expected = [
        (label, _COLUMNS[c][1], _COLUMNS[c][2], Decimal(v) / 100 * _COLUMNS[c][3], _cell(v))
        for label, row in zip(labels, values, strict=True)
        for c, v in zip(columns, row, strict=True)
    ]
    got = [
        (f.subject.name if f.subject else None, f.metric, f.unit, f.value, f.span.text)
        for f in facts
    ]
    for fact in facts:
        assert text[fact.span.start : fact.span.end] == fact.span.text
    assert [(n, m, u, Decimal(v), s) for n, m, u, v, s in got] == expected


def test_a_streak_column_counts_a_streak_per_row() -> None:
    text = (
        "| 名称 | 净流入(亿元) | 连续净流入天数 |\n|---|---|---|\n"
        "| 证券ETF | 2.10 | 6 |\n| 银行ETF | 0.40 | 1 |\n"
    )
    facts = extract(text, "2025-07-18T18:00:00+08:00").facts
    streaks = [
        (f.subject.name if f.subject else None, f.metric, f.direction, f.count, f.unit)
        for f in facts
        if f.type == "streak"
    ]
    assert streaks == [("证券ETF", "net_flow", "up", 6, "day")]  # one day in a row is no streak

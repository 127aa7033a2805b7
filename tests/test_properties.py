"""Property-based tests: on random mixes of financial phrases and noise, every quantity and
period span is exactly its slice of the text, nothing raises, and output is deterministic."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from finnews_extract import extract_periods, extract_quantities

PHRASES = [
    "净流入",
    "净流出",
    "63.88亿元",
    "约112亿元",
    "超1亿元",
    "近6000万元",
    "逾百亿份",
    "两万手",
    "六百亿",
    "一千二百亿元",
    "-161.16亿元",
    "3.5%-3.75%",
    "**643.36亿元**",
    "$61.03\\%$",
    "18,100.61亿",
    "１２．５％",
    "1.5億港元",
    "27.53万手",
    "3303.67点",
    "百分之三点五",
    "6吨",
    "本周",
    "上周",
    "昨日",
    "今日",
    "当日",
    "年初至今",
    "近60日",
    "近5个交易日",
    "2025年2月5日",
    "2月5日至7日",
    "1月15日、16日及19日",
    "2024年9月27-10月8日",
    "2026.03.02-03.06",
    "20260211",
    "截至2026年2月10日当周",
    "节后首个交易日",
    "连续6日",
    "6连涨",
    "588000",
    "560850.SH",
    "沪深300ETF",
    "中证1000",
    "两市",
    "上一个",
    "（",
    "）",
    "(",
    ")",
    "、",
    "和",
    "，",
    "。",
    "\n",
    "-",
    "~",
    "至",
    "**",
    "亿",
    "万",
    "%",
    "点",
    "日",
    "月",
    "年",
    "周",
]
fragments = st.one_of(
    st.sampled_from(PHRASES),
    st.text(max_size=6),
    st.text(alphabet="0123456789.,-%亿万元份手点日月年周至、和（）", max_size=8),
)
texts = st.lists(fragments, max_size=25).map("".join)
dates = st.one_of(st.none(), st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_quantity_spans_are_exact_and_deterministic(text: str) -> None:
    first = extract_quantities(text)
    for q in first:
        assert text[q.span.start : q.span.end] == q.span.text
    assert extract_quantities(text) == first


@settings(max_examples=400, deadline=None)
@given(texts, dates)
def test_period_spans_are_exact_and_deterministic(text: str, published: dt.date | None) -> None:
    first = extract_periods(text, published)
    for p in first:
        assert text[p.span.start : p.span.end] == p.span.text
        if published is None:
            continue
        if p.start is not None and p.end is not None:
            assert p.start <= p.end
    assert extract_periods(text, published) == first

"""Securities tables: the built-in ETFs, a user's CSV, linking and filling codes."""

from __future__ import annotations

import io

import pytest

from finnews_extract import Extractor, InputError, SecuritiesTable


def test_builtin_table_knows_short_and_full_names() -> None:
    table = SecuritiesTable.builtin()
    assert table.lookup("华夏上证科创板50ETF").code == "588000"  # type: ignore[union-attr]
    assert table.lookup("科创50ETF").code == "588000"  # type: ignore[union-attr]
    assert table.lookup("黄金ETF") is None  # three issuers: never guess


def test_a_user_csv_is_validated_with_its_line() -> None:
    good = io.StringIO("code,name,aliases,exchange,kind\n600519,贵州茅台,茅台,SH,stock\n")
    table = SecuritiesTable.from_csv(good)  # type: ignore[arg-type]
    assert table.lookup("茅台").code == "600519"  # type: ignore[union-attr]
    bad = io.StringIO("code,name,aliases,exchange,kind\n60051X,坏代码,,SH,stock\n")
    with pytest.raises(InputError, match="line 2"):
        SecuritiesTable.from_csv(bad)  # type: ignore[arg-type]


def test_table_links_names_only_to_codes_the_article_gives() -> None:
    text = "本周科创50ETF净流出63.88亿元。华夏上证科创板50ETF（588000）份额增加1亿份。"
    facts = Extractor().extract(text, "2025-02-08").facts
    assert {f.subject.code for f in facts if f.subject} == {"588000"}
    alone = Extractor().extract("本周科创50ETF净流出63.88亿元。", "2025-02-08").facts
    assert alone[0].subject is not None and alone[0].subject.code is None
    filled = Extractor(fill_codes=True).extract("本周科创50ETF净流出63.88亿元。", "2025-02-08")
    assert filled.facts[0].subject is not None and filled.facts[0].subject.code == "588000"

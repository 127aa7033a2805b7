"""Securities tables: the built-in ETFs, a user's CSV, linking and filling codes."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from finnews_extract import Extractor, InputError, SecuritiesTable, Security

_NO = Security(code=None, name="<none>")  # what a failed lookup is compared as


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


def test_the_master_is_built_in() -> None:
    table = SecuritiesTable.builtin()
    assert len(table) >= 6000
    kinds = {row.kind for row in table.master_rows}
    assert {"stock", "etf", "lof", "index", "industry", "concept"} <= kinds


def _by_kind(kind: str) -> list[tuple[str, str]]:
    return [(r.name, r.code) for r in SecuritiesTable.builtin().master_rows if r.kind == kind]


def test_stock_names_resolve_to_their_own_code() -> None:
    table = SecuritiesTable.builtin()
    stocks = [(n, c) for n, c in _by_kind("stock") if len(c) == 6]  # A-shares
    right = sum(1 for name, code in stocks if (table.lookup(name) or _NO).code == code)
    assert right / len(stocks) >= 0.95


def test_unshared_fund_names_resolve_and_shared_ones_never_do() -> None:
    table = SecuritiesTable.builtin()
    funds = _by_kind("etf") + _by_kind("lof")
    count = Counter(name for name, _ in funds)
    unshared = [(n, c) for n, c in funds if count[n] == 1]
    right = sum(1 for name, code in unshared if (table.lookup(name) or _NO).code == code)
    assert right / len(unshared) >= 0.95
    shared = {n for n, k in count.items() if k > 1}
    assert len(shared) > 20  # 卫星ETF, 中证A500ETF...
    assert [n for n in shared if table.lookup(n) is not None] == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("华泰柏瑞沪深300ETF", "510300"),  # issuer moved to the front of 沪深300ETF华泰柏瑞
        ("科创50ETF华夏", "588000"),  # issuer added behind the short name
        ("华夏上证科创板50ETF", "588000"),  # full name, ETF for the legal form, no 成份
        ("華泰柏瑞滬深300ETF", "510300"),  # traditional characters
        ("寒武纪-U", "688256"),  # a former listing name
        ("美团", "03690"),  # a Hong Kong name without its -W
    ],
)
def test_derived_and_variant_names(name: str, code: str) -> None:
    assert (SecuritiesTable.builtin().lookup(name) or _NO).code == code


def test_a_kind_narrows_a_name_two_kinds_share() -> None:
    table = SecuritiesTable.builtin()
    assert table.lookup("机器人") is None  # a stock (300024), an index and an industry
    assert (table.lookup("机器人", kind="stock") or _NO).code == "300024"
    assert (table.lookup("银行", kind="sector") or _NO).kind == "industry"


def test_a_user_row_replaces_the_builtin_row_with_its_code() -> None:
    mine = SecuritiesTable.from_csv(
        io.StringIO("code,name,aliases,exchange,kind\n600519,茅台酒业,,SH,stock\n")  # type: ignore[arg-type]
    )
    table = SecuritiesTable.builtin() + mine
    assert (table.lookup("茅台酒业") or _NO).code == "600519"
    assert table.lookup("贵州茅台") is None  # the built-in row is replaced, not kept beside
    assert len(table) == len(SecuritiesTable.builtin())


def test_a_user_table_teaches_the_extractor_stock_names() -> None:
    text = "北向资金今日净买入茅台5亿元。"
    assert Extractor().extract(text, "2025-02-08").facts == ()  # 茅台 is no listed name
    mine = SecuritiesTable.from_csv(
        io.StringIO("code,name,aliases,exchange,kind\n600519,贵州茅台,茅台,SH,stock\n")  # type: ignore[arg-type]
    )
    facts = Extractor(securities=mine).extract(text, "2025-02-08").facts
    assert [(f.subject.kind, f.subject.name) for f in facts if f.subject] == [("stock", "茅台")]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("科创50ETF（588000）", "588000"),
        ("科创50ETF(588000.SH)", "588000"),
        ("科创50ETF 588000.OF", "588000"),
        ("科创50ETF（SH588000）", "588000"),
        ("科创50ETF(sh588000)", "588000"),
        ("证券ETF（交易代码：512000）", "512000"),
        ("华宝证券ETF（基金简称“券商ETF”，交易代码：512000）", "512000"),
        ("创业板ETF（场内代码159915）", "159915"),
        ("沪深300ETF（代码：510300）", "510300"),
        ("沪深300ETF（基金代码：510300）", "510300"),
        ("贵州茅台（证券代码：600519）", "600519"),
        ("沪深300ETF代码为510300，", "510300"),
        ("沪深300ETF（代码为510300）", "510300"),
        pytest.param(
            "沪深300ETF，代码为510300，",
            "510300",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the code is read, but no subject is found across the code's own clause",
            ),
        ),
        ("腾讯控股(00700.HK)", "00700"),
        ("腾讯控股（0700.HK）", "00700"),
        ("腾讯控股 700.HK ", "00700"),
        ("SPDR标普500ETF（SPY）", "SPY"),
        ("景顺纳斯达克100ETF（QQQ）", "QQQ"),
    ],
)
def test_every_code_form_links_its_subject(written: str, code: str) -> None:
    facts = Extractor().extract(f"{written}本周净流入5亿元。", "2025-02-08").facts
    assert [f.subject.code for f in facts if f.subject] == [code]


def test_a_stock_named_without_a_code_is_a_stock_and_a_non_entity_is_no_subject() -> None:
    facts = Extractor().extract("北向资金净买入宁德时代4.2亿元。", "2025-02-08").facts
    assert [(f.subject.kind, f.subject.name) for f in facts if f.subject] == [("stock", "宁德时代")]
    for text in ("最新均价净流入3亿元。", "一周净流入3亿元。", "卖盘净流出3亿元。"):
        facts = Extractor().extract(text, "2025-02-08").facts
        assert [f for f in facts if f.subject and f.subject.kind == "stock"] == []

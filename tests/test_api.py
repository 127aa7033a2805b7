"""The public surface: exports, input errors, records' JSON shape, the calendar horizon."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

import finnews_extract
from finnews_extract import (
    ArticleResult,
    InputError,
    MetricFact,
    Period,
    Span,
    Subject,
    extract_periods,
    extract_quantities,
)
from finnews_extract.errors import FinnewsWarning
from finnews_extract.text.trading_calendar import is_trading_day


def test_public_names_are_pinned() -> None:
    assert set(finnews_extract.__all__) == {
        "ArticleError",
        "ArticleResult",
        "Entity",
        "Extractor",
        "ExtremeFact",
        "Fact",
        "FinnewsError",
        "FinnewsWarning",
        "InputError",
        "MetricFact",
        "Period",
        "PeriodMention",
        "Quantity",
        "SecuritiesTable",
        "Security",
        "Span",
        "StreakFact",
        "Subject",
        "__version__",
        "extract",
        "extract_periods",
        "extract_quantities",
    }


@pytest.mark.parametrize("bad", [None, 5, b"\xe4\xba\xbf", ["本周"]], ids=repr)
def test_non_string_text_is_a_clear_error(bad: object) -> None:
    with pytest.raises(InputError, match="text must be a str"):
        extract_quantities(bad)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="text must be a str"):
        extract_periods(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", "", 20250208])
def test_unparseable_published_at_is_a_clear_error(bad: object) -> None:
    with pytest.raises(InputError, match="published_at"):
        extract_periods("本周", bad)  # type: ignore[arg-type]


def test_empty_text_gives_empty_results() -> None:
    assert extract_quantities("") == []
    assert extract_periods("", "2025-02-08") == []


def test_published_at_forms_agree() -> None:
    forms = [
        "2025-02-08",
        "2025-02-08 11:34:20",
        "2025-02-08T11:34:20+08:00",
        dt.date(2025, 2, 8),
        dt.datetime(2025, 2, 8, 11, 34),
    ]
    results = {tuple((p.start, p.end) for p in extract_periods("本周", f)) for f in forms}
    assert results == {((dt.date(2025, 2, 5), dt.date(2025, 2, 7)),)}


def test_span_must_fit_its_text() -> None:
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="本周")
    span = Span(start=1, end=3, text="本周")
    span.check("上本周")
    with pytest.raises(ValueError):
        span.check("本周上")


def test_records_are_immutable() -> None:
    span = Span(start=0, end=2, text="本周")
    with pytest.raises(ValidationError):
        span.start = 1  # type: ignore[misc]


def test_fact_serializes_to_the_spec_shape() -> None:
    fact = MetricFact(
        metric="net_flow",
        subject=Subject(kind="etf", name="科创50ETF", code="588000"),
        value=Decimal("-6388000000"),
        unit="CNY",
        period=Period(start=dt.date(2025, 2, 5), end=dt.date(2025, 2, 7), text="本周"),
        span=Span(start=0, end=10, text="科创50ETF净流出"),
        rule="metric.net_flow",
    )
    result = ArticleResult(
        id="a",
        published_at=dt.datetime(2025, 2, 8, 11, 34, 20, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        facts=(fact,),
    )
    data = json.loads(result.model_dump_json())
    assert data["published_at"] == "2025-02-08T11:34:20+08:00"
    got = data["facts"][0]
    assert got["type"] == "metric" and got["value"] == -6388000000
    assert got["period"] == {"start": "2025-02-05", "end": "2025-02-07", "text": "本周"}
    assert got["subject"] == {"kind": "etf", "name": "科创50ETF", "code": "588000"}
    assert ArticleResult.model_validate_json(result.model_dump_json()) == result


def test_extracted_records_are_valid_and_round_trip() -> None:
    """Records are built without a validation pass; validating their JSON gives them back."""
    text = "软件50ETF（159590）连续6日上涨，连续3日获净流入，本周净流入2.5亿元，份额创历史新高。"
    result = finnews_extract.extract(text, "2025-02-08")
    assert {f.type for f in result.facts} == {"metric", "streak", "extreme"}
    assert ArticleResult.model_validate_json(result.model_dump_json()) == result
    assert all("period" in f.model_fields_set for f in result.facts)
    for entity in result.entities:
        starts = [m.start for m in entity.mentions]
        assert starts == sorted(starts)
    with pytest.raises(ValidationError):
        result.facts[0].rule = "x"  # type: ignore[misc]


def test_decimal_values_keep_their_digits_in_json() -> None:
    q = extract_quantities("净流入1234567890123.456789元")[0]
    assert q.value == Decimal("1234567890123.456789")
    assert q.model_dump(mode="json")["value"] == "1234567890123.456789"


def test_past_the_calendar_horizon_weekdays_are_used_with_a_warning() -> None:
    """2101 is past both sources (exchange_calendars' sessions, holidays' public holidays)."""
    is_trading_day.cache_clear()
    with pytest.warns(FinnewsWarning, match="FN-W002"):
        assert is_trading_day(dt.date(2101, 1, 3))  # a Monday; no holiday data
    with pytest.warns(FinnewsWarning):  # once per year and process: 2102 warns again
        periods = extract_periods("本周", "2102-01-07")  # a Saturday
    assert (periods[0].start, periods[0].end) == (dt.date(2102, 1, 2), dt.date(2102, 1, 6))


def test_no_wall_clock_without_published_at() -> None:
    periods = extract_periods("今日、昨日、本周、上月、年初至今、近60日、3月5日", None)
    assert periods and all(p.start is None and p.end is None for p in periods)


def test_a_typo_in_a_fund_name_still_links_to_its_code() -> None:
    text = "科创5OETF本周净流出63.88亿元。科创50ETF（588000）份额变化"
    fact = finnews_extract.extract(text, "2025-02-08").facts[0]
    assert fact.subject is not None and fact.subject.code == "588000"


def test_index_and_stock_codes_never_name_an_etf() -> None:
    text = "科创50ETF本周份额增加5.12亿份，其跟踪的科创50指数（000688）上涨2.16%。"
    facts = finnews_extract.extract(text, "2025-07-18").facts
    etf = next(f for f in facts if f.metric == "shares_change")
    assert etf.subject is not None and etf.subject.code is None


def test_the_calendar_cache_gives_the_same_sessions(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from finnews_extract.text import trading_calendar as _calendar

    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", str(tmp_path))
    computed = _calendar._compute_sessions()
    _calendar._write_cache(computed)
    assert _calendar._read_cache() == computed
    assert dt.date(2024, 2, 9).toordinal() not in computed[0]  # 除夕 2024: exchange closed
    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", "")
    assert _calendar._cache_file() is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the data date stated with 截至 ends the open range, not the publish date (spec §6)
        ("截至1月17日，沪深300指数今年以来累计下跌3.2%。", "2025-01-02", "2025-01-17"),
        ("截至1月17日，证券ETF近一周净流入5亿元。", "2025-01-13", "2025-01-17"),
        # without a stated data date the range ends on the publish date
        ("沪深300指数今年以来累计下跌3.2%。", "2025-01-02", "2025-01-20"),
    ],
)
def test_an_open_range_ends_on_the_stated_data_date(text: str, start: str, end: str) -> None:
    fact = finnews_extract.extract(text, "2025-01-20T18:36:00+08:00").facts[0]
    assert fact.period is not None
    assert (str(fact.period.start), str(fact.period.end)) == (start, end)


@pytest.mark.parametrize(
    ("published_at", "day", "window"),
    [
        # before the open (09:30) the day's session has not traded: 全天 and 近N个交易日 are
        # the previous trading day's (spec §6)
        ("2025-09-26T09:15:00+08:00", "2025-09-25", ("2025-09-22", "2025-09-25")),
        ("2025-09-26T15:15:00+08:00", "2025-09-26", ("2025-09-23", "2025-09-26")),
        # a bare date says no time of day
        ("2025-09-26", "2025-09-26", ("2025-09-23", "2025-09-26")),
    ],
)
def test_a_report_before_the_open_speaks_of_the_previous_session(
    published_at: str, day: str, window: tuple[str, str]
) -> None:
    text = "沪深300ETF全天成交额超61亿元。沪深300ETF近4个交易日净流入2亿元。"
    facts = finnews_extract.extract(text, published_at).facts
    periods = [(str(f.period.start), str(f.period.end)) for f in facts if f.period]
    assert periods == [(day, day), window]

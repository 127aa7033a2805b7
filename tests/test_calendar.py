"""The trading calendar's two sources: exchange_calendars' XSHG sessions within its years, the
``holidays`` package's China public holidays minus ``lexicons/exchange_closures.yaml`` past them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import warnings
from importlib import metadata

import pytest

from finnews_extract import extract_periods
from finnews_extract.errors import FinnewsError, FinnewsWarning
from finnews_extract.text import trading_calendar as tc

_ONE = dt.timedelta(days=1)


def _clear() -> None:
    """Forget memoized days and warned years, so the next calls really consult the calendar."""
    tc.is_trading_day.cache_clear()
    tc._horizon_warning.cache_clear()


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + n * _ONE for n in range((end - start).days + 1)]


def _china(years: int | range) -> set[dt.date]:
    import holidays

    return set(holidays.country_holidays("CN", years=years, categories="public"))


def test_the_sources_agree_on_2019_to_2026_except_the_listed_closures() -> None:
    import exchange_calendars

    start, end = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xshg = exchange_calendars.get_calendar("XSHG", start=start.isoformat(), end=end.isoformat())
        sessions = set(xshg.sessions.date)
    public = _china(range(2019, 2027))
    closures = {day for day in tc._load_closures() if start <= day <= end}
    by_table = {day for day in _days(start, end) if day.weekday() < 5 and day not in public}
    assert sessions ^ by_table == closures  # the closures list is exactly the disagreement
    assert sessions == by_table - closures
    assert dt.date(2024, 2, 9) in closures  # 除夕 2024: no public holiday, the exchange closed


def test_spring_festival_2027_is_skipped_without_a_horizon_warning() -> None:
    assert tc.horizon()[1] < dt.date(2027, 1, 1)  # 2027 is past exchange_calendars' data
    closure = sorted(day for day in _china(2027) if day.month == 2 and day.weekday() < 5)
    assert dt.date(2027, 2, 5) in closure  # 除夕 2027 (a Friday) is a public holiday
    published = dt.date(2027, 2, 15)  # a Monday: 上周 is Mon 02-08 .. Sun 02-14
    week = _days(published - 7 * _ONE, published - _ONE)
    assert any(day in closure for day in week)
    _clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (period,) = extract_periods("上周", published.isoformat())
    assert not [w for w in caught if "FN-W002" in str(w.message)]
    assert period.text == "上周" and period.start is not None and period.end is not None
    assert tc.is_trading_day(period.start) and tc.is_trading_day(period.end)
    assert week[0] <= period.start <= period.end <= week[-1]
    assert not [day for day in closure if period.start <= day <= period.end]
    open_days = [day for day in week if day.weekday() < 5 and day not in closure]
    assert (period.start, period.end) == (open_days[0], open_days[-1])


def test_trading_days_past_the_horizon_are_weekdays_minus_holidays_and_closures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    year = tc.horizon()[1].year + 1
    public = _china(year)
    _clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = tc.trading_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert not caught
    days = _days(dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert got == [day for day in days if day.weekday() < 5 and day not in public]
    # a closure listed in the data file for that year is no trading day either
    extra = next(day for day in got if day.month == 3)
    text = tc._read_closures() + f"  - {{date: {extra.isoformat()}, reason: test}}\n"
    monkeypatch.setattr(tc, "_read_closures", lambda: text)
    closed, _ = tc._closed_outside(*tc.horizon())
    assert extra.toordinal() in closed
    assert dt.date(2024, 2, 9).toordinal() not in closed  # within the horizon: sessions rule


@pytest.mark.parametrize("side", ["after", "before"])
def test_a_year_neither_source_covers_warns_once(side: str) -> None:
    import holidays

    covered = holidays.country_holidays("CN")
    year = covered.end_year + 1 if side == "after" else covered.start_year - 1
    first, last = tc.horizon()
    assert not first.year <= year <= last.year
    _clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = tc.trading_days(dt.date(year, 1, 1), dt.date(year, 1, 31))
        tc.is_trading_day(dt.date(year, 6, 1))
    messages = [str(w.message) for w in caught if issubclass(w.category, FinnewsWarning)]
    assert messages == [
        f"[FN-W002] the exchange calendar has no data for {year}: weekdays were used"
    ]
    january = _days(dt.date(year, 1, 1), dt.date(year, 1, 31))
    assert got == [day for day in january if day.weekday() < 5]  # 1 January included


@pytest.mark.parametrize(
    "text",
    [
        "closures: [{date: 2024-02-09, reason: x}\n",  # not YAML
        "- {date: 2024-02-09, reason: x}\n",  # no closures key
        "closures: [{date: 2024-02-09}]\n",  # no reason
        "closures: [{date: 2024-02-09, reason: '  '}]\n",  # empty reason
        "closures: [{date: 2024-02-10, reason: x}]\n",  # a Saturday
        "closures: [{date: 2024-02-30, reason: x}]\n",  # no such day
        "closures: [{date: 2024-02-09, reason: x}, {date: 2024-02-09, reason: y}]\n",
        "closures: [{date: 2024-02-09, reason: x, note: y}]\n",  # an unknown key
    ],
)
def test_a_malformed_closures_file_fails_naming_it(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tc, "_read_closures", lambda: text)
    with pytest.raises(FinnewsError, match=r"lexicons/exchange_closures\.yaml is invalid"):
        tc._load_closures()


def test_the_closures_file_as_shipped_loads() -> None:
    closures = tc._load_closures()
    assert closures and all(day.weekday() < 5 and reason for day, reason in closures.items())


def test_the_cache_is_keyed_by_both_libraries_and_the_closures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", str(tmp_path))
    path = tc._cache_file()
    assert path is not None
    assert f"xshg-{metadata.version('exchange_calendars')}-" in path.name
    assert f"holidays-{metadata.version('holidays')}-" in path.name
    shipped = tc._read_closures()
    monkeypatch.setattr(tc, "_read_closures", lambda: shipped + "# edited\n")
    edited = tc._cache_file()
    assert edited is not None and edited.name != path.name


def test_with_the_cache_neither_library_is_imported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", str(tmp_path))
    tc._write_cache(tc._sessions())
    code = (
        "import sys\n"
        "from finnews_extract import extract_periods\n"
        "(p,) = extract_periods('上周', '2027-02-15')\n"
        "print(p.start, p.end, sorted({'holidays', 'exchange_calendars'} & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "[]", done.stdout

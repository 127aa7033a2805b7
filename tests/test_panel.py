"""The panel: one row per subject, metric, unit and period, outlets merged, conflicts flagged.

The articles of the end-to-end tests are written here and go through ``extract``; only the
unit tests of agreement and merging use hand-written records.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import random
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from finnews_extract import extract
from finnews_extract.cli import main
from finnews_extract.errors import FinnewsWarning
from finnews_extract.panel import COLUMNS, Figure, agree, build, written_precision
from finnews_extract.panel.command import summary_line
from finnews_extract.panel.observe import identities

# Five articles from three outlets: two agree on 2025-02-05's flow of 科创50ETF (3.2亿元
# and 32000万元, the second without a code), one differs (3.5亿元); the fund's flows of
# 02-06 and 02-07 come from two more.
ARTICLES = [
    {
        "id": "mj-0205",
        "outlet": "每日经济新闻",
        "published_at": "2025-02-05T19:30:00+08:00",
        "text": "2月5日，华夏上证科创板50ETF（588000）全天净流入3.2亿元，份额增加2.9亿份。",
    },
    {
        "id": "cls-0205",
        "outlet": "财联社",
        "published_at": "2025-02-05T20:10:00+08:00",
        "text": "财联社2月5日电，科创50ETF今日获资金净流入32000万元，居同类产品首位。",
    },
    {
        "id": "stcn-0206",
        "outlet": "证券时报",
        "published_at": "2025-02-06T07:45:00+08:00",
        "text": "据统计，2月5日科创50ETF（588000）净流入3.5亿元，成交额超过20亿元。",
    },
    {
        "id": "mj-0206",
        "outlet": "每日经济新闻",
        "published_at": "2025-02-06T19:00:00+08:00",
        "text": "今日科创50ETF（588000）净流出1.8亿元，沪指上涨0.8%。",
    },
    {
        "id": "cls-0207",
        "outlet": "财联社",
        "published_at": "2025-02-07T18:30:00+08:00",
        "text": "2月7日，科创50ETF（588000）净流入约6000万元。",
    },
]


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five articles through ``finnews-extract extract``: their JSONL records."""
    folder = tmp_path_factory.mktemp("panel")
    articles = _jsonl(folder / "articles.jsonl", ARTICLES)
    facts = folder / "facts.jsonl"
    assert main(["extract", str(articles), "-o", str(facts), "--workers", "1", "--quiet"]) == 0
    return facts


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _quiet_build(items: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FinnewsWarning)
        return build(items)


# --- done when: five articles, three outlets ---------------------------------------------


def test_three_outlets_on_one_day_are_one_row_with_a_conflict(extracted: Path) -> None:
    panel = _quiet_build(_records(extracted))
    flows = panel[(panel["code"] == "588000") & (panel["metric"] == "net_flow")]
    day = flows[flows["period_start"] == pd.Timestamp("2025-02-05")]
    assert len(day) == 1
    row = day.iloc[0]
    assert row["n_articles"] == 3
    assert row["article_ids"] == ["mj-0205", "cls-0205", "stcn-0206"]
    assert bool(row["conflict"]) is True
    assert row["value"] == 320_000_000.0  # two articles give it; one gives 3.5亿元
    assert row["approx"] is pd.NA
    assert [(v["value"], v["article_ids"], v["agrees"]) for v in row["values"]] == [
        ("320000000", ["mj-0205", "cls-0205"], True),
        ("350000000", ["stcn-0206"], False),
    ]
    assert row["subject_name"] == "科创50ETF"  # the name most articles give
    assert row["first_published_at"] == pd.Timestamp("2025-02-05T19:30:00+08:00")


def test_a_funds_flows_over_three_days_are_three_rows_in_period_order(extracted: Path) -> None:
    panel = _quiet_build(_records(extracted))
    flows = panel[(panel["code"] == "588000") & (panel["metric"] == "net_flow")]
    assert [d.date().isoformat() for d in flows["period_start"]] == [
        "2025-02-05",
        "2025-02-06",
        "2025-02-07",
    ]
    assert (flows["period_start"] == flows["period_end"]).all()
    assert flows["value"].tolist() == [320_000_000.0, -180_000_000.0, 60_000_000.0]
    assert flows["approx"].tolist()[1:] == [pd.NA, "about"]
    assert flows["conflict"].tolist() == [True, False, False]
    assert flows["n_articles"].tolist() == [3, 1, 1]


def _read_csv(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["article_ids"] = json.loads(row["article_ids"])
        row["values"] = json.loads(row["values"])
        row["value"] = float(row["value"])
        row["n_articles"] = int(row["n_articles"])
        row["conflict"] = row["conflict"] == "True"
        row["first_published_at"] = dt.datetime.fromisoformat(row["first_published_at"])
        for key in ("code", "approx"):
            row[key] = row[key] or None
    return rows


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    for row in rows:
        row["period_start"] = row["period_start"].isoformat()
        row["period_end"] = row["period_end"].isoformat()
    return rows


def test_csv_and_parquet_hold_the_same_rows(extracted: Path, tmp_path: Path) -> None:
    for name in ("panel.csv", "panel.parquet", "panel.jsonl"):
        assert main(["panel", str(extracted), "-o", str(tmp_path / name), "--quiet"]) == 0
    from_csv = _read_csv(tmp_path / "panel.csv")
    from_parquet = _read_parquet(tmp_path / "panel.parquet")
    assert from_csv == from_parquet
    assert len(from_csv) == len(_quiet_build(_records(extracted))) == 6
    lines = [json.loads(x) for x in (tmp_path / "panel.jsonl").read_text("utf-8").splitlines()]
    assert [r["article_ids"] for r in lines] == [r["article_ids"] for r in from_csv]
    assert list(lines[0]) == list(COLUMNS)


def test_results_records_and_flat_rows_give_the_same_panel(extracted: Path, tmp_path: Path) -> None:
    results = [extract(a["text"], a["published_at"], id=a["id"]) for a in ARTICLES]
    from_results = _quiet_build(results)
    from_records = _quiet_build(_records(extracted))
    pd.testing.assert_frame_equal(from_results, from_records)
    assert from_results.attrs == from_records.attrs
    articles = _jsonl(tmp_path / "articles.jsonl", ARTICLES)
    rows = tmp_path / "facts.parquet"
    assert main(["extract", str(articles), "-o", str(rows), "--workers", "1", "--quiet"]) == 0
    from_rows = _quiet_build(pd.read_parquet(rows))
    pd.testing.assert_frame_equal(from_rows, from_records)
    assert from_rows.attrs == from_records.attrs


def test_input_order_does_not_change_the_panel(extracted: Path) -> None:
    records = _records(extracted)
    want = _quiet_build(records)
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        pd.testing.assert_frame_equal(_quiet_build(shuffled), want)


# --- agreement -----------------------------------------------------------------------------


def _fig(value: str, text: str, approx: str | None = None) -> Figure:
    return Figure.read(Decimal(value), approx, text)


@pytest.mark.parametrize(
    ("value", "text", "precision"),
    [
        ("320000000", "净流入3.2亿元", "1E+7"),
        ("320000000", "净流入32000万元", "1E+4"),
        ("-6388000000", "科创50ETF净流出63.88亿元", "1E+6"),
        ("123450000000", "规模达1,234.5亿元", "1E+7"),
        ("12.5", "涨幅达１２．５％", "0.1"),
        ("287000000", "2.87", "1E+6"),  # a table cell: the unit is in the header
        ("300000000000", "三千亿元", "1E+11"),  # Chinese numerals: the value's last digit
        ("10000000000", "100多亿元", "1E+8"),
        ("0", "净流入0.00亿元", "0.01"),
    ],
)
def test_written_precision(value: str, text: str, precision: str) -> None:
    assert written_precision(Decimal(value), text) == Decimal(precision)


@pytest.mark.parametrize(
    ("a", "b", "agreed"),
    [
        (("320000000", "3.2亿元"), ("320000000", "32000万元"), True),
        (("320000000", "3.2亿元"), ("350000000", "3.5亿元"), False),
        (("320000000", "3.2亿元"), ("324000000", "3.24亿元"), True),
        (("320000000", "3.2亿元"), ("326000000", "3.26亿元"), False),
        (("320000000", "32000万元"), ("324000000", "3.24亿元"), False),  # 万 vs 百万
        (("320000000", "约3.2亿元", "about"), ("320000000", "3.2亿元"), True),
        (("320000000", "约3.2亿元", "about"), ("330000000", "3.3亿元"), True),  # 5 %
        (("300000000", "约3亿元", "about"), ("360000000", "3.6亿元"), False),
        (("300000000", "超3亿元", "over"), ("350000000", "3.5亿元"), True),
        (("300000000", "超3亿元", "over"), ("290000000", "2.9亿元"), False),
        (("300000000", "不足3亿元", "under"), ("290000000", "2.9亿元"), True),
        (("300000000", "不足3亿元", "under"), ("310000000", "3.1亿元"), False),
        (("300000000", "近3亿元", "nearly"), ("280000000", "2.8亿元"), True),
        (("300000000", "近3亿元", "nearly"), ("150000000", "1.5亿元"), False),
        (("300000000", "超3亿元", "over"), ("320000000", "约3.2亿元", "about"), True),
        (("-320000000", "净流出3.2亿元"), ("320000000", "净流入3.2亿元"), False),
        (("-300000000", "净流出超3亿元", "over"), ("-350000000", "净流出3.5亿元"), True),
    ],
)
def test_agreement(a: tuple[str, ...], b: tuple[str, ...], agreed: bool) -> None:
    fa, fb = _fig(*a), _fig(*b)
    assert agree(fa, fb) is agreed
    assert agree(fb, fa) is agreed


# --- merging, on hand-written records ------------------------------------------------------


def _fact(name: str, value: Any, text: str, **extra: Any) -> dict[str, Any]:
    fact = {
        "type": "metric",
        "metric": "net_flow",
        "subject": {"kind": "etf", "name": name, "code": extra.pop("code", None)},
        "value": value,
        "unit": "CNY",
        "approx": extra.pop("approx", None),
        "period": {"start": "2025-02-05", "end": "2025-02-05", "text": "2月5日"},
        "span": {"start": 0, "end": len(text), "text": text},
    }
    fact.update(extra)
    return fact


def _record(article_id: str, published_at: str | None, *facts: dict[str, Any]) -> dict[str, Any]:
    return {"id": article_id, "published_at": published_at, "facts": list(facts), "errors": []}


def test_a_tie_goes_to_the_earliest_published() -> None:
    records = [
        _record("late", "2025-02-05T21:00:00+08:00", _fact("X ETF", 350000000, "3.5亿元")),
        _record("early", "2025-02-05T20:00:00+08:00", _fact("X ETF", 320000000, "3.2亿元")),
        _record("undated", None, _fact("X ETF", 340000000, "3.4亿元")),
    ]
    row = _quiet_build(records).iloc[0]
    assert row["value"] == 320000000.0
    assert row["article_ids"] == ["early", "late", "undated"]
    assert [v["article_ids"] for v in row["values"]] == [["early"], ["late"], ["undated"]]


def test_values_that_all_agree_are_no_conflict_and_approx_is_kept() -> None:
    records = [
        _record(
            "a", "2025-02-05T20:00:00+08:00", _fact("X ETF", 300000000, "约3亿元", approx="about")
        ),
        _record(
            "b", "2025-02-05T21:00:00+08:00", _fact("X ETF", 300000000, "约3亿元", approx="about")
        ),
        _record("c", "2025-02-05T22:00:00+08:00", _fact("X ETF", 312000000, "3.12亿元")),
    ]
    row = _quiet_build(records).iloc[0]
    assert (row["value"], row["approx"], bool(row["conflict"])) == (300000000.0, "about", False)
    assert [v["agrees"] for v in row["values"]] == [True, True]


def test_facts_left_out_are_counted_and_said() -> None:
    undated = _fact("X ETF", 1, "1元", period={"start": None, "end": None, "text": "本周"})
    no_period = _fact("X ETF", 2, "2元", period=None)
    no_subject = _fact("X ETF", 3, "3元", subject=None)
    streak = {"type": "streak", "metric": "net_flow", "direction": "up", "count": 3, "unit": "day"}
    records = [
        _record("a", "2025-02-05", _fact("X ETF", 4, "4元"), undated, no_period, no_subject),
        _record("b", "2025-02-05", streak),
        {"id": "c", "published_at": None, "facts": [], "errors": [{"code": "x", "message": "y"}]},
        {"text": "an article, not a record"},
    ]
    with pytest.warns(
        FinnewsWarning,
        match=r"\[FN-W004\] panel: 3 of 4 metric facts left out \(2 without a period, 1 with",
    ):
        panel = build(records)
    assert len(panel) == 1
    assert panel.attrs == {
        "articles": 3,
        "failed_articles": 1,
        "unreadable": 1,
        "facts": 5,
        "metric_facts": 4,
        "undated_facts": 2,
        "no_subject_facts": 1,
        "other_facts": 1,
        "in_panel_facts": 1,
    }
    line = summary_line(panel)
    assert "panel: 1 row (0 with a conflict) from 1 of 4 metric facts in 3 articles;" in line
    assert "left out: 2 metric facts without a period, 1 metric fact without a subject, " in line
    assert "1 record or streak fact, 1 failed article, 1 input line that held no record" in line


def test_an_empty_input_is_an_empty_typed_panel() -> None:
    panel = build([])
    assert list(panel.columns) == list(COLUMNS) and len(panel) == 0
    assert str(panel["period_start"].dtype) == "datetime64[ns]"
    assert str(panel["value"].dtype) == "float64"


# --- who a subject is ----------------------------------------------------------------------


def test_identities_link_names_across_articles_as_within_one() -> None:
    found = identities(
        [
            ("etf", "科创50ETF", None),
            ("etf", "华夏上证科创板50ETF", "588000"),
            ("etf", "易方达创业板ETF", "159915"),
            ("etf", "创业板ETF", None),  # one issuer's code: the bare name links to it
            ("etf", "华安黄金ETF", None),
            ("etf", "博时黄金ETF", None),  # two issuers: two funds
            ("index", "沪深300", None),
            ("etf", "沪深300ETF", None),
            ("etf", "半导体ETF", "512480"),
            ("etf", "半导体ETF", "512760"),  # two codes for one name: it links to neither
            ("category", "半导体ETF", None),
        ]
    )
    assert found[("etf", "科创50ETF", None)] == ("fund", "code", "588000")
    assert found[("etf", "创业板ETF", None)] == ("fund", "code", "159915")
    assert found[("etf", "华安黄金ETF", None)] != found[("etf", "博时黄金ETF", None)]
    assert found[("index", "沪深300", None)] != found[("etf", "沪深300ETF", None)]
    assert found[("category", "半导体ETF", None)][1] == "name"


def test_a_bare_name_in_one_article_takes_the_code_of_another() -> None:
    records = [
        _record("a", "2025-02-05T20:00:00+08:00", _fact("科创50ETF", 320000000, "3.2亿元")),
        _record(
            "b",
            "2025-02-06T08:00:00+08:00",
            _fact("华夏上证科创板50ETF", 320000000, "3.2亿元", code="588000"),
        ),
    ]
    panel = _quiet_build(records)
    assert len(panel) == 1
    assert (panel.iloc[0]["code"], panel.iloc[0]["n_articles"]) == ("588000", 2)


# --- the command ---------------------------------------------------------------------------


def test_the_command_reads_folders_gz_and_several_inputs(
    extracted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(extracted)
    folder = tmp_path / "dump"
    (folder / "sub").mkdir(parents=True)
    _jsonl(folder / "one.jsonl", records[:2])
    with gzip.open(folder / "sub" / "two.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records[2:4])
    (folder / "notes.txt").write_text("not an input", "utf-8")
    last = _jsonl(tmp_path / "last.jsonl", records[4:])
    out = tmp_path / "panel.jsonl"
    assert main(["panel", str(folder), str(last), "-o", str(out)]) == 0
    got = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    want = [json.loads(x) for x in _panel_lines(extracted)]
    assert got == want
    err = capsys.readouterr().err
    assert err.startswith("finnews-extract panel: ") and "in 5 articles" in err


def _panel_lines(path: Path) -> list[str]:
    buffer = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(buffer):
        assert main(["panel", str(path), "--quiet"]) == 0
    return buffer.getvalue().splitlines()


def test_the_command_counts_lines_that_are_no_record(
    extracted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text(extracted.read_text("utf-8") + "{not json\n[1, 2]\n", "utf-8")
    assert main(["panel", str(broken), "-o", str(tmp_path / "p.csv")]) == 3
    assert "2 input lines that held no record" in capsys.readouterr().err
    assert main(["panel", str(broken), "-o", str(tmp_path / "p.csv"), "--quiet"]) == 3
    assert capsys.readouterr().err == ""


def test_the_command_refuses_bad_arguments(
    extracted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["panel", str(extracted), "-o", str(tmp_path / "p.xlsx")]) == 2
    assert "extension must be one of" in capsys.readouterr().err
    assert main(["panel", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such input" in capsys.readouterr().err
    assert main(["panel", str(extracted), "--top", "0"]) == 2
    assert not (tmp_path / "p.xlsx").exists()


def test_the_page_has_one_chart_per_series(extracted: Path, tmp_path: Path) -> None:
    page = tmp_path / "panel.html"
    assert main(["panel", str(extracted), "--html", str(page), "--top", "2", "--quiet"]) == 0
    html = page.read_text("utf-8")
    assert html.count("<figure") == 2
    assert '<figure class="series" data-points="3" data-conflicts="1">' in html
    assert "conflict: 3.2 亿元 (mj-0205, cls-0205); 3.5 亿元 (stcn-0206)" in html

"""The command line and article reading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPORA, SHARED

from finnews_extract.batch.sources import iter_articles
from finnews_extract.cli import main


@pytest.mark.filterwarnings("ignore:.*FN-W002")
def test_scan_reads_every_bundled_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(CORPORA / "articles")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    articles = list(iter_articles(CORPORA / "articles"))
    assert [r["id"] for r in lines] == [a["id"] for a in articles]
    assert len(lines) >= 5
    for record, article in zip(lines, articles, strict=True):
        assert record["errors"] == []
        assert record["quantities"], record["id"]
        for item in record["quantities"] + record["periods"]:
            span = item["span"]
            assert article["text"][span["start"] : span["end"]] == span["text"]


def test_scan_marks_a_bad_article_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "a.jsonl"
    dump.write_text(
        json.dumps({"id": "ok", "text": "净流入1亿元", "published_at": "2025-02-08"})
        + "\n"
        + json.dumps({"id": "bad", "text": 5})
        + "\n"
        + json.dumps({"id": "baddate", "text": "本周", "published_at": "someday"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["scan", str(dump)]) == 3
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines] == ["ok", "bad", "baddate"]
    assert lines[0]["errors"] == [] and lines[0]["quantities"][0]["value"] == 100000000
    assert "text must be a str" in lines[1]["errors"][0]["message"]
    assert "published_at" in lines[2]["errors"][0]["message"]


def test_schema_describes_the_article_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "ArticleResult"
    assert {"id", "facts", "entities", "errors"} <= set(schema["properties"])


def test_front_matter_and_trailing_dates() -> None:
    by_id = {a["id"]: a for a in iter_articles(CORPORA / "articles" / "seeds")}
    assert by_id["000_667ec650c6453d9f"]["published_at"] == "2025-02-08 11:34:20"
    assert by_id["003_70b8c1b4021aafed"]["published_at"] == "2026-02-11 22:11"
    assert by_id["002_ccfc4163e8774612"]["published_at"] is None
    assert by_id["000_667ec650c6453d9f"]["title"].startswith("晕了晕了")


@pytest.mark.skipif(not (SHARED / "dev").exists(), reason="../shared is not beside the repo")
def test_seed_files_read_as_the_dev_articles() -> None:
    dev = {}
    with (SHARED / "dev" / "seeds.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            dev[record["id"]] = record
    for article in iter_articles(CORPORA / "articles" / "seeds"):
        assert article["text"] == dev[article["id"]]["text"]


def test_extract_writes_one_record_per_article(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(CORPORA / "articles" / "seeds"), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(list(iter_articles(CORPORA / "articles" / "seeds")))
    assert all(r["facts"] and r["errors"] == [] for r in records)


def test_extract_marks_a_failing_article_and_goes_on(tmp_path: Path) -> None:
    dump = tmp_path / "a.jsonl"
    dump.write_text(
        json.dumps({"id": "bad", "text": None})
        + "\n"
        + json.dumps(
            {"id": "ok", "text": "本周科创50ETF净流出63.88亿元。", "published_at": "2025-02-08"}
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    assert main(["extract", str(dump), "-o", str(out)]) == 3
    bad, ok = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert bad["errors"][0]["code"] == "input" and ok["facts"][0]["value"] == -6388000000


def test_explain_names_the_rules_that_fired(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "其中科创50ETF净流出63.88亿元，份额创近一年新低"]) == 0
    out = capsys.readouterr().out
    assert "quantity.arabic" in out and "extreme.record" in out
    assert "fact      metric net_flow 科创50ETF = -6388000000 CNY" in out


def test_show_prints_and_writes_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = CORPORA / "articles" / "seeds" / "000_667ec650c6453d9f.txt"
    assert main(["show", str(article)]) == 0
    out = capsys.readouterr().out
    assert "科创50ETF" in out and "metric.net_flow" in out
    page = tmp_path / "a.html"
    assert main(["show", str(article), "--html", str(page)]) == 0
    assert page.read_text(encoding="utf-8").count("<mark") >= 10
    assert main(["show", str(tmp_path / "nope.md")]) == 2

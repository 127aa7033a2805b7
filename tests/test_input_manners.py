"""Issue 15, input manners: coded warnings as plain lines and record fields, files that are
not articles, and text with lone surrogates. Through the real command line (a subprocess),
as a user meets it, and through the library call."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, assert_spans_exact

from finnews_extract import FinnewsWarning, extract
from finnews_extract.batch.runner import process_item
from finnews_extract.batch.sources import Item
from finnews_extract.text.inputs import replace_surrogates

UNDATED = "本周科创50ETF净流出63.88亿元，份额创近一年新低。"
W001 = "no published_at: relative and yearless dates left unresolved"
GOLDEN = CORPORA / "articles" / "seeds" / "000_667ec650c6453d9f.golden.json"
BROKEN = "本周科创50ETF净流出63.88亿元\ud83d，份额创近一年新低。"  # half of an emoji
AT = BROKEN.index("\ud83d")


def _cli(*args: str | bytes, stdin: bytes | None = None, cwd: Path | None = None) -> Any:
    """Run ``python -m finnews_extract ARGS``; stdout and stderr as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "finnews_extract", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    # ensure_ascii keeps a lone surrogate as the \ud83d escape a scraped dump holds
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- 1. warnings: one plain line per kind, counted, in the records; --strict --------------


def test_explain_without_a_date_prints_one_plain_warning_line() -> None:
    done = _cli("explain", UNDATED)
    assert done.returncode == 0
    assert _lines(done.stderr) == [f"warning FN-W001: {W001}"]
    assert "fact      metric net_flow 科创50ETF = -6388000000 CNY" in done.stdout.decode()


def test_explain_with_a_date_prints_no_warning() -> None:
    done = _cli("explain", UNDATED, "--published-at", "2025-02-08")
    assert (done.returncode, done.stderr) == (0, b"")


def test_explain_strict_fails_on_the_warning() -> None:
    done = _cli("explain", "--strict", UNDATED)
    assert done.returncode == 3
    assert _lines(done.stderr) == [f"error FN-W001: {W001}"]
    assert done.stdout == b""


def test_a_thousand_undated_articles_give_one_warning_line_and_a_count(tmp_path: Path) -> None:
    dump = _jsonl(
        tmp_path / "undated.jsonl",
        [{"id": f"u{i}", "text": f"本周科创50ETF净流出{i + 1}.5亿元。"} for i in range(1000)],
    )
    out = tmp_path / "out.jsonl"
    done = _cli("extract", str(dump), "-o", str(out), "--workers", "2", "--chunk-size", "64")
    assert done.returncode == 0
    warning, summary = _lines(done.stderr)
    assert warning == f"warning FN-W001: {W001} (1000 articles)"
    assert ", 0 with errors, 1000 with warnings (FN-W001: 1000) in " in summary
    records = _records(out)
    assert [r["id"] for r in records] == [f"u{i}" for i in range(1000)]
    assert all(r["warnings"] == [{"code": "FN-W001", "message": W001}] for r in records)
    assert all(r["facts"] and r["errors"] == [] for r in records)


def test_strict_makes_warned_articles_error_records_and_spares_the_others(tmp_path: Path) -> None:
    dump = _jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": f"a{i}", "text": UNDATED, **({"published_at": "2025-02-08"} if i % 2 else {})}
            for i in range(10)
        ],
    )
    out = tmp_path / "out.jsonl"
    done = _cli("extract", str(dump), "-o", str(out), "--workers", "1", "--strict")
    assert done.returncode == 3
    line, summary = _lines(done.stderr)
    assert line == f"error FN-W001: {W001} (5 articles; --strict made them errors)"
    assert ", 5 with errors, 5 of them for warnings (FN-W001: 5) in " in summary
    records = _records(out)
    for i, record in enumerate(records):
        assert record["id"] == f"a{i}" and record["warnings"] == []
        if i % 2:
            assert record["facts"] and record["errors"] == []
            assert record["published_at"] == "2025-02-08T00:00:00+08:00"
        else:
            assert record["facts"] == [] and record["entities"] == []
            where = f"{dump}:{i + 1}"
            assert record["errors"] == [{"code": "FN-W001", "message": W001, "where": where}]


def test_flat_rows_carry_the_warnings(tmp_path: Path) -> None:
    dump = _jsonl(tmp_path / "a.jsonl", [{"id": "u", "text": UNDATED}])
    out = tmp_path / "out.csv"
    done = _cli("extract", str(dump), "-o", str(out), "--workers", "1", "--quiet")
    assert (done.returncode, done.stderr) == (0, b"")
    import csv

    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["warning"] == f"FN-W001: {W001}" for r in rows)


def test_scan_prints_one_warning_line_per_kind(tmp_path: Path) -> None:
    dump = _jsonl(tmp_path / "a.jsonl", [{"id": f"u{i}", "text": UNDATED} for i in range(3)])
    done = _cli("scan", str(dump))
    assert done.returncode == 0
    assert _lines(done.stderr) == [f"warning FN-W001: {W001} (3 articles)"]
    records = [json.loads(line) for line in _lines(done.stdout)]
    assert [r["warnings"][0]["code"] for r in records] == ["FN-W001"] * 3


def test_library_callers_keep_python_warnings() -> None:
    """The batch step catches warnings per article; it no longer silences the process."""
    record = process_item(Item("here", {"id": "b", "text": UNDATED, "published_at": None}))
    assert record["warnings"] == [{"code": "FN-W001", "message": W001}]
    with pytest.warns(FinnewsWarning, match=r"\[FN-W001\]"):
        extract(UNDATED)


def test_other_warnings_pass_through_the_catch() -> None:
    from finnews_extract.batch.article_warnings import caught

    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with caught() as found:
            warnings.warn("[FN-W001] x", FinnewsWarning, stacklevel=1)
            warnings.warn("something else", RuntimeWarning, stacklevel=1)
    assert found == [{"code": "FN-W001", "message": "x"}]
    assert [str(w.message) for w in outside] == ["something else"]


# --- 2. files that are not articles ------------------------------------------------------


def _not_articles(root: Path) -> dict[str, tuple[Path, str]]:
    """Files that are not articles, and what the one-line message says of each."""
    (root / "empty.md").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"\n  \n")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "no-articles.jsonl").write_bytes(b"")
    (root / "annotations.gold.jsonl").write_text(
        json.dumps({"id": "a", "facts": []}) + "\n", encoding="utf-8"
    )
    return {
        "golden": (GOLDEN, "no field 'text', not an article (its fields: id, published_at"),
        "empty": (root / "empty.md", "an empty file, no article"),
        "blank": (root / "blank.txt", "an empty file, no article"),
        "binary": (root / "picture.png", "a binary file (it has NUL bytes), not text"),
        "empty_jsonl": (root / "no-articles.jsonl", "no article in it"),
        "gold_jsonl": (root / "annotations.gold.jsonl", "no field 'text', not an article"),
    }


@pytest.mark.parametrize(
    "kind", ["golden", "empty", "blank", "binary", "empty_jsonl", "gold_jsonl"]
)
@pytest.mark.parametrize("command", ["show", "explain"])
def test_show_and_explain_refuse_a_file_that_is_not_an_article(
    tmp_path: Path, command: str, kind: str
) -> None:
    path, problem = _not_articles(tmp_path)[kind]
    done = _cli(command, str(path))
    assert done.returncode == 2
    (line,) = _lines(done.stderr)
    assert line.startswith(f"finnews-extract: {path}") and problem in line, line
    assert done.stdout == b""


def test_explain_reads_an_article_file_with_its_date(tmp_path: Path) -> None:
    article = tmp_path / "one.md"
    article.write_text('---\ndate: "2025-02-08 11:34:20"\n---\n\n' + UNDATED, encoding="utf-8")
    done = _cli("explain", str(article))
    assert (done.returncode, done.stderr) == (0, b"")
    assert "period    [2,4) 本周  period.week  -> 2025-02-05..2025-02-07" in done.stdout.decode()


def test_show_strict_fails_an_undated_article(tmp_path: Path) -> None:
    article = tmp_path / "undated.md"
    article.write_text(UNDATED, encoding="utf-8")
    shown = _cli("show", str(article))
    assert shown.returncode == 0 and "⟦" in shown.stdout.decode()
    assert _lines(shown.stderr) == [f"warning FN-W001: {W001}"]
    strict = _cli("show", "--strict", str(article))
    assert (strict.returncode, strict.stdout) == (3, b"")
    assert _lines(strict.stderr) == [f"error FN-W001: {W001}"]


def test_extract_gives_each_non_article_an_error_record(tmp_path: Path) -> None:
    files = _not_articles(tmp_path)
    inputs = [files[k][0] for k in ("golden", "empty", "binary")]
    out = tmp_path / "out.jsonl"
    done = _cli("extract", *map(str, inputs), "-o", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 3
    records = _records(out)
    assert [r["errors"][0]["code"] for r in records] == ["missing_text", "empty", "binary"]
    assert [r["errors"][0]["where"] for r in records] == [str(p) for p in inputs]
    assert all(r["facts"] == [] for r in records)


def test_a_json_file_holding_an_article_is_read_as_one(tmp_path: Path) -> None:
    article = tmp_path / "article.json"
    article.write_text(
        json.dumps({"id": "j", "text": UNDATED, "published_at": "2025-02-08"}), encoding="utf-8"
    )
    done = _cli("show", str(article))
    assert (done.returncode, done.stderr) == (0, b"")
    assert "net_flow" in done.stdout.decode()


# --- 3. lone surrogates: replaced, warned, the facts kept --------------------------------


def test_a_jsonl_article_with_a_lone_surrogate_keeps_its_facts(tmp_path: Path) -> None:
    dump = _jsonl(
        tmp_path / "scraped.jsonl",
        [
            {"id": "broken", "text": BROKEN, "published_at": "2025-02-08"},
            {"id": "clean", "text": replace_surrogates(BROKEN), "published_at": "2025-02-08"},
        ],
    )
    assert b"\\ud83d" in dump.read_bytes()
    out = tmp_path / "out.jsonl"
    done = _cli("extract", str(dump), "-o", str(out), "--workers", "1")
    assert done.returncode == 0
    warning, summary = _lines(done.stderr)
    assert warning == (
        "warning FN-W003: characters UTF-8 cannot encode (lone surrogates) replaced by U+FFFD "
        "(1 article)"
    )
    assert "0 with errors, 1 with warnings (FN-W003: 1)" in summary
    broken, clean = _records(out)
    assert broken["errors"] == [] and len(broken["facts"]) == 2
    assert broken["warnings"] == [
        {
            "code": "FN-W003",
            "message": f"article 'broken': 1 character UTF-8 cannot encode (a lone surrogate) "
            f"replaced by U+FFFD, at offset {AT}",
        }
    ]
    assert broken["published_at"] == "2025-02-08T00:00:00+08:00"
    assert {**broken, "id": "clean", "warnings": []} == clean  # the same facts, offsets
    text = replace_surrogates(BROKEN)  # the text offsets refer to: the same length
    for fact in broken["facts"]:
        for span in fact["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_surrogates_in_the_id_and_metadata_do_not_lose_the_article(tmp_path: Path) -> None:
    dump = _jsonl(
        tmp_path / "scraped.jsonl",
        [
            {"id": "t\ud83d", "text": UNDATED, "published_at": "2025-02-08", "title": "\ude00标题"},
            {"id": "next", "text": 5, "published_at": "2025-02-08 09:30"},
        ],
    )
    out = tmp_path / "out.jsonl"
    done = _cli("extract", str(dump), "-o", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 3
    first, second = _records(out)
    assert first["id"] == "t\ufffd" and first["metadata"] == {"title": "\ufffd标题"}
    assert first["facts"] and first["errors"] == []
    assert [w["code"] for w in first["warnings"]] == ["FN-W003", "FN-W003"]
    # an error record keeps the input's id and publish time
    assert second["id"] == "next" and second["errors"][0]["code"] == "input"
    assert second["published_at"] == "2025-02-08T09:30:00+08:00"


def test_show_prints_the_replaced_text_the_spans_refer_to() -> None:
    line = json.dumps({"id": "s", "text": BROKEN, "published_at": "2025-02-08"}) + "\n"
    done = _cli("show", "-", stdin=line.encode())
    assert done.returncode == 0
    (warning,) = _lines(done.stderr)
    assert warning.startswith("warning FN-W003: article 's': 1 character") and str(AT) in warning
    shown = done.stdout.decode()
    assert "⟦科创50ETF净流出63.88亿元⟧\ufffd，" in shown and "metric.net_flow" in shown


def test_explain_text_with_bytes_that_are_not_utf8() -> None:
    """A shell argument with invalid UTF-8 reaches Python as lone surrogates."""
    text = "本周科创50ETF净流出1亿元"
    done = _cli("explain", "--published-at", "2025-02-08", text.encode() + b"\xff")
    assert done.returncode == 0
    assert _lines(done.stderr) == [
        "warning FN-W003: 1 character UTF-8 cannot encode (a lone surrogate) replaced by "
        f"U+FFFD, at offset {len(text)}"
    ]
    assert "fact      metric net_flow 科创50ETF = -100000000 CNY" in done.stdout.decode()


def test_the_library_call_serializes_text_with_a_surrogate() -> None:
    with pytest.warns(FinnewsWarning, match=rf"\[FN-W003\] article 'x': .* at offset {AT}"):
        result = extract(BROKEN, "2025-02-08", id="x")
    dumped = json.loads(result.model_dump_json())
    clean = json.loads(extract(replace_surrogates(BROKEN), "2025-02-08", id="x").model_dump_json())
    assert dumped == clean and dumped["facts"]
    assert_spans_exact(result, replace_surrogates(BROKEN))
    assert len(replace_surrogates(BROKEN)) == len(BROKEN)


def test_the_library_call_replaces_a_surrogate_in_the_id() -> None:
    with pytest.warns(FinnewsWarning, match=r"\[FN-W003\] article 'x\\ud83d': its id has 1"):
        result = extract(UNDATED, "2025-02-08", id="x\ud83d")
    assert json.loads(result.model_dump_json())["id"] == "x\ufffd"

"""Batch extraction: mixed dumps, every article accounted for, formats, workers, resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from finnews_extract.cli import main

ARTICLE = "本周科创50ETF净流出63.88亿元，份额创近一年新低。"
FRONT = '---\ntitle: "标题"\ndate: "2025-02-08 11:34:20"\n---\n\n'


def _mixed_dump(root: Path) -> list[str]:
    """Markdown, a GBK text file, JSONL with a corrupt line and a record without text, and
    Parquet; returns the expected article ids (or where) in input order."""
    (root / "a.md").write_text(FRONT + ARTICLE, encoding="utf-8")
    (root / "b.txt").write_bytes((FRONT + "上周沪深300ETF净流入12.5亿元。").encode("gbk"))
    lines = [
        json.dumps(
            {"id": "j1", "text": ARTICLE, "published_at": "2025-02-08", "url": "u"},
            ensure_ascii=False,
        ),
        '{"id": "j2", "text": "broken',
        json.dumps({"id": "j3", "published_at": "2025-02-08"}),
    ]
    (root / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(
        [
            {"id": "p1", "text": ARTICLE, "published_at": "2025-02-08"},
            {"id": "p2", "text": "两市融资余额增加190.57亿元。", "published_at": "2025-02-11"},
        ]
    )
    pq.write_table(table, root / "d.parquet")
    return ["a", "b", "j1", f"{root / 'c.jsonl'}:2", "j3", "p1", "p2"]


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_mixed_dump_gives_one_record_per_article(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    expected = _mixed_dump(dump)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(dump), "-o", str(out), "--workers", "1", "--quiet"]) == 3
    records = _records(out)
    assert [r["id"] for r in records] == expected
    by_id = {r["id"]: r for r in records}
    assert by_id["a"]["facts"] and by_id["b"]["facts"]  # the GBK file was decoded
    assert by_id["j1"]["metadata"] == {"url": "u"}
    corrupt = by_id[expected[3]]["errors"][0]
    assert corrupt["code"] == "corrupt_line" and corrupt["where"].endswith("c.jsonl:2")
    assert by_id["j3"]["errors"][0]["code"] == "missing_text"
    assert sum(bool(r["errors"]) for r in records) == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_flat_formats_keep_every_article(tmp_path: Path, fmt: str) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    expected = _mixed_dump(dump)
    out = tmp_path / f"out.{fmt}"
    assert main(["extract", str(dump), "-o", str(out), "--workers", "2", "--quiet"]) == 3
    if fmt == "csv":
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    ids = list(dict.fromkeys(r["article_id"] for r in rows))
    assert ids == expected
    errors = {r["article_id"] for r in rows if r["error"]}
    assert errors == {expected[3], "j3"}
    values = {float(r["value"]) for r in rows if r["metric"] == "net_flow"}
    assert -6388000000.0 in values


def _dump(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            text = f"本周科创50ETF净流出{i + 1}.5亿元，第{i}篇。上周沪指上涨1.{i % 10}%。"
            fh.write(
                json.dumps(
                    {"id": f"n{i}", "text": text, "published_at": "2025-02-08"}, ensure_ascii=False
                )
                + "\n"
            )


def test_two_workers_keep_input_order(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    _dump(dump, 120)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    base = ["extract", str(dump), "--quiet", "--chunk-size", "7"]
    assert main([*base, "-o", str(one), "--workers", "1"]) == 0
    assert main([*base, "-o", str(two), "--workers", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_a_killed_run_resumes_to_the_same_output(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    _dump(dump, 1500)
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    args = [str(dump), "--quiet", "--chunk-size", "25", "--workers", "1"]
    assert main(["extract", *args, "-o", str(whole)]) == 0
    command = [sys.executable, "-m", "finnews_extract", "extract", *args, "-o", str(resumed)]
    proc = subprocess.Popen(command)
    parts = Path(str(resumed) + ".parts")
    deadline = time.monotonic() + 120
    while len(list(parts.glob("part-*.done"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not resumed.exists()
    written = len(list(parts.glob("part-*.done")))
    assert 5 <= written < 60
    assert main(["extract", *args, "-o", str(resumed), "--resume"]) == 0
    assert resumed.read_bytes() == whole.read_bytes()
    assert not parts.exists()


def test_stdin_and_bad_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    line = (
        json.dumps(
            {"id": "s", "text": ARTICLE, "published_at": "2025-02-08"}, ensure_ascii=False
        ).encode()
        + b"\n"
    )
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line)))
    assert main(["extract", "-", "--quiet"]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert json.loads(out)["id"] == "s"
    assert main(["extract", str(tmp_path / "missing.jsonl"), "--quiet"]) == 2
    assert main(["extract", "-", "-o", str(tmp_path / "x.txt"), "--quiet"]) == 2
    assert main(["extract", "-", "--resume", "--quiet"]) == 2

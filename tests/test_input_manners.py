"""Issue 15, input manners: coded warnings as plain lines and record fields, files that are
not articles, and text with lone surrogates. Through the real command line (a subprocess),
as a user meets it, and through the library call."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, assert_spans_exact

from finnews_extract import FinnewsWarning, extract
from finnews_extract.text.inputs import replace_surrogates

UNDATED = "本周科创50ETF净流出63.88亿元，份额创近一年新低。"
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


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


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

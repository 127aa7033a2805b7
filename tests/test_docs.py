"""Every code example in docs/ runs: ```python blocks are executed, and every line of a
```bash block that starts with ``finnews-extract`` is run, in a folder holding the sample files
the docs refer to (articles.jsonl, gold.jsonl, dump/, my_funds.csv). README.md runs as a doctest.

A block may opt out only by being a different language (```text, ```json, ```yaml, ```csv).
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT

from finnews_extract.cli import main

DOCS = sorted((ROOT / "docs").glob("*.md"))
_BLOCK = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def _blocks(language: str) -> list[object]:
    params = []
    for doc in DOCS:
        for n, m in enumerate(_BLOCK.finditer(doc.read_text(encoding="utf-8")), start=1):
            if m[1] == language:
                params.append(pytest.param(m[2], id=f"{doc.name}#{n}"))
    return params


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    articles = [
        {
            "id": "a1",
            "text": "本周科创50ETF（588000）净流出63.88亿元，份额创近一年新低。",
            "published_at": "2025-02-08T11:34:20+08:00",
        },
        {
            "id": "a2",
            "text": "昨日两市融资余额增加190.57亿元，沪指上涨1.2%。",
            "published_at": "2025-02-11T18:00:00+08:00",
        },
    ]
    (tmp_path / "articles.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    gold = [
        {
            "id": "a1",
            "facts": [
                {
                    "type": "metric",
                    "metric": "net_flow",
                    "subject": {"name": "科创50ETF", "code": "588000"},
                    "value": -6388000000,
                    "unit": "CNY",
                }
            ],
        },
        {"id": "a2", "facts": []},
    ]
    (tmp_path / "gold.jsonl").write_text(
        "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8"
    )
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "one.md").write_text(
        '---\ndate: "2025-02-08 11:34:20"\n---\n\n' + articles[0]["text"], encoding="utf-8"
    )
    (dump / "more.jsonl").write_text(
        (tmp_path / "articles.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "my_funds.csv").write_text(
        "code,name,aliases,exchange,kind\n600519,贵州茅台,茅台,SH,stock\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.parametrize("code", _blocks("python"))
def test_python_examples_run(code: str, samples: Path) -> None:
    exec(compile(code, "<docs>", "exec"), {"__name__": "__docs__"})


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.parametrize("code", _blocks("bash"))
def test_cli_examples_run(code: str, samples: Path) -> None:
    for line in code.splitlines():
        line = line.split(" #")[0].strip()
        if not line.startswith("finnews-extract "):
            continue  # pip, python and other commands are the machine's business
        argv = shlex.split(line)[1:]
        if argv[0] == "extract" and "--workers" not in argv:
            argv += ["--workers", "1"]
        code_ = main(argv)
        assert code_ in (0, 3), (line, code_)


def test_docs_exist_for_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("extract", "show", "explain", "eval", "schema", "scan"):
        assert f"finnews-extract {command}" in text, command
    assert os.path.exists(ROOT / "docs" / "records.md")


def test_the_record_reference_is_what_the_schema_gives() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_records", ROOT / "docs" / "gen_records.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert module.render() == committed, "run python docs/gen_records.py and commit the result"

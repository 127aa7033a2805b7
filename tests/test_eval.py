"""`finnews-extract eval` agrees with ../shared/tools/score.py (skipped only without ../shared)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

from finnews_extract.cli import main

DEV = SHARED / "dev"
SCORER = SHARED / "tools" / "score.py"


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.skipif(not SCORER.exists(), reason="../shared is not beside the repo")
@pytest.mark.parametrize("name", ["seeds", "synthetic"])
def test_eval_agrees_with_the_shared_scorer(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred = tmp_path / "pred.jsonl"
    assert (
        main(["extract", str(DEV / f"{name}.jsonl"), "-o", str(pred), "--quiet", "--workers", "1"])
        == 0
    )
    gold = str(DEV / f"{name}.gold.jsonl")
    theirs = json.loads(
        subprocess.run(
            [sys.executable, str(SCORER), gold, str(pred), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    capsys.readouterr()
    assert main(["eval", gold, "--pred", str(pred), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["overall"] == theirs["overall"]
    assert ours["per_key"] == theirs["per_key"]
    assert ours["period_accuracy"] == theirs["period_accuracy"]
    assert main(["eval", gold, "--articles", str(DEV / f"{name}.jsonl")]) == 0
    text = capsys.readouterr().out
    overall = next(line for line in text.splitlines() if line.startswith("OVERALL"))
    assert f"{theirs['overall']['f1']:.3f}" in overall


def test_eval_lists_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "a",
                "facts": [
                    {
                        "type": "metric",
                        "metric": "net_flow",
                        "subject": {"name": "科创50ETF", "code": None},
                        "value": -6388000000,
                        "unit": "CNY",
                    }
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    articles = tmp_path / "a.jsonl"
    articles.write_text(
        json.dumps({"id": "a", "text": "本周沪指上涨1.2%。", "published_at": "2025-02-08"}) + "\n",
        encoding="utf-8",
    )
    assert main(["eval", str(gold), "--articles", str(articles), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "MISSED" in out and "SPURIOUS" in out and "OVERALL" in out

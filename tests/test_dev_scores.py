"""Accuracy on the hand-annotated dev sets (when ../shared is beside the repo) and on the
project's own annotated articles. The bars are issue 3's; a drop below them fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPORA, SHARED

from finnews_extract import extract
from finnews_extract.review.evaluate import load_records, score

DEV = SHARED / "dev"


def _predict(articles: Path) -> dict[str, dict[str, object]]:
    out = {}
    for record in load_records(articles).values():
        result = extract(record["text"], record.get("published_at"), id=record["id"])
        out[result.id] = json.loads(result.model_dump_json())
    return out


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.skipif(not DEV.exists(), reason="../shared/dev is not beside the repo")
@pytest.mark.parametrize(("name", "bar"), [("seeds", 0.90), ("synthetic", 0.85)])
def test_dev_f1_meets_the_bar(name: str, bar: float) -> None:
    gold = load_records(DEV / f"{name}.gold.jsonl")
    result = score(gold, _predict(DEV / f"{name}.jsonl"))
    assert result.overall[2] >= bar, result.per_key()


OWN = CORPORA / "articles" / "own"


@pytest.mark.filterwarnings("ignore:.*FN-W00")
def test_own_articles_meet_the_bar() -> None:
    gold = load_records(OWN / "articles.gold.jsonl")
    result = score(gold, _predict(OWN / "articles.jsonl"))
    assert result.overall[2] >= 0.80, (result.missed, result.spurious)

"""Golden files: the extractor's output on the project's own articles, reviewed and committed.

Regenerate with ``python -m pytest tests/test_golden.py --update-golden`` and read the diff
before committing it. Also: output is deterministic and every span is its slice of the text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, assert_spans_exact

from finnews_extract import extract
from finnews_extract.batch.sources import iter_articles

SEEDS = CORPORA / "articles" / "seeds"
ARTICLES = list(iter_articles(SEEDS))


def _result(article: dict[str, Any]) -> dict[str, Any]:
    record = extract(article["text"], article["published_at"], id=article["id"])
    data: dict[str, Any] = json.loads(record.model_dump_json())
    return data


def _golden_path(article_id: str) -> Path:
    return SEEDS / f"{article_id}.golden.json"


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_seed_article_matches_its_golden_file(
    article: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    got = _result(article)
    path = _golden_path(article["id"])
    if request.config.getoption("--update-golden"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want


@pytest.mark.filterwarnings("ignore:.*FN-W00")
@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_output_is_deterministic_and_spans_are_exact(article: dict[str, Any]) -> None:
    first = extract(article["text"], article["published_at"], id=article["id"])
    second = extract(article["text"], article["published_at"], id=article["id"])
    assert first.model_dump_json() == second.model_dump_json()
    assert_spans_exact(first, article["text"])

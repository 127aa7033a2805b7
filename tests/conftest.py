"""Shared test helpers: where the corpora live, and whether ../shared is beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the extractor (review the diff!)",
    )


def assert_spans_exact(result: object, text: str) -> None:
    """Every fact span and entity mention of an ArticleResult is its exact slice of ``text``."""
    for fact in result.facts:  # type: ignore[attr-defined]
        for span in (fact.span, *fact.spans):
            assert text[span.start : span.end] == span.text
    for entity in result.entities:  # type: ignore[attr-defined]
        for span in entity.mentions:
            assert text[span.start : span.end] == span.text

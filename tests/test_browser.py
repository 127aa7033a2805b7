"""The review page in a real headless browser (Debian's chromium, driven by Playwright).

On CI (``CI=true``) a missing browser is a failure; on a developer machine without one the
test is skipped with the reason."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPORA

from finnews_extract.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> object:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def test_every_fact_is_highlighted_and_the_page_is_not_blank(
    browser: object, tmp_path: Path
) -> None:
    from PIL import Image, ImageStat

    from finnews_extract import extract
    from finnews_extract.batch.sources import iter_articles

    article_path = CORPORA / "articles" / "seeds" / "000_667ec650c6453d9f.txt"
    page_path = tmp_path / "review.html"
    assert main(["show", str(article_path), "--html", str(page_path)]) == 0
    article = next(iter_articles(article_path))
    facts = extract(article["text"], article["published_at"]).facts
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page.goto(page_path.as_uri())
    marked = page.evaluate(
        """() => {
            const byFact = {};
            for (const m of document.querySelectorAll('mark[data-fact]')) {
                for (const n of m.dataset.fact.split(' ')) {
                    byFact[n] = (byFact[n] || '') + m.textContent;
                }
            }
            return byFact;
        }"""
    )
    for number, fact in enumerate(facts, start=1):
        highlighted = marked.get(str(number), "")
        assert fact.span.text.replace("\n", "") in highlighted.replace("\n", ""), fact
    assert page.locator("table tr").count() == len(facts) + 1
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot), full_page=True)
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("L")
    stats = ImageStat.Stat(image)
    assert stats.stddev[0] > 10  # text, marks and a table: far from a blank page
    assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20
    page.close()

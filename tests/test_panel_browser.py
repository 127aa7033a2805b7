"""The panel page in a real headless browser (Debian's chromium, driven by Playwright), as
the review page is tested in test_browser.py (whose browser fixture this module uses)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from test_browser import browser  # noqa: F401 - the fixture
from test_panel import ARTICLES

from finnews_extract.cli import main

# The five articles, plus a second fund and 沪指 over four days (one of them also in an
# article of the five, with another figure): series of 4, 4, 3 and 1 points, of which
# --top 3 draws three.
MORE = [
    {
        "id": f"more-{day}",
        "published_at": f"2025-02-{day:02d}T18:00:00+08:00",
        "text": f"2月{day}日，易方达创业板ETF（159915）净流入{day}.5亿元，沪指上涨0.{day}%。",
    }
    for day in (5, 6, 7, 10)
]


def test_each_series_is_a_chart_and_conflicts_are_marked(
    browser: object,  # noqa: F811
    tmp_path: Path,
) -> None:
    from PIL import Image, ImageStat

    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in [*ARTICLES, *MORE]), "utf-8"
    )
    facts, page_path = tmp_path / "facts.jsonl", tmp_path / "panel.html"
    assert main(["extract", str(articles), "-o", str(facts), "--workers", "1", "--quiet"]) == 0
    assert main(["panel", str(facts), "--html", str(page_path), "--top", "3", "--quiet"]) == 0
    page = browser.new_page(viewport={"width": 1000, "height": 700})  # type: ignore[attr-defined]
    page.goto(page_path.as_uri())
    charts = page.evaluate(
        """() => [...document.querySelectorAll('figure.series')].map(f => ({
            caption: f.querySelector('figcaption').textContent,
            points: f.querySelectorAll('svg circle.point').length,
            conflicts: f.querySelectorAll('svg circle.point.conflict').length,
            lines: f.querySelectorAll('svg polyline').length,
            tips: [...f.querySelectorAll('svg circle title')].map(t => t.textContent),
            box: f.querySelector('svg').getBoundingClientRect().width,
        }))"""
    )
    assert [c["caption"] for c in charts] == [
        "易方达创业板ETF (159915) · net_flow · 亿元",
        "沪指 · price_change · %",
        "科创50ETF (588000) · net_flow · 亿元",
    ]
    assert [(c["points"], c["conflicts"], c["lines"]) for c in charts] == [
        (4, 0, 1),
        (4, 1, 1),
        (3, 1, 1),
    ]
    assert all(c["box"] > 100 for c in charts)
    assert [t for c in charts for t in c["tips"] if "conflict" in t] == [
        "2025-02-06..2025-02-06: conflict: 0.6 % (more-6); 0.8 % (mj-0206)",
        "2025-02-05..2025-02-05: conflict: 3.2 亿元 (mj-0205, cls-0205); 3.5 亿元 (stcn-0206)",
    ]
    ring = page.locator("circle.point.conflict").first
    assert ring.evaluate("c => getComputedStyle(c).stroke") == "rgb(214, 39, 40)"
    assert page.locator("table.conflicts tbody tr").count() == 2
    shot = tmp_path / "panel.png"
    page.screenshot(path=str(shot), full_page=True)
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    stats = ImageStat.Stat(image.convert("L"))
    assert stats.stddev[0] > 10  # charts, text and a table: far from a blank page
    red = sum(n for n, (r, g, b) in image.getcolors(1 << 20) or [] if r > 180 and g < 80 and b < 80)
    assert red > 20  # the conflict's ring is drawn
    page.close()

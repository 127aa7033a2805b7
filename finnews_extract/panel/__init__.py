"""From extracted articles to a panel: one row per subject, metric, unit and period.

The same figure is printed by many outlets, sometimes rounded differently (3.2亿元,
32000万元, 约3.2亿元), sometimes wrong. :func:`build` merges them: one row per (subject,
metric, unit, period) among the metric facts that have a period, with the value most
articles give, the ids of every article that gives one, and a ``conflict`` flag when two of
them disagree at their written precision (:mod:`~finnews_extract.panel.figures`).

>>> from finnews_extract import extract
>>> from finnews_extract.panel import build
>>> results = [
...     extract("2月5日，科创50ETF（588000）净流入3.2亿元。", "2025-02-05 18:00", id="a"),
...     extract("2月5日，科创50ETF净流入32000万元。", "2025-02-05 19:00", id="b"),
...     extract("2月5日，科创50ETF（588000）净流入3.5亿元。", "2025-02-06 08:00", id="c"),
... ]
>>> panel = build(results)
>>> row = panel.iloc[0]
>>> print(row.code, row.period_start.date(), row.value, row.n_articles, row.article_ids)
588000 2025-02-05 320000000.0 3 ['a', 'b', 'c']
>>> print(row.conflict, row.first_published_at)
True 2025-02-05 18:00:00+08:00
>>> [(v["value"], v["article_ids"], v["agrees"]) for v in row["values"]]
[('320000000', ['a', 'b'], True), ('350000000', ['c'], False)]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .collect import Collector, frame_rows, paused_gc
from .figures import Figure, agree, written_precision
from .frame import warn_left_out
from .merge import COLUMNS
from .observe import Report

__all__ = ["COLUMNS", "Collector", "Figure", "Report", "agree", "build", "written_precision"]


def build(results: Iterable[Any]) -> Any:
    """The panel of ``results`` as a pandas DataFrame.

    ``results``: :class:`~finnews_extract.ArticleResult` objects, their JSON records (the
    lines ``finnews-extract extract`` writes, as dicts), flat fact rows (its Parquet or CSV
    rows, :func:`finnews_extract.dask.facts_frame`), or a DataFrame of flat fact rows.

    Columns (:data:`COLUMNS`): ``subject_kind, subject_name, code, metric, unit,
    period_start, period_end, value, approx, n_articles, article_ids, conflict, values,
    first_published_at``, sorted by subject, metric, unit and period. ``values`` lists each
    distinct (value, approx) with its ``article_ids``, the span ``text`` of its first
    article and whether it ``agrees`` with ``value``; ``value`` is a float, the exact
    decimals are in ``values``.

    Nothing is dropped unseen: ``frame.attrs`` counts the articles, the failed ones, the
    facts, the metric facts, those in the panel and those left out (``undated_facts``: no
    period; ``no_subject_facts``; ``other_facts``: records and streaks), and facts left out
    of the panel are said in one ``FinnewsWarning`` (``[FN-W004]``).
    """
    collector = Collector()
    items = frame_rows(results) if hasattr(results, "to_dict") else results
    with paused_gc():
        for item in items:
            collector.add(item)
        frame = collector.frame()
    warn_left_out(frame.attrs)
    return frame

"""The Dask panel on a real two-worker LocalCluster equals the in-process panel."""

from __future__ import annotations

import warnings

import pytest

dask = pytest.importorskip("dask", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed")

import pandas as pd  # noqa: E402
from test_dask import client  # noqa: E402, F401 - the two-worker LocalCluster fixture
from test_panel import ARTICLES  # noqa: E402

from finnews_extract.dask import extract_bag, extract_dataframe, extract_partition, panel  # noqa: E402
from finnews_extract.errors import FinnewsWarning  # noqa: E402
from finnews_extract.panel import build  # noqa: E402

# The five articles, reprinted by other outlets (one reprint gives 1.6亿元 for 1.8亿元: a
# second conflict), one article without a publish date (its 今日 has no date: counted, not
# in the panel) and one that fails: spread over partitions, each row's articles meet only
# in the groupby.
MORE = [
    {**a, "id": a["id"] + "-copy", "text": a["text"].replace("净流出1.8亿元", "净流出1.6亿元")}
    for a in ARTICLES
]
RECORDS = [
    *ARTICLES,
    *MORE,
    {"id": "nodate", "text": "今日科创50ETF（588000）净流入2亿元。", "published_at": None},
    {"id": "bad", "text": None},
]


def _quiet(function: object, *args: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FinnewsWarning)
        return function(*args)  # type: ignore[operator]


def test_the_panel_of_a_bag_equals_the_in_process_one(client: object) -> None:  # noqa: F811
    import dask.bag as db

    records = extract_partition(RECORDS)
    want = _quiet(build, records)
    assert want.attrs["undated_facts"] >= 1 and want.attrs["failed_articles"] == 1
    assert len(want) == 6 and want["conflict"].sum() == 2 and want["n_articles"].max() == 6
    bag = extract_bag(db.from_sequence(RECORDS, npartitions=4))
    got = _quiet(panel, bag)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


def test_the_panel_of_a_dataframe_equals_the_in_process_one(client: object) -> None:  # noqa: F811
    import dask.dataframe as dd

    frame = pd.DataFrame(RECORDS)
    rows = extract_dataframe(dd.from_pandas(frame, npartitions=3))
    want = _quiet(build, extract_partition(RECORDS))
    got = _quiet(panel, rows)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


def test_the_dask_panel_says_what_it_left_out(client: object) -> None:  # noqa: F811
    import dask.bag as db

    with pytest.warns(FinnewsWarning, match=r"\[FN-W004\]"):
        panel(db.from_sequence(extract_partition(RECORDS), npartitions=2))

"""The Dask integration on a real two-process LocalCluster equals the single-process output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dask = pytest.importorskip("dask", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed")

from finnews_extract.dask import (  # noqa: E402
    extract_bag,
    extract_dataframe,
    extract_partition,
    facts_frame,
    write_parquet,
)

RECORDS = [
    {
        "id": f"d{i}",
        "text": f"本周科创50ETF净流出{i + 1}.5亿元，上周沪指上涨1.{i}%。",
        "published_at": "2025-02-08",
        "source": "test",
    }
    for i in range(9)
] + [{"id": "bad", "text": None}, {"id": "none", "published_at": "2025-02-08"}]


@pytest.fixture(scope="module")
def client() -> object:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dataframe_on_a_cluster_equals_one_process(client: object, tmp_path: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    frame = pd.DataFrame(RECORDS)
    ddf = dd.from_pandas(frame, npartitions=3)
    got = extract_dataframe(ddf).compute().reset_index(drop=True)
    want = facts_frame(frame.to_dict("records"))  # the same rows, read in one process
    assert (
        got.astype(object).where(got.notna(), None).values.tolist()
        == want.astype(object).where(want.notna(), None).values.tolist()
    )
    assert set(got.loc[got["error"].notna(), "article_id"]) == {"bad", "none"}
    target = tmp_path / "facts.parquet"
    write_parquet(extract_dataframe(ddf), target)
    assert target.is_dir() and not list(tmp_path.glob(".facts.parquet.*"))
    assert len(pd.read_parquet(target)) == len(want)


def test_bag_on_a_cluster_equals_one_process(client: object) -> None:
    import dask.bag as db

    got = extract_bag(db.from_sequence(RECORDS, npartitions=4)).compute()
    want = extract_partition(RECORDS)
    assert json.dumps(got, sort_keys=True, default=str) == json.dumps(
        want, sort_keys=True, default=str
    )


def test_the_documented_spark_schema_names_every_column() -> None:
    import re

    from conftest import ROOT

    from finnews_extract.batch.sinks import COLUMNS

    doc = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    block = doc[doc.index("FACTS_SCHEMA = (") : doc.index(")", doc.index("FACTS_SCHEMA = ("))]
    names = re.findall(r"(\w+) (?:string|double|long)", block)
    assert tuple(names) == COLUMNS

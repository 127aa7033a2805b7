"""Dask (and any partition-mapping engine): the batch step as a per-partition function.

Install with ``pip install "finnews_extract[dask]"``. Each worker process builds one
:class:`~finnews_extract.Extractor` on first use and reuses it; a bad article becomes an
error record, never a failed task.

- :func:`extract_partition`: dicts (id, text, published_at, …) → one result dict each;
- :func:`facts_frame`: the same as a pandas DataFrame of flat fact rows (for Spark's
  ``mapInPandas`` and Ray's ``map_batches`` too);
- :func:`extract_bag` / :func:`extract_dataframe`: those mapped over a Dask bag or DataFrame;
- :func:`write_parquet`: Parquet written to a temporary folder renamed on success;
- :func:`panel`: the panel of :func:`finnews_extract.panel.build` from a bag of result
  records or a DataFrame of flat fact rows, merged as a groupby-aggregate.

>>> rows = facts_frame([{"id": "a", "text": "本周科创50ETF净流出63.88亿元。",
...                      "published_at": "2025-02-08"}])
>>> rows[["article_id", "metric", "value"]].values.tolist()
[['a', 'net_flow', -6388000000.0]]
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .batch.runner import process_item
from .batch.sinks import COLUMNS, flat_rows
from .batch.sources import Item
from .panel.collect import observe_item
from .panel.frame import to_frame, warn_left_out
from .panel.merge import (
    Census,
    Key,
    Row,
    census_of,
    entry_of,
    merge_census,
    merge_row,
    subject_labels,
)
from .panel.merge import Item as PanelItem
from .panel.observe import Identity, Observation, RawSubject, Report, identities

__all__ = [
    "extract_bag",
    "extract_dataframe",
    "extract_partition",
    "facts_frame",
    "panel",
    "write_parquet",
]

_KNOWN = ("id", "text", "published_at")


def _missing_as_none(value: Any) -> Any:
    """pandas writes a missing cell as NaN or NA; an article reads it as None."""
    if value is None or isinstance(value, str):
        return value
    try:
        import pandas as pd

        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # arrays and other non-scalars are values
        return value


def _item(record: dict[str, Any], position: int) -> Item:
    record = {k: _missing_as_none(v) for k, v in record.items()}
    where = f"record {record.get('id', position)}"
    article = {
        "id": record.get("id", where),
        "text": record.get("text"),
        "published_at": record.get("published_at", record.get("date")),
    }
    metadata = {k: v for k, v in record.items() if k not in (*_KNOWN, "date")}
    if "text" not in record:
        return Item(where, article, ("missing_text", f"{where}: no field 'text'"), metadata)
    return Item(where, article, metadata=metadata)


def extract_partition(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One JSON-ready result dict per input record, in order; never raises for an article."""
    return [process_item(_item(dict(r), i)) for i, r in enumerate(records)]


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("value",):
        frame[column] = frame[column].astype("float64")
    for column in ("count", "span_start", "span_end"):
        frame[column] = frame[column].astype("Int64")
    return frame.astype({c: "string" for c in COLUMNS if c not in _TYPED})


_TYPED = ("value", "count", "span_start", "span_end")


def facts_frame(records: Iterable[dict[str, Any]]) -> Any:
    """Flat fact rows (the columns of the CLI's Parquet/CSV output) as a pandas DataFrame."""
    rows = [row for result in extract_partition(records) for row in flat_rows(result)]
    return _frame(rows)


def extract_bag(bag: Any) -> Any:
    """A Dask bag of article dicts → a bag of result dicts (same partitions, same order)."""
    return bag.map_partitions(extract_partition)


def extract_dataframe(
    ddf: Any, text: str = "text", published_at: str = "published_at", id: str = "id"
) -> Any:
    """A Dask DataFrame of articles → a Dask DataFrame of flat fact rows."""
    names = {text: "text", published_at: "published_at", id: "id"}

    def partition(frame: Any) -> Any:
        records = frame.rename(columns=names).to_dict("records")
        return facts_frame(records)

    return ddf.map_partitions(partition, meta=_frame([]))


def write_parquet(ddf: Any, path: str | os.PathLike[str]) -> None:
    """Write ``ddf`` as Parquet into a temporary folder beside ``path``, then move it to
    ``path``; a failed job leaves no half-written ``path``. Local paths are renamed
    atomically; URLs (``s3://…``) go through fsspec, where the move is a copy."""
    target = str(path)
    if "://" not in target:
        local = Path(target)
        tmp = local.with_name(f".{local.name}.{uuid.uuid4().hex}.tmp")
        try:
            ddf.to_parquet(str(tmp), write_index=False)
            if local.exists():
                shutil.rmtree(local)
            os.replace(tmp, local)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(target)
    parent, _, name = str(root).rstrip("/").rpartition("/")
    staging = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
    try:
        ddf.to_parquet(target.replace(str(root), staging, 1), write_index=False)
        if fs.exists(root):
            fs.rm(root, recursive=True)
        fs.mv(staging, root, recursive=True)
    finally:
        if fs.exists(staging):
            fs.rm(staging, recursive=True)


# --- the panel ---------------------------------------------------------------------------

_Part = tuple[list[Observation], Report, set[str]]


def _observe_partition(items: Iterable[Any]) -> list[_Part]:
    """A partition's observations, its report and the ids of its flat rows, as one item."""
    report, row_ids = Report(), set[str]()
    found = [
        o
        for item in items
        for o in observe_item(_plain(item) if isinstance(item, dict) else item, report, row_ids)
    ]
    return [(found, report, row_ids)]


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """A flat row from a DataFrame partition: NaN and NA cells as None."""
    if "article_id" not in item:
        return item
    return {k: _missing_as_none(v) for k, v in item.items()}


def _counts(part: _Part) -> tuple[Report, set[str], Census]:
    """A partition's counts, flat-row ids, and how it names its subjects."""
    return part[1], part[2], census_of((o.subject, o.article) for o in part[0])


def _keyed(parts: list[_Part], found: dict[RawSubject, Identity]) -> list[tuple[Key, PanelItem]]:
    return [entry_of(o, found[o.subject]) for part in parts for o in part[0]]


def _first(pair: tuple[Key, PanelItem]) -> Key:
    return pair[0]


def _add(items: list[PanelItem] | None, pair: tuple[Key, PanelItem]) -> list[PanelItem]:
    """The groupby's per-partition step: one more item for a key."""
    items = [] if items is None else items
    items.append(pair[1])
    return items


def _join(a: list[PanelItem] | None, b: list[PanelItem]) -> list[PanelItem]:
    """The groupby's combine step: two partitions' items for a key."""
    return b if a is None else a + b


def _merge(pair: tuple[Key, list[PanelItem]]) -> Row:
    return merge_row(*pair)


def panel(collection: Any) -> Any:
    """The panel of :func:`finnews_extract.panel.build` from a Dask collection, as a pandas
    DataFrame equal to the in-process one.

    ``collection``: a bag of result records (``extract_bag``, or JSONL read with
    ``db.read_text(...).map(json.loads)``) or a DataFrame of flat fact rows
    (``extract_dataframe``, or the CLI's Parquet read with ``dd.read_parquet``).

    Steps: each partition's observations are kept in the cluster (``persist``); the counts
    and how each subject is written come back (small), and the client decides who each
    subject is across all articles; then the observations are merged per (subject, metric,
    unit, period) with ``Bag.foldby``, a groupby-aggregate whose per-key step and combine
    gather the key's items, and each row is made on a worker. Only rows come back.
    """
    from dask.delayed import delayed

    bag = collection if hasattr(collection, "foldby") else collection.to_bag(format="dict")
    parts = bag.map_partitions(_observe_partition).persist()
    report, row_ids, census = Report(), set[str](), Census()
    for part_report, ids, named in parts.map(_counts).compute():
        report.merge(part_report)
        row_ids |= ids
        merge_census(census, named)
    report.articles += len(row_ids)
    found = identities(census)
    rows = (
        parts.map_partitions(_keyed, delayed(found, pure=True))
        .foldby(_first, _add, None, _join, None)
        .map(_merge)
        .compute()
    )
    ordered = sorted(rows, key=lambda row: row.key)
    frame = to_frame(ordered, report, subject_labels(census, found))
    warn_left_out(frame.attrs)
    return frame

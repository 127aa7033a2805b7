"""Merged rows as the panel's DataFrame: sorted, named, typed, with the report attached.

The two list columns are Arrow-backed (``article_ids``: ``list<string>``; ``values``: a list
of structs): they take a fraction of the memory of Python lists of dicts, write to Parquet
as they are, and a cell still reads as plain Python (``row["values"]`` is a list of dicts).
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections.abc import Iterable
from typing import Any

from ..errors import FinnewsWarning
from .merge import COLUMNS, Row
from .observe import Identity, Report

__all__ = ["BEIJING", "to_frame", "values_type", "warn_left_out"]

BEIJING = dt.timezone(dt.timedelta(hours=8))
_CHUNK = 8192


def values_type() -> Any:
    """The Arrow type of the ``values`` column."""
    import pyarrow as pa

    return pa.list_(
        pa.struct(
            [
                ("value", pa.string()),
                ("approx", pa.string()),
                ("article_ids", pa.list_(pa.string())),
                ("text", pa.string()),
                ("agrees", pa.bool_()),
            ]
        )
    )


class _Columns:
    """The panel's columns, filled a chunk of rows at a time: plain lists for the scalar
    columns, Arrow chunks for the two list columns, so no chunk's rows outlive it."""

    def __init__(self, labels: dict[Identity, Any]) -> None:
        self.labels = labels
        self.cells: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        self.facts = 0

    def add(self, rows: list[Row]) -> None:
        """Add a chunk of rows (in key order)."""
        import pyarrow as pa

        keys, facts, values, approx, ids, conflict, entries, first = zip(*rows, strict=True)
        identities = [key[0] for key in keys]
        labels = [self.labels[identity] for identity in identities]
        found = {
            "subject_kind": [label[0] for label in labels],
            "subject_name": [label[1] for label in labels],
            "code": [i[2] if i[1] == "code" else None for i in identities],
            "metric": [key[1] for key in keys],
            "unit": [key[2] for key in keys],
            "period_start": [key[3] for key in keys],
            "period_end": [key[4] for key in keys],
            "value": values,
            "approx": approx,
            "n_articles": [len(found) for found in ids],
            "conflict": conflict,
            "first_published_at": first,
        }
        for column, cells in found.items():
            self.cells[column].extend(cells)
        self.cells["article_ids"].append(pa.array(ids, pa.list_(pa.string())))
        self.cells["values"].append(pa.array(entries, values_type()))
        self.facts += sum(facts)

    def frame(self) -> Any:
        import pandas as pd
        import pyarrow as pa

        data: dict[str, Any] = {}
        for column, found in self.cells.items():
            if column in ("article_ids", "values"):
                kind = pa.list_(pa.string()) if column == "article_ids" else values_type()
                data[column] = pd.arrays.ArrowExtensionArray(pa.chunked_array(found, kind))
            elif column.startswith("period_"):
                day = pd.to_datetime(pd.Series(found, dtype=object), format="%Y-%m-%d")
                data[column] = day.astype("datetime64[ns]")
            elif column == "first_published_at":
                moment = pd.to_datetime(pd.Series(found, dtype="float64"), unit="s", utc=True)
                data[column] = moment.dt.tz_convert(BEIJING).astype(
                    pd.DatetimeTZDtype("ns", BEIJING)
                )
            else:
                data[column] = pd.Series(found, dtype=_TYPES.get(column, "string"))
        return pd.DataFrame(data)


_TYPES = {"value": "float64", "n_articles": "int64", "conflict": "bool"}


def to_frame(rows: Iterable[Row], report: Report, labels: dict[Identity, Any]) -> Any:
    """The panel as a pandas DataFrame from its rows in key order (subject, metric, unit,
    period), each subject's (kind, name) from ``labels``, the report's counts in
    ``frame.attrs`` (``in_panel_facts`` added)."""
    columns = _Columns(labels)
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, _CHUNK)):
        columns.add(chunk)
    frame = columns.frame()
    frame.attrs.update(report.counts(), in_panel_facts=columns.facts)
    return frame


def warn_left_out(counts: dict[str, int]) -> None:
    """One :class:`~finnews_extract.FinnewsWarning` (``[FN-W004]``) for the metric facts
    left out of a panel, if any, pointing at the caller of the public function that calls
    this (``build``, ``dask.panel``)."""
    left = {
        "without a period": counts["undated_facts"],
        "without a subject": counts["no_subject_facts"],
    }
    said = [f"{n} {why}" for why, n in left.items() if n]
    if said:
        warnings.warn(
            f"[FN-W004] panel: {sum(left.values())} of {counts['metric_facts']} metric facts "
            f"left out ({', '.join(said)}); the counts are in frame.attrs",
            FinnewsWarning,
            stacklevel=3,
        )

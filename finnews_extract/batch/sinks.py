"""Writing batch output: JSONL records, or one flat row per fact as Parquet or CSV.

Parts are JSON lines written to ``part-N.tmp`` and renamed to ``part-N.done`` when complete,
so a crash never leaves a torn part; joining converts them to the output format into a
temporary file renamed into place.

Flat rows: an article with no facts gives one row with empty fact columns, a failed article
one row with ``error`` set, so every input article is present in every format; an article's
warnings are in the ``warning`` column of each of its rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "FORMATS", "flat_rows", "join_parts", "write_part"]

FORMATS = ("jsonl", "parquet", "csv")
COLUMNS = (
    "article_id",
    "published_at",
    "type",
    "metric",
    "subject_kind",
    "subject_name",
    "subject_code",
    "value",
    "value_text",
    "unit",
    "approx",
    "extreme",
    "window",
    "direction",
    "count",
    "period_start",
    "period_end",
    "span_start",
    "span_end",
    "span_text",
    "rule",
    "error",
    "warning",
)


def flat_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat rows of one output record (at least one).

    >>> flat_rows({"id": "a", "facts": [], "errors": []})[0]["article_id"]
    'a'
    """
    base: dict[str, Any] = dict.fromkeys(COLUMNS)
    base["article_id"] = record.get("id")
    base["published_at"] = record.get("published_at")
    if record.get("errors"):
        base["error"] = "; ".join(f"{e['code']}: {e['message']}" for e in record["errors"])
    if record.get("warnings"):
        base["warning"] = "; ".join(f"{w['code']}: {w['message']}" for w in record["warnings"])
    rows = []
    for fact in record.get("facts") or []:
        row = dict(base)
        subject = fact.get("subject") or {}
        period = fact.get("period") or {}
        span = fact.get("span") or {}
        value = fact.get("value")
        row.update(
            {
                "type": fact.get("type"),
                "metric": fact.get("metric"),
                "subject_kind": subject.get("kind"),
                "subject_name": subject.get("name"),
                "subject_code": subject.get("code"),
                "value": float(value) if value is not None else None,
                "value_text": str(value) if value is not None else None,
                "unit": fact.get("unit") if fact.get("type") == "metric" else None,
                "approx": fact.get("approx"),
                "extreme": fact.get("extreme"),
                "window": fact.get("window"),
                "direction": fact.get("direction"),
                "count": fact.get("count"),
                "period_start": period.get("start"),
                "period_end": period.get("end"),
                "span_start": span.get("start"),
                "span_end": span.get("end"),
                "span_text": span.get("text"),
                "rule": fact.get("rule"),
            }
        )
        if fact.get("type") == "streak":
            row["window"] = fact.get("unit")  # a streak's unit (day, week…) is its period size
        rows.append(row)
    return rows or [base]


def write_part(base: Path, payload: bytes, fmt: str) -> None:
    """Write a part atomically: to ``base.tmp``, flushed, then renamed to ``base.done``."""
    tmp = base.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, base.with_suffix(".done"))


def _lines(parts: list[Path]) -> Iterator[str]:
    for part in parts:
        with open(part, encoding="utf-8") as fh:
            yield from (line for line in fh if line.strip())


def join_parts(parts: list[Path], output: Path, fmt: str) -> None:
    """Join parts into ``output`` (through a temporary file renamed when complete)."""
    tmp = output.with_name(output.name + ".tmp")
    if fmt == "jsonl":
        with open(tmp, "wb") as out:
            for part in parts:
                out.write(part.read_bytes())
    elif fmt == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            for line in _lines(parts):
                writer.writerow(json.loads(line))
    else:
        _write_parquet(parts, tmp)
    os.replace(tmp, output)


def _schema() -> Any:
    import pyarrow as pa

    types = {
        "value": pa.float64(),
        "count": pa.int64(),
        "span_start": pa.int64(),
        "span_end": pa.int64(),
        "period_start": pa.date32(),
        "period_end": pa.date32(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _write_parquet(parts: list[Path], tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    with pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict[str, Any]] = []
        for line in itertools.chain(_lines(parts), [""]):
            if line:
                row = json.loads(line)
                for key in ("period_start", "period_end"):
                    if row[key]:
                        row[key] = dt.date.fromisoformat(row[key])
                batch.append(row)
            if batch and (len(batch) >= 8192 or not line):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if not parts:
            writer.write_table(pa.Table.from_pylist([], schema=schema))

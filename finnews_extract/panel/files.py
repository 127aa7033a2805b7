"""Panel files: reading extracted results, writing the panel as Parquet, CSV or JSONL.

Inputs are what ``finnews-extract extract`` writes: JSONL records (``.jsonl``,
``.jsonl.gz``, or ``-`` for stdin) and flat fact rows (``.parquet``, ``.csv``); a folder
stands for the files of those kinds below it, in name order. A line that is no JSON object
is given as None, for the caller to count.

Outputs are written to a temporary file renamed into place when complete. Parquet keeps the
types (dates as ``date32``, ``article_ids`` as a list, ``values`` as a list of structs, the
first publish time with its +08:00 offset); CSV writes the two list columns as JSON text.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import math
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .frame import BEIJING, values_type
from .merge import COLUMNS

__all__ = ["OUTPUTS", "iter_results", "list_inputs", "output_format", "plain_rows", "write"]

_INPUTS = (".jsonl", ".jsonl.gz", ".parquet", ".csv")
_BATCH = 4096
OUTPUTS = ("parquet", "csv", "jsonl")


def list_inputs(paths: Iterable[str]) -> list[str]:
    """Files to read: folders expanded to their result files (recursively, in name order);
    ``-`` stays. Raises FileNotFoundError naming the first path that does not exist."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.is_file():
            out.append(raw)
        elif path.is_dir():
            out.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.name.endswith(_INPUTS) and not p.name.endswith(".gold.jsonl")
            )
        else:
            raise FileNotFoundError(f"no such input: {raw}")
    return out


def iter_results(path: str) -> Iterator[dict[str, Any] | None]:
    """The records or flat rows of one input file; None for a line that is no JSON object."""
    if path.endswith(".parquet"):
        yield from _parquet(path)
    elif path.endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from csv.DictReader(fh)
    elif path == "-":
        yield from _jsonl(sys.stdin)
    else:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            yield from _jsonl(fh)


def _jsonl(lines: IO[str]) -> Iterator[dict[str, Any] | None]:
    for line in lines:
        if not line.strip():
            continue
        try:
            found = json.loads(line)
        except ValueError:
            found = None
        yield found if isinstance(found, dict) else None


def _parquet(path: str) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH):
        yield from batch.to_pylist()


def output_format(path: str) -> str:
    """The output format from the extension; InputError for another one."""
    for fmt in OUTPUTS:
        if path.endswith("." + fmt):
            return fmt
    raise InputError(f"output {path!r}: the extension must be one of .parquet, .csv, .jsonl")


def _cell(value: Any) -> Any:
    """A pandas cell as plain Python: NA/NaN/NaT → None, timestamps → date or datetime."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "to_pydatetime"):
        moment = value.to_pydatetime()
        return moment if moment.tzinfo else moment.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def plain_rows(frame: Any) -> Iterator[dict[str, Any]]:
    """The panel's rows as plain Python values (dates, aware datetimes, lists, dicts), made
    a few thousand at a time."""
    for start in range(0, len(frame), _BATCH):
        for record in frame.iloc[start : start + _BATCH].to_dict("records"):
            yield {c: _cell(record[c]) for c in COLUMNS}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _jsonl_lines(frame: Any) -> Iterator[str]:
    for row in plain_rows(frame):
        plain = {k: _json_value(v) for k, v in row.items()}
        yield json.dumps(plain, ensure_ascii=False) + "\n"


def _schema() -> Any:
    import pyarrow as pa

    types = {
        "period_start": pa.date32(),
        "period_end": pa.date32(),
        "value": pa.float64(),
        "n_articles": pa.int64(),
        "article_ids": pa.list_(pa.string()),
        "conflict": pa.bool_(),
        "values": values_type(),
        "first_published_at": pa.timestamp("us", tz="+08:00"),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _write_parquet(frame: Any, tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    with pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, max(len(frame), 1), _BATCH * 4):
            part = frame.iloc[start : start + _BATCH * 4]
            writer.write_table(pa.Table.from_pandas(part, preserve_index=False).cast(schema))


def _write_csv(frame: Any, out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in plain_rows(frame):
        plain = {k: _json_value(v) for k, v in row.items()}
        for key in ("article_ids", "values"):
            plain[key] = json.dumps(plain[key], ensure_ascii=False)
        writer.writerow(plain)


def write(frame: Any, path: str | None) -> None:
    """Write the panel to ``path`` (format from its extension), or JSONL to stdout."""
    if path is None:
        sys.stdout.writelines(_jsonl_lines(frame))
        return
    fmt, target = output_format(path), Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        if fmt == "parquet":
            _write_parquet(frame, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                if fmt == "csv":
                    _write_csv(frame, out)
                else:
                    out.writelines(_jsonl_lines(frame))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)

"""Reading article dumps: every input article becomes exactly one item, bad ones included.

Sources: folders (recursively, in name order) and files of ``.md``/``.markdown``/``.txt``
(YAML front matter), ``.jsonl``/``.jsonl.gz``, ``.parquet``, and ``-`` for JSONL on stdin; a
file named on its own may also be ``.json`` (one article object, or a list of them), and any
other file is one Markdown/text article unless its content is JSON.
Bytes are decoded as UTF-8 (a BOM is dropped); text that is not UTF-8 is decoded with the
encoding ``charset_normalizer`` detects (GB18030/GBK in practice). An item that cannot be read
(a corrupt JSONL line, undecodable bytes, no text, an empty or binary file, JSON that is not
an article) carries its error and where it happened.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .markdown import parse_markdown

__all__ = ["Fields", "Item", "first_article", "iter_articles", "iter_items", "list_inputs"]

_TEXT_SUFFIXES = (".md", ".markdown", ".txt")
_SNIFF = 1 << 16  # bytes looked at to choose a file's encoding


@dataclass(frozen=True)
class Fields:
    """Which record fields hold the id, the text and the publish time."""

    id: str = "id"
    text: str = "text"
    date: str = "published_at"


@dataclass
class Item:
    """One input article: its record (or None) and, if it could not be read, why and where."""

    where: str
    article: dict[str, Any] | None
    error: tuple[str, str] | None = None  # (code, message)
    metadata: dict[str, Any] = field(default_factory=dict)


def list_inputs(paths: Iterable[str]) -> list[str]:
    """Expand folders into their article files (name order); ``-`` stays as is.

    Raises FileNotFoundError naming the first path that does not exist.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"no such input: {raw}")
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and _readable(p))
        else:
            out.append(str(path))
    return out


def _readable(path: Path) -> bool:
    name = path.name
    if name.endswith(".gold.jsonl"):
        return False  # annotations, not articles
    return name.endswith((*_TEXT_SUFFIXES, ".jsonl", ".jsonl.gz", ".parquet"))


def _encoding(sample: bytes) -> str:
    """utf-8-sig when the bytes are UTF-8, else what charset_normalizer finds (gb18030 for
    GBK text, which it extends)."""
    try:
        sample.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4 and len(sample) == _SNIFF:
            return "utf-8-sig"  # cut mid-character at the end of the sample
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return "utf-8-sig"
    return "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding


def iter_items(paths: Iterable[str], fields: Fields = Fields()) -> Iterator[Item]:
    """Every article of every input, in order."""
    for path in paths:
        if path == "-":
            yield from _jsonl(sys.stdin.buffer, "<stdin>", fields)
        elif path.endswith(".parquet"):
            yield from _parquet(path, fields)
        elif path.endswith((".jsonl", ".jsonl.gz")):
            opener = gzip.open if path.endswith(".gz") else open
            try:
                with opener(path, "rb") as fh:
                    yield from _jsonl(fh, path, fields)
            except (OSError, EOFError) as exc:  # a truncated .gz: what was read is kept
                problem = f"{path}: {type(exc).__name__}: {exc}"
                yield Item(f"{path}", None, ("unreadable", problem))
        else:
            yield from _single(path, fields)


def _binary(sample: bytes) -> bool:
    """NUL bytes, which no UTF-8 or GB18030 text has (UTF-16/32 text starts with a BOM)."""
    boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    return b"\0" in sample and not sample.startswith(boms)


def _single(path: str, fields: Fields) -> Iterator[Item]:
    """A file that holds one article: Markdown/text, or JSON (by its name or its content)."""
    data = Path(path).read_bytes()
    if _binary(data[:_SNIFF]):
        yield Item(path, None, ("binary", f"{path}: a binary file (it has NUL bytes), not text"))
        return
    encoding = _encoding(data[:_SNIFF])
    try:
        content = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        yield Item(path, None, ("undecodable", f"{path}: not decodable as {encoding}: {exc}"))
        return
    if not content.strip():
        yield Item(path, None, ("empty", f"{path}: an empty file, no article"))
    elif path.endswith(".json") or _json_like(content):
        yield from _json_document(path, content, fields)
    else:
        yield _markdown(path, content)


def _json_like(content: str) -> bool:
    """Content that is a JSON object or list (a golden file, say), not an article's text."""
    body = content.strip()
    if body[:1] + body[-1:] not in ("{}", "[]"):
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def _json_document(path: str, content: str, fields: Fields) -> Iterator[Item]:
    """A JSON file: one article object, or a list of them (``path[0]``, ``path[1]``…)."""
    try:
        value = json.loads(content)
    except ValueError as exc:
        yield Item(path, None, ("not_json", f"{path}: not JSON: {exc}"))
        return
    if not isinstance(value, list):
        yield _record_item(value, path, fields)
        return
    for index, record in enumerate(value):
        yield _record_item(record, f"{path}[{index}]", fields)


def _markdown(path: str, content: str) -> Item:
    try:
        article = parse_markdown(Path(path).stem, content.replace("\r\n", "\n"))
    except Exception as exc:
        return Item(path, None, ("front_matter", f"{path}: {type(exc).__name__}: {exc}"))
    metadata = {k: article.pop(k) for k in ("title", "source") if article.get(k)}
    return Item(path, article, metadata=metadata)


def _jsonl(fh: Any, name: str, fields: Fields) -> Iterator[Item]:
    buffered = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(fh)
    sample = buffered.peek(_SNIFF)[:_SNIFF]
    if _binary(sample):
        yield Item(name, None, ("binary", f"{name}: a binary file (it has NUL bytes), not JSONL"))
        return
    encoding = _encoding(sample)
    for number, raw in enumerate(buffered, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(raw.decode(encoding))
        except UnicodeDecodeError as exc:
            yield Item(where, None, ("undecodable", f"{where}: {exc}"))
            continue
        except json.JSONDecodeError as exc:
            yield Item(where, None, ("corrupt_line", f"{where}: not JSON: {exc}"))
            continue
        yield _record_item(record, where, fields)


def _parquet(path: str, fields: Fields) -> Iterator[Item]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        yield Item(path, None, ("unreadable", f"{path}: {type(exc).__name__}: {exc}"))
        return
    row = 0
    for batch in table.iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            row += 1
            yield _record_item(record, f"{path}:row {row}", fields)


def _record_item(record: Any, where: str, fields: Fields) -> Item:
    if not isinstance(record, dict):
        return Item(where, None, ("not_an_object", f"{where}: a record must be a JSON object"))
    article_id = record.get(fields.id)
    article = {
        "id": str(article_id) if article_id is not None else where,
        "text": record.get(fields.text),
        "published_at": record.get(fields.date, record.get("date")),
    }
    metadata = {
        k: v for k, v in record.items() if k not in (fields.id, fields.text, fields.date, "date")
    }
    if fields.text not in record:
        return Item(where, article, ("missing_text", _no_text(record, where, fields)), metadata)
    return Item(where, article, metadata=metadata)


def _no_text(record: dict[str, Any], where: str, fields: Fields) -> str:
    """Why a record is not an article, with the fields it has (an annotation? another name
    for the text, to give ``--text-field``?).

    >>> _no_text({"id": "a", "facts": []}, "gold.json", Fields())
    "gold.json: no field 'text', not an article (its fields: id, facts)"
    """
    names = [str(k) for k in record]
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "") if names else "none"
    return f"{where}: no field {fields.text!r}, not an article (its fields: {shown})"


def first_article(path: str, fields: Fields = Fields()) -> Item:
    """The first article of ``path`` (a file, a folder, or ``-``), for the commands that
    show one. Raises FileNotFoundError if the path does not exist, and InputError (one line
    naming the file and the problem) if its first item is not an article or it has none."""
    for item in iter_items(list_inputs([path]), fields):
        if item.error is not None:
            raise InputError(item.error[1])
        return item
    raise InputError(f"{path}: no article in it")


def iter_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Articles (id, text, published_at and their metadata) from a file or, recursively and
    in name order, a folder; the batch reader's view for code that wants plain dicts.
    An unreadable article raises :class:`~finnews_extract.InputError` naming where it is.
    """
    for item in iter_items(list_inputs([str(path)])):
        if item.error is not None and item.error[0] != "missing_text":
            raise InputError(item.error[1])
        yield {**item.metadata, **(item.article or {})}

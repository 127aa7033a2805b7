"""Reading articles from files: Markdown/text with YAML front matter, and JSONL dumps.

A Markdown or text file is one article: its ``id`` is the file name without extension, the
front matter (between ``---`` lines) gives ``title``, ``date`` and ``source``, and the text
is everything after the closing ``---``. Without a front-matter date, a trailing
``机构·2026-02-11 22:11`` line gives the publish time.

>>> art = parse_markdown("a1", '---\\ntitle: "T"\\ndate: "2025-02-08 11:34:20"\\n---\\n\\n本周')
>>> art["id"], art["published_at"], repr(art["text"])
('a1', '2025-02-08 11:34:20', "'\\\\n\\\\n本周'")
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import InputError

__all__ = ["iter_articles", "parse_markdown"]

_TRAILING_DATE = regex.compile(
    r"[·•]\s*(?P<date>(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?)"
    r"\s*$"
)


def parse_markdown(article_id: str, content: str) -> dict[str, Any]:
    """One article from a Markdown/text file's content (front matter optional)."""
    meta: dict[str, Any] = {}
    text = content
    if content.startswith("---\n"):
        close = content.find("\n---", 3)
        if close != -1:
            loaded = yaml.safe_load(content[4:close])
            meta = loaded if isinstance(loaded, dict) else {}
            text = content[close + 4 :]
    published = meta.get("date") or meta.get("published_at")
    if published is None:
        tail = _TRAILING_DATE.search(content.rstrip()[-80:])
        published = tail["date"] if tail else None
    return {
        "id": article_id,
        "text": text,
        "published_at": str(published) if published is not None else None,
        "title": meta.get("title"),
        "source": meta.get("source"),
    }


def iter_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Articles (id, text, published_at and their metadata) from a file or, recursively and
    in name order, a folder; the batch reader's view for code that wants plain dicts.
    An unreadable article raises :class:`~finnews_extract.InputError` naming where it is.
    """
    from ._sources import iter_items, list_inputs

    for item in iter_items(list_inputs([str(path)])):
        if item.error is not None and item.error[0] != "missing_text":
            raise InputError(item.error[1])
        yield {**item.metadata, **(item.article or {})}

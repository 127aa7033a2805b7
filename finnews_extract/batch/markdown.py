"""One article from a Markdown or text file with YAML front matter.

A Markdown or text file is one article: its ``id`` is the file name without extension, the
front matter (between ``---`` lines) gives ``title``, ``date`` and ``source``, and the text
is everything after the closing ``---``. Without a front-matter date, a trailing
``机构·2026-02-11 22:11`` line gives the publish time.

>>> art = parse_markdown("a1", '---\\ntitle: "T"\\ndate: "2025-02-08 11:34:20"\\n---\\n\\n本周')
>>> art["id"], art["published_at"], repr(art["text"])
('a1', '2025-02-08 11:34:20', "'\\\\n\\\\n本周'")
"""

from __future__ import annotations

from typing import Any

import regex
import yaml

__all__ = ["parse_markdown"]

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

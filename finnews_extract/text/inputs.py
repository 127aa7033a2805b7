"""Checking what callers hand in: article text and publish time.

Text is a Python ``str`` and offsets count its code points. A ``str`` may hold code points
that UTF-8 cannot encode: lone surrogates (U+D800..U+DFFF), which a JSON ``\\ud83d`` escape
left by half of a broken emoji decodes into. :func:`check_text` replaces each by U+FFFD, one
code point for one, and warns ``[FN-W003]``: every offset into the given text stays valid, and
every span's text is its slice of :func:`replace_surrogates` of that text (the same string
wherever the input had no such character).

>>> parse_published_at("2025-02-08 11:34:20").isoformat()
'2025-02-08T11:34:20+08:00'
>>> parse_published_at("yesterday")
Traceback (most recent call last):
...
finnews_extract.errors.InputError: published_at 'yesterday' is not an ISO date or date-time
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from typing import Any

from ..errors import FinnewsWarning, InputError

__all__ = [
    "SHANGHAI",
    "check_id",
    "check_metadata",
    "check_text",
    "parse_published_at",
    "replace_surrogates",
]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
"""Chinese markets' time zone; a publish time without an offset is taken as Beijing time."""


def _where(article_id: str | None) -> str:
    return f"article {article_id!r}: " if article_id is not None else ""


def check_text(text: object, article_id: str | None = None) -> str:
    """``text`` if it is a str, with each code point UTF-8 cannot encode replaced by U+FFFD
    (and a ``[FN-W003]`` warning naming the article and the offsets); raises
    :class:`InputError` naming the article if it is not a str."""
    if not isinstance(text, str):
        raise InputError(f"{_where(article_id)}text must be a str, got {type(text).__name__}")
    clean = replace_surrogates(text)
    if clean is not text:
        warnings.warn(_replaced_message(text, _where(article_id or None)), FinnewsWarning, 3)
    return clean


def check_id(value: object) -> str:
    """An article id as a str, with code points UTF-8 cannot encode replaced by U+FFFD (and a
    ``[FN-W003]`` warning), so that the record it names can be written."""
    article_id = str(value)
    clean = replace_surrogates(article_id)
    if clean is not article_id:
        where = f"article {article_id!r}: its id has "
        warnings.warn(_replaced_message(article_id, where), FinnewsWarning, 3)
    return clean


def check_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """An input record's other fields, to be written out with its result: ``metadata`` itself,
    or, if some string in it has code points UTF-8 cannot encode, a copy with each replaced
    by U+FFFD (values JSON cannot hold become strings) and a ``[FN-W003]`` warning."""
    dumped = json.dumps(metadata, ensure_ascii=False, default=str)
    clean = replace_surrogates(dumped)  # in JSON text, a surrogate is inside a string
    if clean is dumped:
        return metadata
    message = "[FN-W003] the article's other fields (metadata) had characters UTF-8 cannot "
    warnings.warn(message + "encode (lone surrogates), replaced by U+FFFD", FinnewsWarning, 3)
    return json.loads(clean)  # type: ignore[no-any-return]


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each code point UTF-8 cannot encode (a surrogate) replaced by U+FFFD;
    ``text`` itself when it has none. The length never changes, so offsets hold.

    >>> replace_surrogates("净流出\\ud83d1亿元") == "净流出\\ufffd1亿元"
    True
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _replaced_message(text: str, where: str) -> str:
    """The ``[FN-W003]`` message: how many characters were replaced, and where.

    >>> _replaced_message("a\\ud83db\\ude00", "article 'x1': ")  # doctest: +NORMALIZE_WHITESPACE
    "[FN-W003] article 'x1': 2 characters UTF-8 cannot encode (lone surrogates) replaced by
    U+FFFD, at offsets 1, 3"
    """
    offsets = [m.start() for m in _SURROGATE.finditer(text)]
    shown = ", ".join(str(o) for o in offsets[:5]) + (
        f" and {len(offsets) - 5} more" if len(offsets) > 5 else ""
    )
    many = len(offsets) > 1
    what = f"{len(offsets)} characters" if many else "1 character"
    kind = "lone surrogates" if many else "a lone surrogate"
    return (
        f"[FN-W003] {where}{what} UTF-8 cannot encode ({kind}) replaced by U+FFFD, "
        f"at offset{'s' if many else ''} {shown}"
    )


def parse_published_at(value: object, article_id: str | None = None) -> dt.datetime | None:
    """A publish time from a datetime, a date or an ISO string; naive times are +08:00.

    >>> parse_published_at("2026-02-11T22:11:00+08:00").isoformat()
    '2026-02-11T22:11:00+08:00'
    >>> parse_published_at(None) is None
    True
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            raise InputError(
                f"{_where(article_id)}published_at {value!r} is not an ISO date or date-time"
            ) from None
    else:
        raise InputError(
            f"{_where(article_id)}published_at must be a datetime, a date or an ISO string, "
            f"got {type(value).__name__}"
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)

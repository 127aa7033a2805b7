"""Checking what callers hand in: article text and publish time.

>>> parse_published_at("2025-02-08 11:34:20").isoformat()
'2025-02-08T11:34:20+08:00'
>>> parse_published_at("yesterday")
Traceback (most recent call last):
...
finnews_extract.errors.InputError: published_at 'yesterday' is not an ISO date or date-time
"""

from __future__ import annotations

import datetime as dt

from ..errors import InputError

__all__ = ["SHANGHAI", "check_text", "parse_published_at"]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
"""Chinese markets' time zone; a publish time without an offset is taken as Beijing time."""


def _where(article_id: str | None) -> str:
    return f"article {article_id!r}: " if article_id is not None else ""


def check_text(text: object, article_id: str | None = None) -> str:
    """Return ``text`` if it is a str, else raise :class:`InputError` naming the article."""
    if not isinstance(text, str):
        raise InputError(f"{_where(article_id)}text must be a str, got {type(text).__name__}")
    return text


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

"""Errors and coded warnings.

The tree::

    FinnewsError                 base of everything this library raises
    └── InputError (ValueError)  the caller's article is unusable: text not a string,
                                 published_at not a date-time, a corrupt line in a dump

Warnings are :class:`FinnewsWarning` with a code in the message:

- ``[FN-W001]`` relative dates left unresolved because no ``published_at`` was given;
- ``[FN-W002]`` a date lies past both calendar sources (exchange sessions, public holidays):
  weekdays were used.

>>> raise InputError("article 'a1': text must be a str, got int")
Traceback (most recent call last):
...
finnews_extract.errors.InputError: article 'a1': text must be a str, got int
"""

from __future__ import annotations

__all__ = ["FinnewsError", "FinnewsWarning", "InputError"]


class FinnewsError(Exception):
    """Base class of the errors raised by finnews_extract."""


class InputError(FinnewsError, ValueError):
    """An input article (its text or its publish time) cannot be processed."""


class FinnewsWarning(UserWarning):
    """A coded warning: the result is usable but less certain than usual."""

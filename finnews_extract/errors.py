"""Errors and coded warnings.

The tree::

    FinnewsError                 base of everything this library raises
    └── InputError (ValueError)  the caller's article is unusable: text not a string,
                                 published_at not a date-time, a corrupt line in a dump

Warnings are :class:`FinnewsWarning` with a code in the message:

- ``[FN-W001]`` relative dates left unresolved because no ``published_at`` was given;
- ``[FN-W002]`` a date lies past both calendar sources (exchange sessions, public holidays):
  weekdays were used (said once per year and process);
- ``[FN-W003]`` the text held characters UTF-8 cannot encode (lone surrogates, such as half
  of a broken emoji): each was replaced by U+FFFD, one code point for one, so offsets hold;
- ``[FN-W004]`` a panel left out metric facts without a period or a subject (said once per
  ``panel.build`` or ``dask.panel``; the counts are in the frame's ``attrs``).

:data:`WARNING_CODES` gives each code's one-line description (what the command line prints
once per kind for a batch).

>>> raise InputError("article 'a1': text must be a str, got int")
Traceback (most recent call last):
...
finnews_extract.errors.InputError: article 'a1': text must be a str, got int
"""

from __future__ import annotations

__all__ = ["WARNING_CODES", "FinnewsError", "FinnewsWarning", "InputError"]


class FinnewsError(Exception):
    """Base class of the errors raised by finnews_extract."""


class InputError(FinnewsError, ValueError):
    """An input article (its text or its publish time) cannot be processed."""


class FinnewsWarning(UserWarning):
    """A coded warning: the result is usable but less certain than usual."""


WARNING_CODES: dict[str, str] = {
    "FN-W001": "no published_at: relative and yearless dates left unresolved",
    "FN-W002": "a date past the exchange calendar's data: weekdays were used",
    "FN-W003": "characters UTF-8 cannot encode (lone surrogates) replaced by U+FFFD",
    "FN-W004": "panel: metric facts without a period or a subject left out",
}
"""Each warning code and what it means, in the words of its message."""

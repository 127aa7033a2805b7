"""Coded warnings in the command line: caught per article, kept in its record, counted.

A library caller gets each :class:`~finnews_extract.FinnewsWarning` from Python's warnings
machinery. The command line catches them per article instead (:func:`caught`): each becomes
an entry ``{"code": "FN-W001", "message": "…"}`` of the article's record (its ``warnings``
field), or with ``--strict`` an error of that code. A :class:`Tally` counts the articles per
code over a run and gives one plain line per code for the console.

>>> entry("[FN-W001] no published_at: relative and yearless dates left unresolved")
{'code': 'FN-W001', 'message': 'no published_at: relative and yearless dates left unresolved'}
"""

from __future__ import annotations

import contextlib
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import WARNING_CODES, FinnewsWarning

__all__ = ["Tally", "caught", "entry", "is_warning_code", "strict_errors"]

_CODED = re.compile(r"\[(FN-W\d{3})\]\s*")
_LOCK = threading.RLock()  # Python's warning state is one per process: one article at a time
_PASSED: set[tuple[str, type[Warning], str, int]] = set()  # other warnings, passed on once


def entry(message: str) -> dict[str, str]:
    """A record's warning entry from a warning's message (``[FN-W001] …``)."""
    found = _CODED.match(message)
    if found is None:
        return {"code": "warning", "message": message}
    return {"code": found[1], "message": message[found.end() :]}


def is_warning_code(code: str) -> bool:
    """True for a warning's code (``FN-W001``), which an error has under ``--strict``."""
    return code == "warning" or _CODED.fullmatch(f"[{code}]") is not None


@contextlib.contextmanager
def caught() -> Iterator[list[dict[str, str]]]:
    """Catch the FinnewsWarnings of the block: the list it gives is filled, when the block
    ends, with one entry per distinct warning in the order raised. Every such warning is
    caught, however the process filters warnings; other warnings go on as usual.

    >>> with caught() as found:
    ...     warnings.warn("[FN-W001] no date", FinnewsWarning)
    ...     warnings.warn("[FN-W001] no date", FinnewsWarning)
    >>> found
    [{'code': 'FN-W001', 'message': 'no date'}]
    """
    found: list[dict[str, str]] = []
    with _LOCK:
        try:
            with warnings.catch_warnings(record=True) as raised:
                warnings.simplefilter("always", FinnewsWarning)
                yield found
        finally:  # the catch is over: a warning passed on meets the caller's filters
            for w in raised:
                if issubclass(w.category, FinnewsWarning):
                    if entry(str(w.message)) not in found:
                        found.append(entry(str(w.message)))
                else:
                    _pass_on(w)


def _pass_on(w: warnings.WarningMessage) -> None:
    """Warn again, outside the catch, of a warning that is not ours; once per place and
    message, as Python's default does (each catch resets Python's own record of that)."""
    key = (str(w.message), w.category, w.filename, w.lineno)
    if key not in _PASSED:
        _PASSED.add(key)
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def strict_errors(found: list[dict[str, str]], where: str | None = None) -> list[dict[str, str]]:
    """``--strict``: a record's warnings as its errors (the warning's code, its message)."""
    return [{**e, "where": where} if where is not None else dict(e) for e in found]


@dataclass
class Tally:
    """How many articles raised each warning code, and how many raised any."""

    articles: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)  # each code's first message

    def add(self, record: dict[str, Any]) -> None:
        """Count one output record's warnings (or, under ``--strict``, its warning errors)."""
        found = list(record.get("warnings") or ())
        found += [e for e in record.get("errors") or () if is_warning_code(e["code"])]
        codes = dict.fromkeys(e["code"] for e in found)
        if not codes:
            return
        self.articles += 1
        for e in found:
            self.messages.setdefault(e["code"], e["message"])
        for code in codes:
            self.codes[code] = self.codes.get(code, 0) + 1

    def merge(self, other: Tally) -> None:
        """Add another tally's counts (a worker's chunk) to this one."""
        self.articles += other.articles
        for code, count in other.codes.items():
            self.codes[code] = self.codes.get(code, 0) + count
            self.messages.setdefault(code, other.messages[code])

    def brief(self) -> str:
        """The counts per code for the summary line: ``FN-W001: 312, FN-W003: 2``."""
        return ", ".join(f"{code}: {self.codes[code]}" for code in sorted(self.codes))

    def lines(self, strict: bool = False) -> list[str]:
        """One console line per code: what it means and how many articles raised it."""
        out = []
        for code in sorted(self.codes):
            n = self.codes[code]
            tail = f"{n} article{'s' if n != 1 else ''}"
            tail += "; --strict made them errors" if strict else ""
            what = WARNING_CODES.get(code, self.messages[code])
            out.append(f"{'error' if strict else 'warning'} {code}: {what} ({tail})")
        return out

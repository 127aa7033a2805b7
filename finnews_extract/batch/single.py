"""The commands that treat one article (``show``, ``explain``): reading it, and its warnings.

Exit codes: 2 when the path does not exist or holds no article (an empty or binary file, JSON
without a text field), 3 when the article's text or date is unusable or ``--strict`` fails it
for a warning, 0 otherwise. Each coded warning is one plain line on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..text.inputs import check_text
from .article_warnings import caught
from .sources import Item, first_article

__all__ = ["is_file", "print_lines", "read_article", "run_single"]


def print_lines(lines: list[str]) -> None:
    """Lines to stderr: a command's warnings (one per kind), its summary."""
    sys.stderr.write("".join(line + "\n" for line in lines))


def read_article(path: str) -> Item | None:
    """The first article of ``path``, or None when there is no such path or it holds no
    article (said on stderr in one line naming the file)."""
    try:
        return first_article(path)
    except (FileNotFoundError, InputError) as exc:
        print_lines([f"finnews-extract: {exc}"])
        return None


def is_file(text: str) -> bool:
    """True when a command's TEXT argument names a file (to be read as an article)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long, a NUL: text, not a path
        return False


def run_single(
    text: object, article_id: str | None, strict: bool, work: Callable[[str], str]
) -> tuple[int, str | None]:
    """``work`` on an article's checked text (lone surrogates replaced), its coded warnings
    caught and printed one line each: the exit code and the output (None when it failed).

    >>> run_single("净流入1亿元", "a", False, lambda text: text[:3])
    (0, '净流入')
    """
    with caught() as found:
        try:
            output = work(check_text(text, article_id))
        except InputError as exc:
            print_lines([f"finnews-extract: {exc}"])
            return 3, None
    print_lines([f"{'error' if strict else 'warning'} {e['code']}: {e['message']}" for e in found])
    return (3, None) if strict and found else (0, output)

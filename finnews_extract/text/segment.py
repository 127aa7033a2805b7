"""Word boundaries from a private jieba tokenizer with the finance user dictionary.

Regexes find names; jieba only checks their edges, so a name is never cut mid-word
(润和软件 is not 和软件). The tokenizer is private (never the global ``jieba.dt``), built on
first use, and only short windows are segmented. Its dictionary also holds every name of the
built-in securities table, read from the data file (not from the table, a later stage).

>>> snap("其中科创50ETF", 3, 9)
(2, 9)
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .lexicon import builtin_security_names

__all__ = ["boundaries", "snap"]


@cache
def _tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    path = resources.files("finnews_extract") / "lexicons" / "jieba_userdict.txt"
    with resources.as_file(path) as real:
        tokenizer.load_userdict(str(real))
    for name in builtin_security_names():
        tokenizer.add_word(name, 1000)
    return tokenizer


@lru_cache(maxsize=8192)
def boundaries(window: str) -> frozenset[int]:
    """The offsets in ``window`` where a jieba word starts or ends."""
    edges = {0, len(window)}
    for _, start, end in _tokenizer().tokenize(window, HMM=False):
        edges.add(start)
        edges.add(end)
    return frozenset(edges)


def snap(window: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) inside ``window`` to the nearest word boundaries."""
    edges = boundaries(window)
    while start > 0 and start not in edges:
        start -= 1
    while end < len(window) and end not in edges:
        end += 1
    return start, end

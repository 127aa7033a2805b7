"""Word boundaries: jieba's segmentation (no HMM) with the finance user dictionary.

Regexes find names; the segmenter only checks their edges, so a name is never cut mid-word
(润和软件 is not 和软件), and only short windows are segmented.

jieba's dictionary (with our user dictionary and the master's fund names added, as jieba's
``add_word`` adds them) is kept as a marisa trie of its words and an array of their
frequencies, in the user's cache (``$FINNEWS_EXTRACT_CACHE`` or ``~/.cache/finnews_extract``),
keyed by jieba's version and a checksum of what was added. Loading it takes a millisecond where
jieba's own dictionary takes 0.6 s to unmarshal, most of a cold start. The first process on a
machine builds it once from jieba (about 1.5 s); without a writable cache every process does.
The cut is jieba's own algorithm (``Tokenizer.cut(HMM=False)``: the most probable path through
the word graph, single Latin letters and digits joined) run on that dictionary; a test checks
it word for word against jieba.

>>> snap("其中科创50ETF", 3, 9)
(2, 9)
>>> words("北向资金净买入宁德时代4.2亿元")
['北向资金', '净买入', '宁德', '时代', '4', '.', '2', '亿元']
"""

from __future__ import annotations

import array
import hashlib
import logging
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from math import log
from pathlib import Path
from typing import Any

import marisa_trie

from .master import cache_dir, load_master

__all__ = ["added_names", "boundaries", "jieba_tokenizer", "snap", "words"]

_FORMAT = 2  # bump when the cached file's layout changes
_NAME_FREQ = 1000  # what a built-in fund name is added with
# jieba's own block patterns (jieba.re_han_default, re_skip_default, re_eng).
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]")


@dataclass(frozen=True)
class _Dictionary:
    """jieba's prefix dictionary: every word and every prefix of one (frequency 0), each
    word's frequency and its log, the total frequency, and the longest word's length."""

    trie: marisa_trie.Trie
    freqs: array.array[int]
    logs: array.array[float]  # log(frequency or 1), as jieba computes it on every lookup
    total: int
    longest: int

    @property
    def logtotal(self) -> float:
        return log(self.total)


def added_names() -> list[str]:
    """The fund names added to jieba's dictionary: every name of the master's ETFs and LOFs
    (华夏上证科创板50成份交易型开放式指数证券投资基金 is one word, not four)."""
    funds = (r for r in load_master().rows if r.kind in ("etf", "lof"))
    return [name for r in funds for name in (r.name, *r.aliases)]


def _added() -> tuple[bytes, list[str]]:
    """Our user dictionary's bytes and the fund names added on top of jieba's dictionary."""
    path = resources.files("finnews_extract") / "lexicons" / "jieba_userdict.txt"
    return path.read_bytes(), added_names()


def _cache_file(userdict: bytes, names: list[str]) -> Path | None:
    folder = cache_dir()
    try:
        version = metadata.version("jieba")
    except metadata.PackageNotFoundError:
        return None
    if folder is None:
        return None
    digest = hashlib.sha256(userdict + "\n".join(names).encode("utf-8")).hexdigest()[:16]
    return folder / f"jieba-{version}-{_FORMAT}-{digest}.pickle"


def jieba_tokenizer(names: list[str]) -> Any:
    """A private jieba tokenizer with our user dictionary and ``names`` added (never the
    global ``jieba.dt``); what the cached dictionary is made from, and what tests check the
    cut against."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    path = resources.files("finnews_extract") / "lexicons" / "jieba_userdict.txt"
    with resources.as_file(path) as real:
        tokenizer.load_userdict(str(real))
    for name in names:
        tokenizer.add_word(name, _NAME_FREQ)
    return tokenizer


def _build(names: list[str]) -> _Dictionary:
    """The dictionary as jieba's tokenizer holds it once the user words are added."""
    tokenizer = jieba_tokenizer(names)
    freq: dict[str, int] = tokenizer.FREQ
    trie = marisa_trie.Trie(freq)
    freqs = array.array("I", bytes(4 * len(trie)))
    for word, count in freq.items():
        freqs[trie.key_id(word)] = count
    logs = array.array("d", (log(f or 1) for f in freqs))
    return _Dictionary(trie, freqs, logs, int(tokenizer.total), max(map(len, freq)))


def _load(path: Path) -> _Dictionary | None:
    try:
        with path.open("rb") as fh:
            fmt, trie_bytes, freq_bytes, log_bytes, total, longest = pickle.load(fh)
        if fmt != _FORMAT:
            return None
        freqs, logs = array.array("I"), array.array("d")
        freqs.frombytes(freq_bytes)
        logs.frombytes(log_bytes)
        trie = marisa_trie.Trie().frombytes(trie_bytes)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
        return None
    if not len(trie) == len(freqs) == len(logs):
        return None
    return _Dictionary(trie, freqs, logs, total, longest)


def _save(path: Path, d: _Dictionary) -> None:
    data = (_FORMAT, d.trie.tobytes(), d.freqs.tobytes(), d.logs.tobytes(), d.total, d.longest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: build in each process


@cache
def _dictionary() -> _Dictionary:
    userdict, names = _added()
    path = _cache_file(userdict, names)
    found = _load(path) if path is not None and path.is_file() else None
    if found is None:
        found = _build(names)
        if path is not None:
            _save(path, found)
    return found


def _route(sentence: str, d: _Dictionary) -> list[tuple[float, int]]:
    """jieba's ``get_DAG`` and ``calc`` in one backward pass: for each position, the best
    path's log probability and the end of its first word (ties: the longer word, as jieba's
    ``max`` over (probability, end) pairs)."""
    n = len(sentence)
    prefixes, freqs, logs, logtotal = d.trie.iter_prefixes_with_ids, d.freqs, d.logs, d.logtotal
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        for word, i in prefixes(sentence[idx : idx + d.longest]):
            if freqs[i]:
                end = idx + len(word) - 1
                found = (logs[i] - logtotal + route[end + 1][0], end)
                if best is None or found > best:
                    best = found
        route[idx] = best or (0.0 - logtotal + route[idx + 1][0], idx)
    return route


def _cut_graph(sentence: str, d: _Dictionary) -> Iterator[str]:
    """jieba's ``__cut_DAG_NO_HMM``: words along the best path, single letters and digits
    run together."""
    route = _route(sentence, d)
    x, buf = 0, ""
    while x < len(sentence):
        y = route[x][1] + 1
        word = sentence[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                yield buf
                buf = ""
            yield word
        x = y
    if buf:
        yield buf


def words(sentence: str) -> list[str]:
    """jieba's ``Tokenizer.cut(sentence, HMM=False)`` with our dictionary."""
    d = _dictionary()
    out: list[str] = []
    for block in _HAN.split(sentence):
        if not block:
            continue
        if _HAN.match(block):
            out.extend(_cut_graph(block, d))
        else:
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


@lru_cache(maxsize=65536)
def boundaries(window: str) -> frozenset[int]:
    """The offsets in ``window`` where a word starts or ends."""
    edges = {0, len(window)}
    pos = 0
    for word in words(window):
        pos += len(word)
        edges.add(pos)
    return frozenset(edges)


def snap(window: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) inside ``window`` to the nearest word boundaries."""
    edges = boundaries(window)
    while start > 0 and start not in edges:
        start -= 1
    while end < len(window) and end not in edges:
        end += 1
    return start, end

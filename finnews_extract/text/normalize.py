"""Length-preserving normalization: patterns run on a mapped copy, offsets stay valid.

Full-width ASCII becomes ASCII, a few dash and minus forms become ``-``, and traditional
characters become simplified (OpenCC's character table, where it maps one to one, shipped as
``lexicons/t2s.txt``). Every mapping is one character to one character, so an index into the
copy is an index into the original.

>>> normalize("１２．５％，億")
'12.5%，亿'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import FinnewsError
from .lexicon import load_normalize_lexicon

__all__ = ["normalize", "sentence_bounds"]

_FULLWIDTH_KEPT = set("，。；：！？（）　、")  # full-width punctuation our patterns match as is


def _traditional() -> dict[int, str]:
    """OpenCC's traditional → simplified character table where it maps one character to one
    (``lexicons/t2s.txt``, generated from OpenCC by ``tools/gen_t2s.py``).

    >>> _traditional()[ord("億")]
    '亿'
    """
    path = resources.files("finnews_extract") / "lexicons" / "t2s.txt"
    table: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        if len(line) != 2:
            raise FinnewsError(f"lexicons/t2s.txt:{number}: expected two characters, got {line!r}")
        table[ord(line[0])] = line[1]
    return table


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = _traditional()
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        char = chr(code)
        if char not in _FULLWIDTH_KEPT:
            table[code] = chr(code - 0xFEE0)
    for src, dst in load_normalize_lexicon().table().items():  # our own forms win
        table[ord(src)] = dst
    return table


def normalize(text: str) -> str:
    """Map ``text`` character by character; the result has the same length.

    >>> normalize("本週淨流入－3.2億元") == "本周净流入-3.2亿元"
    True
    """
    out = text.translate(_table())
    if len(out) != len(text):  # pragma: no cover - guarded by the lexicon validator
        raise AssertionError("normalization changed the text length")
    return out


_SENTENCE_END = frozenset("。；;！!？?\n")


def sentence_bounds(text: str, pos: int, reach: int = 1 << 30) -> tuple[int, int]:
    """The [start, end) of the sentence holding ``pos`` (ends at 。；！？ or newline), looking
    at most ``reach`` characters each way (keeps callers linear on text without full stops).

    >>> sentence_bounds("甲。乙丙。丁", 3)
    (2, 5)
    """
    start = pos
    floor = max(0, pos - reach)
    while start > floor and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = pos
    ceiling = min(len(text), pos + reach)
    while end < ceiling and text[end] not in _SENTENCE_END:
        end += 1
    return start, min(end + 1, len(text))

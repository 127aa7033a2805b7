"""The segmenter cuts exactly as jieba does (no HMM, same dictionary), from a cache that loads
without jieba."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from finnews_extract.batch.sources import iter_articles
from finnews_extract.text import segment


@pytest.fixture(scope="module")
def jieba_cut() -> Any:
    tokenizer = segment.jieba_tokenizer(segment.added_names())
    return lambda window: [w for w, _, _ in tokenizer.tokenize(window, HMM=False)]


def _windows() -> list[str]:
    texts = [a["text"] for a in iter_articles(CORPORA / "articles")]
    rng = random.Random(7)
    out = []
    for text in texts:
        for _ in range(300):
            start = rng.randrange(len(text))
            out.append(text[start : start + rng.randrange(1, 48)])
    return out


def test_the_cut_is_jiebas_on_article_windows(jieba_cut: Any) -> None:
    windows = _windows()
    assert len(windows) > 1000
    differ = [w for w in windows if segment.words(w) != jieba_cut(w)]
    assert differ == []


# Finance words, their pieces, Latin letters, digits and the separators jieba treats apart.
_ALPHABET = (
    "科创板五十净流入出资金份额亿元万手中国平安银行卡宁德时代华夏基金易方达"
    "ETFabc0123.%- 　，。（）\n\t"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_the_cut_is_jiebas_on_any_text(jieba_cut: Any, window: str) -> None:
    assert segment.words(window) == jieba_cut(window)


_PROBE = (
    "import sys; from finnews_extract.text.segment import boundaries; "
    "print(sorted(boundaries('北向资金净买入宁德时代4.2亿元'))); "
    "print('jieba' in sys.modules)"
)


def _run(cache: str) -> list[str]:
    env = {**os.environ, "FINNEWS_EXTRACT_CACHE": cache}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")[:2]


def test_the_dictionary_is_cached_and_then_loaded_without_jieba(tmp_path: Path) -> None:
    first = _run(str(tmp_path))
    assert first[1] == "True"  # built from jieba once
    (cached,) = tmp_path.glob("jieba-*.pickle")
    second = _run(str(tmp_path))
    assert second == [first[0], "False"]  # same edges, jieba never imported
    cached.write_bytes(b"not a pickle")
    assert _run(str(tmp_path)) == first  # a broken cache file is rebuilt, not trusted
    assert _run("") == first  # no cache at all: built in the process

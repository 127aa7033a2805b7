"""Normalization data: the shipped traditional → simplified table is OpenCC's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from finnews_extract._text import _traditional, normalize

TOOLS = Path(__file__).resolve().parent.parent / "tools"


@pytest.mark.skipif(importlib.util.find_spec("opencc") is None, reason="needs opencc (test extra)")
def test_shipped_t2s_table_is_what_opencc_gives_today() -> None:
    sys.path.insert(0, str(TOOLS))
    try:
        import gen_t2s
    finally:
        sys.path.remove(str(TOOLS))
    expected = {ord(a): b for a, b in gen_t2s.opencc_pairs()}
    assert _traditional() == expected, "run python tools/gen_t2s.py and review the diff"


def test_traditional_text_normalizes_character_for_character() -> None:
    text = "本週滬深兩市融資餘額增加，騰訊控股淨買入"
    out = normalize(text)
    assert len(out) == len(text)
    assert out == "本周沪深两市融资余额增加，腾讯控股净买入"

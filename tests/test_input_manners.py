"""Issue 15, input manners: coded warnings as plain lines and record fields, files that are
not articles, and text with lone surrogates. Through the real command line (a subprocess),
as a user meets it, and through the library call."""

from __future__ import annotations

import json

import pytest
from conftest import assert_spans_exact

from finnews_extract import FinnewsWarning, extract
from finnews_extract.text.inputs import replace_surrogates

UNDATED = "本周科创50ETF净流出63.88亿元，份额创近一年新低。"
BROKEN = "本周科创50ETF净流出63.88亿元\ud83d，份额创近一年新低。"  # half of an emoji
AT = BROKEN.index("\ud83d")


def test_the_library_call_serializes_text_with_a_surrogate() -> None:
    with pytest.warns(FinnewsWarning, match=rf"\[FN-W003\] article 'x': .* at offset {AT}"):
        result = extract(BROKEN, "2025-02-08", id="x")
    dumped = json.loads(result.model_dump_json())
    clean = json.loads(extract(replace_surrogates(BROKEN), "2025-02-08", id="x").model_dump_json())
    assert dumped == clean and dumped["facts"]
    assert_spans_exact(result, replace_surrogates(BROKEN))
    assert len(replace_surrogates(BROKEN)) == len(BROKEN)


def test_the_library_call_replaces_a_surrogate_in_the_id() -> None:
    with pytest.warns(FinnewsWarning, match=r"\[FN-W003\] article 'x\\ud83d': its id has 1"):
        result = extract(UNDATED, "2025-02-08", id="x\ud83d")
    assert json.loads(result.model_dump_json())["id"] == "x\ufffd"

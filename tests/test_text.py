"""Normalization data: the shipped traditional → simplified table is OpenCC's."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from finnews_extract.text.normalize import _traditional, normalize

TOOLS = ROOT / "tools"


def test_shipped_t2s_table_is_what_opencc_gives_today() -> None:
    pytest.importorskip("opencc", reason="needs opencc (test extra)")
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


@pytest.mark.parametrize(
    ("model", "data", "problem"),
    [
        ("SubjectLexicon", {"indices": []}, "indices"),
        ("QuantityLexicon", {"units": {"亿元": "RMB"}}, "units"),
        ("NormalizeLexicon", {"extra": {"ab": "c"}, "traditional": ""}, "extra"),
    ],
)
def test_a_malformed_lexicon_fails_naming_the_file_and_field(
    model: str, data: dict[str, object], problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Language data is validated at load: a bad file raises FinnewsError naming it."""
    from finnews_extract.errors import FinnewsError
    from finnews_extract.text import lexicon as _lexicon

    monkeypatch.setattr(_lexicon, "_read", lambda name: data)
    with pytest.raises(FinnewsError, match=rf"lexicons/x\.yaml is invalid(?s:.*){problem}"):
        _lexicon._validated(getattr(_lexicon, model), "x.yaml")

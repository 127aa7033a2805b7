"""The spaCy component, built from its entry point the way a user builds it."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")

TEXTS = [
    "本周科创50ETF（588000）净流出63.88亿元，份额创近一年新低。",
    "昨日沪指上涨1.2%，两市融资余额增加190.57亿元。",
    "人工智能ETF、机器人ETF分别增加了6.99亿份、5.87亿份。",
]


def _nlp() -> object:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("finnews_extract")  # found through the spacy_factories entry point
    return nlp


def test_entry_point_is_registered() -> None:
    from importlib.metadata import entry_points

    names = {e.name for e in entry_points(group="spacy_factories")}
    assert "finnews_extract" in names


def test_spans_are_the_facts() -> None:
    from finnews_extract import extract

    nlp = _nlp()
    doc = nlp.make_doc(TEXTS[0])
    doc._.published_at = "2025-02-08"
    doc = nlp(doc)
    facts = extract(TEXTS[0], "2025-02-08").facts
    assert doc._.facts == list(facts)
    spans = list(doc.spans["finnews"])
    assert len(spans) == len(facts)
    for span, fact in zip(spans, facts, strict=True):
        assert span._.fact == fact
        assert span.start_char <= fact.span.start and fact.span.end <= span.end_char
        assert span.label_ in (fact.metric, fact.type)
    assert doc._.facts[0].period is not None  # published_at came from the Doc


def test_two_processes_give_the_same_facts() -> None:
    nlp = _nlp()
    one = [[(s.text, s.label_) for s in d.spans["finnews"]] for d in nlp.pipe(TEXTS)]
    two = [[(s.text, s.label_) for s in d.spans["finnews"]] for d in nlp.pipe(TEXTS, n_process=2)]
    assert one == two and all(one)
    docs = list(nlp.pipe(TEXTS, n_process=2))
    assert [len(d._.facts) for d in docs] == [len(x) for x in one]


def test_user_securities_survive_to_disk(tmp_path: Path) -> None:
    nlp = _nlp()
    component = nlp.get_pipe("finnews_extract")
    component.add_securities([{"code": "600519", "name": "贵州茅台", "kind": "stock"}])
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("finnews_extract").securities == component.securities


def test_the_entry_point_module_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, finnews_extract.spacy_component; "
        "heavy = [m for m in ('jieba', 'regex', 'finnews_extract.dimensions.periods', "
        "'finnews_extract.api', 'exchange_calendars') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"

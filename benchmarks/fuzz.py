"""Coverage-guided fuzzing of ``extract`` with atheris (``pip install atheris``).

    python benchmarks/fuzz.py -max_total_time=600 [-seed=1] [corpus_dir]

Each input is decoded as UTF-8 (invalid bytes replaced), optionally spliced into one of the
project's own articles, and given to ``extract`` with or without a publish date. The checks:
no exception but InputError; every span is its exact slice of the text; a second run gives the
same bytes. The first failure stops the run with the input saved by libFuzzer (crash-*).
At the end (or on a time limit) it prints how many inputs it ran.
"""

from __future__ import annotations

import atexit
import sys
import warnings
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from finnews_extract import InputError, extract
    from finnews_extract.batch.sources import iter_articles

warnings.simplefilter("ignore")
ARTICLES = [a["text"] for a in iter_articles(ROOT / "corpora" / "articles") if a.get("text")]
DATES = [None, "2025-02-08", "2024-02-19T09:30:00+08:00", "2031-01-01"]
RUNS = [0]


def check(text: str, published: str | None) -> None:
    try:
        first = extract(text, published)
    except InputError:
        return
    for fact in first.facts:
        for span in (fact.span, *fact.spans):
            assert text[span.start : span.end] == span.text, (span, text[:200])
    for entity in first.entities:
        for span in entity.mentions:
            assert text[span.start : span.end] == span.text, (span, text[:200])
    assert extract(text, published).model_dump_json() == first.model_dump_json()


def one_input(data: bytes) -> None:
    RUNS[0] += 1
    provider = atheris.FuzzedDataProvider(data)
    mode = provider.ConsumeIntInRange(0, 2)
    published = DATES[provider.ConsumeIntInRange(0, len(DATES) - 1)]
    payload = provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes())
    if mode == 0:
        text = payload
    else:  # splice the fuzzed text into one of our articles
        base = ARTICLES[len(payload) % len(ARTICLES)]
        at = (len(payload) * 7919) % (len(base) + 1)
        text = base[:at] + payload + base[at:] if mode == 1 else payload.join(base.split("，")[:6])
    check(text, published)


atexit.register(lambda: print(f"fuzz: {RUNS[0]} inputs run", file=sys.stderr))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

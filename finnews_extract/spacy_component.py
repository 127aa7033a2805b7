"""The spaCy component ``finnews_extract``, registered by entry point (``spacy_factories``).

After ``pip install "finnews_extract[spacy]"``::

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("finnews_extract")
    doc = nlp("本周科创50ETF净流出63.88亿元。")

Facts become spans in ``doc.spans["finnews"]`` (label: the metric, or the fact type for
records and streaks; ``alignment_mode="expand"`` where tokens do not meet the characters, the
exact characters stay on the fact), the records are ``span._.fact`` and ``doc._.facts``, and
``doc._.published_at`` (set it before the pipeline runs) anchors relative dates. The facts
travel with the doc as plain JSON in ``doc.user_data``, so ``nlp.pipe(n_process=2)`` and
``DocBin`` work. This module imports nothing heavy: the extractor is built on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["FinnewsComponent", "make_component"]

_DATA = "finnews_facts"  # doc.user_data key: the facts as JSON-ready dicts


def _facts_of(doc: Doc) -> list[Any]:
    from .records import ArticleResult

    data = doc.user_data.get(_DATA) or []
    return list(ArticleResult.model_validate({"id": "", "facts": data}).facts)


def _fact_of(span: Span) -> Any:
    data = span.doc.user_data.get(_DATA) or []
    if not span.id_ or not span.id_.startswith("finnews:"):
        return None
    index = int(span.id_.removeprefix("finnews:"))
    from .records import ArticleResult

    return ArticleResult.model_validate({"id": "", "facts": [data[index]]}).facts[0]


def _register_extensions() -> None:
    if not Doc.has_extension("published_at"):
        Doc.set_extension("published_at", default=None)
    if not Doc.has_extension("facts"):
        Doc.set_extension("facts", getter=_facts_of)
    if not Span.has_extension("fact"):
        Span.set_extension("fact", getter=_fact_of)


class FinnewsComponent:
    """Adds finnews_extract facts to a Doc as spans and records."""

    def __init__(
        self, nlp: Language, name: str, spans_key: str = "finnews", fill_codes: bool = False
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.fill_codes = fill_codes
        self.securities: list[dict[str, Any]] = []  # user rows, saved by to_disk
        self._extractor: Any = None
        _register_extensions()

    def add_securities(self, rows: Iterable[dict[str, Any]]) -> None:
        """Teach the component funds/stocks (dicts with code, name, aliases, exchange, kind)."""
        self.securities.extend(dict(r) for r in rows)
        self._extractor = None

    def _get_extractor(self) -> Any:
        if self._extractor is None:
            from .api import Extractor
            from .securities import SecuritiesTable, Security

            table = SecuritiesTable.from_rows(Security.model_validate(r) for r in self.securities)
            self._extractor = Extractor(securities=table, fill_codes=self.fill_codes)
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        result = self._get_extractor().extract(doc.text, doc._.published_at)
        facts = json.loads(result.model_dump_json())["facts"]
        doc.user_data[_DATA] = facts
        spans = []
        for index, fact in enumerate(facts):
            label = fact["metric"] if fact["type"] == "metric" else fact["type"]
            span = doc.char_span(
                fact["span"]["start"], fact["span"]["end"], label=label, alignment_mode="expand"
            )
            if span is not None:
                span.id_ = f"finnews:{index}"
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Save the user securities (JSONL) and settings."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(r, ensure_ascii=False) for r in self.securities]
        (folder / "securities.jsonl").write_text("\n".join(lines), encoding="utf-8")
        (folder / "cfg.json").write_text(json.dumps({"fill_codes": self.fill_codes}))

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> FinnewsComponent:
        """Load what :meth:`to_disk` saved."""
        folder = Path(path)
        text = (folder / "securities.jsonl").read_text(encoding="utf-8")
        self.securities = [json.loads(line) for line in text.splitlines() if line.strip()]
        self.fill_codes = json.loads((folder / "cfg.json").read_text())["fill_codes"]
        self._extractor = None
        return self


@Language.factory(
    "finnews_extract",
    assigns=["doc.spans", "doc._.facts", "span._.fact"],
    default_config={"spans_key": "finnews", "fill_codes": False},
)
def make_component(
    nlp: Language, name: str, spans_key: str, fill_codes: bool
) -> Callable[[Doc], Doc]:
    """The factory spaCy calls for ``nlp.add_pipe("finnews_extract")``."""
    return FinnewsComponent(nlp, name, spans_key=spans_key, fill_codes=fill_codes)

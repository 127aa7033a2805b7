"""Reading results into observations grouped by subject as written, then into panel rows.

A :class:`Collector` takes results one at a time (any of the shapes of
:mod:`~finnews_extract.panel.observe`) and keeps only their dated metric facts, grouped by
the subject as the article wrote it; who that subject is across articles is decided once
everything is read, since a code given by a later article links an earlier bare name.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from typing import Any

from ..records import ArticleResult
from .frame import to_frame
from .merge import Item, Key, Row, census_of, merge_row, subject_labels
from .observe import (
    Identity,
    Observation,
    RawSubject,
    Report,
    identities,
    observe_record,
    observe_result,
    observe_row,
)

__all__ = ["Collector", "frame_rows", "observe_item", "paused_gc"]

_Raw = tuple[RawSubject, str, str, str, str]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (as it was after it). A panel
    holds millions of small acyclic tuples; with the collector on, each full collection
    walks them all, and the merge spends a third of its time there."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def frame_rows(frame: Any) -> Iterator[dict[str, Any]]:
    """The rows of a pandas DataFrame of flat fact rows as dicts, missing cells as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    for start in range(0, len(plain), 4096):
        yield from plain.iloc[start : start + 4096].to_dict("records")


def observe_item(item: Any, report: Report, row_ids: set[str]) -> Iterator[Observation]:
    """The observations of one result in any shape; a mapping that is neither a record nor a
    flat row counts as unreadable. ``row_ids`` collects the article ids of flat rows, whose
    articles are counted at the end (an article has several rows)."""
    if isinstance(item, ArticleResult):
        yield from observe_result(item, report)
    elif isinstance(item, Mapping) and ("facts" in item or "errors" in item):
        yield from observe_record(item, report)
    elif isinstance(item, Mapping) and "article_id" in item:
        row_ids.add(str(item["article_id"]))
        found = observe_row(item, report)
        if found is not None:
            yield found
    elif isinstance(item, Mapping):
        report.unreadable += 1
    else:
        raise TypeError(f"a panel is built from ArticleResults or dicts, got {type(item)}")


class Collector:
    """Observations of the results added so far, grouped by the subject as written."""

    def __init__(self) -> None:
        self.report = Report()
        self.groups: dict[_Raw, list[Item]] = {}
        self.row_ids: set[str] = set()
        self._shared: dict[Any, Any] = {}  # one object for equal texts and values (reprints)

    def add(self, item: Any) -> None:
        """Read one result (an ArticleResult, a JSON record or a flat fact row)."""
        shared, groups = self._shared, self.groups
        for o in observe_item(item, self.report, self.row_ids):
            key = (o.subject, o.metric, o.unit, o.start, o.end)
            found = groups.get(key)
            if found is None:  # the key is kept: its parts shared with other keys
                key = tuple(shared.setdefault(part, part) for part in key)
                found = groups[key] = []
            value, text = shared.setdefault(o.value, o.value), shared.setdefault(o.text, o.text)
            found.append((o.article, value, o.approx, text))

    def rows(self) -> tuple[Iterator[Row], dict[Identity, Any]]:
        """The merged rows in key order (made as they are read, emptying the collector) and
        each subject's (kind, name)."""
        found = identities(raw[0] for raw in self.groups)
        census = census_of(
            (raw[0], item[0]) for raw, items in self.groups.items() for item in items
        )
        keyed: dict[Key, list[_Raw]] = {}
        for raw in self.groups:
            subject, metric, unit, start, end = raw
            keyed.setdefault((found[subject], metric, unit, start, end), []).append(raw)
        self._shared.clear()
        return self._merged(keyed), subject_labels(census, found)

    def _merged(self, keyed: dict[Key, list[_Raw]]) -> Iterator[Row]:
        for key in sorted(keyed):
            raws = keyed.pop(key)
            items = self.groups.pop(raws[0])
            for raw in raws[1:]:
                items.extend(self.groups.pop(raw))
            yield merge_row(key, items)

    def frame(self) -> Any:
        """The panel of everything added (see :func:`finnews_extract.panel.build`)."""
        self.report.articles += len(self.row_ids)
        self.row_ids.clear()
        rows, labels = self.rows()
        return to_frame(rows, self.report, labels)

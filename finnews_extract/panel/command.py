"""``finnews-extract panel``: result files in, the panel (and its page) out, a summary line.

Exit codes: 0, 2 for bad arguments or a missing input, 3 when some input lines were no
record (they are counted in the summary, the rest is read).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError
from .collect import Collector, paused_gc
from .files import iter_results, list_inputs, output_format, write
from .page import render_page

__all__ = ["PanelOptions", "read_panel", "run", "summary_line"]


@dataclass(frozen=True)
class PanelOptions:
    """What ``finnews-extract panel`` reads and writes."""

    inputs: tuple[str, ...]
    output: str | None = None
    html: str | None = None
    top: int = 24
    quiet: bool = False


def _progress(quiet: bool) -> Any:
    """The batch run's progress bar (tqdm on stderr), only for a person at a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" records", file=sys.stderr, dynamic_ncols=True)


def _count(n: int, what: str) -> str:
    """``_count(1, "row{}") == "1 row"``, ``_count(2, "row{}") == "2 rows"``."""
    return f"{n} {what.format('' if n == 1 else 's')}"


def summary_line(frame: Any) -> str:
    """What was read and what is in the panel, in one line.

    >>> from finnews_extract.panel import build
    >>> summary_line(build([]))
    'finnews-extract panel: 0 rows (0 with a conflict) from 0 of 0 metric facts in 0 articles'
    """
    c = dict(frame.attrs)
    line = (
        f"finnews-extract panel: {_count(len(frame), 'row{}')} "
        f"({int(frame['conflict'].sum())} with a conflict) from {c['in_panel_facts']} of "
        f"{_count(c['metric_facts'], 'metric fact{}')} in {_count(c['articles'], 'article{}')}"
    )
    left = [
        (c["undated_facts"], "metric fact{} without a period"),
        (c["no_subject_facts"], "metric fact{} without a subject"),
        (c["other_facts"], "record or streak fact{}"),
        (c["failed_articles"], "failed article{}"),
        (c["unreadable"], "input line{} that held no record"),
    ]
    said = [_count(n, what) for n, what in left if n]
    return line + (f"; left out: {', '.join(said)}" if said else "")


def read_panel(paths: list[str], quiet: bool = True) -> Any:
    """The panel of the records and rows in ``paths``, with a progress bar unless ``quiet``
    (what is left out is for :func:`summary_line` to say)."""
    collector, bar = Collector(), _progress(quiet)
    with paused_gc():
        for path in paths:
            for item in iter_results(path):
                if item is None:
                    collector.report.unreadable += 1
                else:
                    collector.add(item)
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
        return collector.frame()


def run(options: PanelOptions, stderr: TextIO | None = None) -> int:
    """Read, merge, write; returns the exit code."""
    err = stderr or sys.stderr
    try:
        if options.output is not None:
            output_format(options.output)
        if options.top < 1:
            raise InputError(f"--top must be at least 1, got {options.top}")
        paths = list_inputs(options.inputs)
    except (InputError, FileNotFoundError) as exc:
        err.write(f"finnews-extract: {exc}\n")
        return 2
    frame = read_panel(paths, options.quiet)
    if options.output is not None or not options.html:  # a page alone prints no JSONL
        write(frame, options.output)
    if options.html:
        Path(options.html).write_text(render_page(frame, options.top), encoding="utf-8")
    if not options.quiet:
        err.write(summary_line(frame) + "\n")
    return 3 if frame.attrs["unreadable"] else 0

"""Batch extraction over article dumps: ordered, parallel, resumable, nothing lost.

The input is read lazily in chunks; each chunk goes to a worker process that owns one
:class:`~finnews_extract.Extractor` and returns plain bytes (JSON lines), so memory stays
bounded and the second core is not spent pickling. Results are written in input order as
numbered part files, each renamed into place only when complete; ``--resume`` counts the
parts already written and skips their articles, so a killed run (SIGKILL included) continues
with no duplicates and no gaps. When all parts are in, they are joined into the output file.

Every input article yields exactly one output record; one that cannot be read or processed
carries ``errors`` (what failed and where) and the run goes on. The coded warnings an article
raises are its record's ``warnings`` (with ``strict``, its errors), counted in the summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..records import ArticleResult
from ..text.inputs import check_id, check_metadata, parse_published_at, replace_surrogates
from .article_warnings import Tally, caught, strict_errors
from .sinks import FORMATS, flat_rows, join_parts, write_part
from .sources import Fields, Item, iter_items, list_inputs

__all__ = ["Options", "Summary", "run"]

_CHUNK = 256
_DEFAULT_FIELDS = Fields()


@dataclass(frozen=True)
class Options:
    """How a batch run reads, writes and parallelizes."""

    inputs: tuple[str, ...]
    output: str | None = None
    workers: int = 1
    resume: bool = False
    quiet: bool = False
    fields: Fields = _DEFAULT_FIELDS
    chunk: int = _CHUNK
    timeout: float | None = 5.0  # seconds one article may take; None: no limit
    strict: bool = False  # an article that raises a coded warning fails with it

    @property
    def format(self) -> str:
        """Output format from the output's extension (stdout: JSONL)."""
        if self.output is None:
            return "jsonl"
        for fmt in FORMATS:
            if self.output.endswith("." + fmt):
                return fmt
        raise InputError(
            f"output {self.output!r}: the extension must be one of "
            + ", ".join("." + f for f in FORMATS)
        )


@dataclass
class Summary:
    """Counts of a run."""

    articles: int = 0
    facts: int = 0
    errors: int = 0
    seconds: float = 0.0
    resumed_from: int = 0
    warnings: Tally = field(default_factory=Tally)
    strict: bool = False  # the warnings failed their articles: they are among the errors

    def line(self) -> str:
        """The one-line summary printed at the end."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        resumed = f" (resumed after {self.resumed_from})" if self.resumed_from else ""
        warned = f"{self.warnings.articles} with warnings"
        if self.strict:
            warned = f"{self.warnings.articles} of them for warnings"
        codes = f" ({self.warnings.brief()})" if self.warnings.codes else ""
        return (
            f"finnews-extract: {self.articles} articles, {self.facts} facts, "
            f"{self.errors} with errors, {warned}{codes} "
            f"in {self.seconds:.1f}s ({rate:.0f} articles/s){resumed}"
        )


# --- the worker side ---------------------------------------------------------------------

_EXTRACTOR: Any = None


def _extractor() -> Any:
    """This process's Extractor, built on first use."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from ..api import Extractor

        _EXTRACTOR = Extractor()
        _EXTRACTOR.extract(_WARM_TEXT, "2025-02-08")  # load the lazy tables outside any limit
    return _EXTRACTOR


_WARM_TEXT = "本周沪深两市融资余额增加1亿元，其中科创50ETF（588000）份额创新高，宁德时代涨超3%。"


def _warm() -> None:
    """Build this process's Extractor, which touches every lazily loaded table (calendar,
    jieba, the character maps), so that worker processes forked from it start ready and share
    memory."""
    _extractor()


def _error(code: str, message: str, where: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": replace_surrogates(message),
        "where": replace_surrogates(where),
    }


class ArticleTimeout(BaseException):
    """Raised inside an article's extraction when it runs past the time limit. A
    BaseException, like KeyboardInterrupt, so that no library's ``except Exception`` (jieba
    has some) can swallow it."""


_REFIRE = 0.05  # seconds between interrupts once the limit has passed


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with :class:`ArticleTimeout` after ``seconds`` (a real-time timer;
    only in a process's main thread, where signals are delivered — elsewhere no limit).

    Past the limit the interrupt repeats every ``_REFIRE`` seconds until the block ends: a
    signal handler's exception is lost when it lands in a gc callback or a ``__del__``, so one
    interrupt is not enough.

    >>> import time
    >>> try:
    ...     with time_limit(0.01):
    ...         time.sleep(1)
    ... except ArticleTimeout as exc:
    ...     print(exc)
    the article took more than 0.01 s
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not 0 < seconds < math.inf or not usable:  # NaN too: no limit
        yield
        return
    inside = True

    def expire(signum: int, frame: Any) -> None:
        if inside:
            raise ArticleTimeout(f"the article took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    # The timer is armed inside the try: an interrupt handled right after setitimer returns
    # must still reach the finally, or the repeating timer would outlive the block. (When an
    # interrupt is handled as the block ends, contextlib runs the finally once the exception
    # is dropped, which CPython does at once.)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE)
        yield
    finally:
        inside = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_item(item: Item, timeout: float | None = None, strict: bool = False) -> dict[str, Any]:
    """One input item → its output record as plain JSON data; never raises. ``timeout``
    bounds the seconds one article may take (past it: a ``timeout`` error record). The coded
    warnings raised on the way are the record's ``warnings``; with ``strict`` they fail the
    article instead: its errors, with no entities and no facts."""
    with caught() as found:
        record = _record(item, timeout)
        metadata = check_metadata(item.metadata) if item.metadata else None
    if strict and found:
        record.update(
            entities=[], facts=[], errors=record["errors"] + strict_errors(found, item.where)
        )
        found = []
    record["warnings"] = found
    if metadata:
        record["metadata"] = metadata
    return record


def _record(item: Item, timeout: float | None) -> dict[str, Any]:
    """The record of one item: its facts, or what failed."""
    article = item.article or {}
    article_id = check_id(article.get("id") or item.where)
    if item.error is not None:
        return _failed(article_id, article, _error(*item.error, item.where))
    try:
        extractor = _extractor()  # built (and warmed) outside the article's time limit
        with time_limit(timeout):
            result = extractor.extract(
                article.get("text"), article.get("published_at"), id=article_id
            )
        return json.loads(result.model_dump_json())  # type: ignore[no-any-return]
    except ArticleTimeout as exc:
        error = _error("timeout", str(exc), item.where)
    except InputError as exc:
        error = _error("input", str(exc), item.where)
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{item.where}; {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        error = _error("internal", f"{type(exc).__name__}: {exc}", where)
    return _failed(article_id, article, error)


def _failed(article_id: str, article: dict[str, Any], error: dict[str, Any]) -> dict[str, Any]:
    """An error record: the article's id and publish time (null if it does not parse)."""
    try:
        moment = parse_published_at(article.get("published_at"))
    except InputError:
        moment = None
    record: dict[str, Any] = json.loads(
        ArticleResult(id=article_id, published_at=moment).model_dump_json()
    )
    record["errors"] = [error]
    return record


def process_chunk(
    items: list[Item], rows: bool, timeout: float | None = None, strict: bool = False
) -> tuple[bytes, int, int, Tally]:
    """Records (or flat fact rows) of a chunk as JSON lines, with fact and error counts and
    the tally of warnings."""
    lines: list[str] = []
    facts = errors = 0
    tally = Tally()
    for item in items:
        record = process_item(item, timeout, strict)
        facts += len(record["facts"])
        errors += bool(record["errors"])
        tally.add(record)
        if rows:
            lines.extend(json.dumps(r, ensure_ascii=False, default=str) for r in flat_rows(record))
        else:
            lines.append(json.dumps(record, ensure_ascii=False, default=str))
    payload = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return payload, facts, errors, tally


# --- the driver side ---------------------------------------------------------------------


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


def _signature(options: Options, inputs: list[str]) -> str:
    parts = [*inputs, options.format, str(options.chunk), repr(options.fields)]
    if options.strict:  # a strict run's records differ: it resumes only a strict run
        parts.append("strict")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class _Parts:
    """The numbered, atomically written part files of an output, and the resume state."""

    def __init__(self, output: str, signature: str, resume: bool) -> None:
        self.folder = Path(output + ".parts")
        manifest = self.folder / "manifest.json"
        if resume and manifest.exists():
            if json.loads(manifest.read_text())["signature"] != signature:
                raise InputError(f"--resume: {self.folder} was written with other arguments")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            manifest.write_text(json.dumps({"signature": signature}))

    def done(self) -> int:
        """How many complete parts are already written."""
        return len(list(self.folder.glob("part-*.done")))

    def write(self, index: int, payload: bytes, fmt: str) -> None:
        write_part(self.folder / f"part-{index:08d}", payload, fmt)

    def join(self, output: str, fmt: str) -> None:
        join_parts(sorted(self.folder.glob("part-*.done")), Path(output), fmt)
        shutil.rmtree(self.folder, ignore_errors=True)


def _progress(options: Options) -> Any:
    if options.quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)


def run(options: Options, stdout: IO[bytes] | None = None) -> Summary:
    """Run a batch; returns its counts. Raises InputError/FileNotFoundError for bad arguments."""
    fmt = options.format
    inputs = list_inputs(options.inputs)
    if options.resume and options.output is None:
        raise InputError("--resume needs an output file (-o)")
    summary = Summary(strict=options.strict)
    started = time.perf_counter()
    parts = (
        _Parts(options.output, _signature(options, inputs), options.resume)
        if options.output
        else None
    )
    skip_chunks = parts.done() if parts else 0
    items = iter_items(inputs, options.fields)
    if skip_chunks:
        summary.resumed_from = skip_chunks * options.chunk
        items = itertools.islice(items, summary.resumed_from, None)
    bar = _progress(options)
    sink = stdout or sys.stdout.buffer
    for index, (payload, facts, errors, tally, count) in enumerate(
        _results(_chunks(items, options.chunk), options, fmt != "jsonl"), start=skip_chunks
    ):
        if parts is not None:
            parts.write(index, payload, fmt)
        else:
            sink.write(payload)
            sink.flush()
        summary.articles += count
        summary.facts += facts
        summary.errors += errors
        summary.warnings.merge(tally)
        if bar is not None:
            bar.update(count)
            bar.set_postfix(
                facts=summary.facts,
                errors=summary.errors,
                warnings=summary.warnings.articles,
                refresh=False,
            )
    if bar is not None:
        bar.close()
    if parts is not None and options.output is not None:
        parts.join(options.output, fmt)
    summary.seconds = time.perf_counter() - started
    return summary


def _results(
    chunks: Iterable[list[Item]], options: Options, rows: bool
) -> Iterator[tuple[bytes, int, int, Tally, int]]:
    """Chunk results in input order; at most two chunks per worker are in flight."""
    limit, strict = options.timeout, options.strict
    if options.workers <= 1:
        for chunk in chunks:
            yield (*process_chunk(chunk, rows, limit, strict), len(chunk))
        return
    _warm()  # load the dictionaries once here: forked workers share those pages
    with ProcessPoolExecutor(max_workers=options.workers) as pool:
        window: deque[tuple[Future[tuple[bytes, int, int, Tally]], int]] = deque()
        for chunk in chunks:
            window.append((pool.submit(process_chunk, chunk, rows, limit, strict), len(chunk)))
            if len(window) >= 2 * options.workers:
                future, count = window.popleft()
                yield (*future.result(), count)
        while window:
            future, count = window.popleft()
            yield (*future.result(), count)


def default_workers() -> int:
    """The machine's cores (what ``--workers`` defaults to)."""
    return os.cpu_count() or 1

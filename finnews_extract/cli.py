"""The ``finnews-extract`` command.

- ``finnews-extract schema``: the JSON Schema of the per-article output record;
- ``finnews-extract scan PATH...``: for each article (Markdown/text with front matter, or
  JSONL lines with ``id``, ``text``, ``published_at``), one JSON line with its quantities
  and resolved periods.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .batch.sources import Fields, iter_articles
from .dimensions.periods import extract_periods
from .dimensions.quantities import extract_quantities
from .errors import InputError
from .records import ArticleResult


def _scan_one(article: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(article.get("id")),
        "published_at": article.get("published_at"),
    }
    try:
        text = article.get("text")
        quantities = extract_quantities(text)  # type: ignore[arg-type]
        periods = extract_periods(text, article.get("published_at"))  # type: ignore[arg-type]
    except InputError as exc:
        out["errors"] = [{"code": "input", "message": str(exc)}]
        return out
    out["quantities"] = [q.model_dump(mode="json", exclude_none=True) for q in quantities]
    out["periods"] = [p.model_dump(mode="json") for p in periods]
    out["errors"] = []
    return out


def _cmd_scan(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        for article in iter_articles(Path(path)):
            record = _scan_one(article)
            failed += bool(record["errors"])
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 3 if failed else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from .batch.runner import Options, default_workers, run

    options = Options(
        inputs=tuple(args.paths),
        output=args.output,
        workers=args.workers or default_workers(),
        resume=args.resume,
        quiet=args.quiet,
        fields=Fields(id=args.id_field, text=args.text_field, date=args.date_field),
        chunk=args.chunk_size,
        timeout=args.timeout or None,
    )
    try:
        summary = run(options)
    except (InputError, FileNotFoundError) as exc:
        sys.stderr.write(f"finnews-extract: {exc}\n")
        return 2
    if not args.quiet:
        sys.stderr.write(summary.line() + "\n")
    return 3 if summary.errors else 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .api import extract
    from .batch.sources import iter_items, list_inputs
    from .review.show import render_html, render_terminal

    try:
        items = list(iter_items(list_inputs([args.path])))
    except FileNotFoundError as exc:
        sys.stderr.write(f"finnews-extract: {exc}\n")
        return 2
    if not items or items[0].article is None or items[0].error is not None:
        problem = items[0].error[1] if items and items[0].error else "no article"
        sys.stderr.write(f"finnews-extract: {args.path}: {problem}\n")
        return 3
    article = items[0].article
    try:
        result = extract(article["text"], article.get("published_at"), id=article["id"])
    except InputError as exc:
        sys.stderr.write(f"finnews-extract: {exc}\n")
        return 3
    if args.html:
        title = items[0].metadata.get("title") or article["id"]
        Path(args.html).write_text(render_html(article["text"], result, title), encoding="utf-8")
    else:
        sys.stdout.write(render_terminal(article["text"], result, color=sys.stdout.isatty()) + "\n")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .review.evaluate import as_json, load_records, report, score

    gold = load_records(Path(args.gold))
    if args.pred:
        pred = load_records(Path(args.pred))
    else:
        from .batch.runner import process_item
        from .batch.sources import iter_items

        pred = {}
        for item in iter_items([args.articles]):
            record = process_item(item)
            pred[record["id"]] = record
    result = score(gold, pred)
    if args.json:
        sys.stdout.write(json.dumps(as_json(result, len(gold)), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report(result, errors=args.errors))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .review.explain import explain

    sys.stdout.write(explain(args.text, args.published_at))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    schema = ArticleResult.model_json_schema(mode="serialization")
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0


def _seconds(value: str) -> float:
    """``--timeout``: a finite number of seconds from 0 to a day."""
    seconds = float(value)
    if not 0 <= seconds <= 86_400:  # NaN and infinity fail this too
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0 to 86400")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finnews-extract", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="quantities and periods of each article, as JSONL")
    scan.add_argument("paths", nargs="+", help="files or folders of .md/.txt/.jsonl articles")
    scan.set_defaults(func=_cmd_scan)
    ext = sub.add_parser("extract", help="facts of each article of a dump, in input order")
    ext.add_argument(
        "paths",
        nargs="+",
        metavar="INPUT",
        help="files or folders of .md/.markdown/.txt (front matter), .jsonl, "
        ".jsonl.gz, .parquet; - reads JSONL from stdin",
    )
    ext.add_argument(
        "-o",
        "--output",
        help="OUTPUT.jsonl (records), OUTPUT.parquet or "
        "OUTPUT.csv (one row per fact); default: JSONL on stdout",
    )
    ext.add_argument(
        "--workers", type=int, default=0, help="worker processes (default: the machine's cores)"
    )
    ext.add_argument(
        "--resume", action="store_true", help="continue a killed run with the same arguments"
    )
    ext.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    ext.add_argument("--text-field", default="text", help="JSONL/Parquet field of the text")
    ext.add_argument(
        "--date-field",
        default="published_at",
        help="field of the publish time (falls back to 'date')",
    )
    ext.add_argument("--id-field", default="id", help="field of the article id")
    ext.add_argument(
        "--timeout",
        type=_seconds,
        default=5.0,
        help="seconds one article may take before it is given up with a "
        "timeout error (default 5; 0: no limit)",
    )
    ext.add_argument("--chunk-size", type=int, default=256, help=argparse.SUPPRESS)
    ext.set_defaults(func=_cmd_extract)
    show = sub.add_parser("show", help="one article with its facts highlighted and a table")
    show.add_argument("path", help="an article file (.md/.txt/.jsonl: its first record) or -")
    show.add_argument("--html", metavar="PATH", help="write a standalone HTML page instead")
    show.set_defaults(func=_cmd_show)
    ev = sub.add_parser("eval", help="precision, recall and F1 against hand-annotated gold")
    ev.add_argument("gold", help="GOLD.jsonl: one record per article with its facts")
    source = ev.add_mutually_exclusive_group(required=True)
    source.add_argument("--pred", help="PRED.jsonl written by finnews-extract extract")
    source.add_argument("--articles", help="ARTICLES.jsonl to extract now")
    ev.add_argument("--errors", action="store_true", help="list missed and spurious facts")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=_cmd_eval)
    exp = sub.add_parser("explain", help="which rules fired on which characters of TEXT")
    exp.add_argument("text")
    exp.add_argument("--published-at", default=None, help="ISO publish time for relative dates")
    exp.set_defaults(func=_cmd_explain)
    schema = sub.add_parser("schema", help="print the JSON Schema of the output record")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad arguments, 3 article errors)."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except BrokenPipeError:  # `finnews-extract scan … | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's flush quiet
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())

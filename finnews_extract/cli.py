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
from ._io import iter_articles
from .api import extract
from .dimensions.periods import extract_periods
from .dimensions.quantities import extract_quantities
from .errors import InputError
from .records import ArticleError, ArticleResult


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


def _extract_one(article: dict[str, Any]) -> ArticleResult:
    article_id = str(article.get("id", ""))
    try:
        text: Any = article.get("text")
        return extract(text, article.get("published_at") or article.get("date"), id=article_id)
    except InputError as exc:
        error = ArticleError(code="input", message=str(exc), where=article_id)
        return ArticleResult(id=article_id, errors=(error,))
    except Exception as exc:
        error = ArticleError(
            code="internal", message=f"{type(exc).__name__}: {exc}", where=article_id
        )
        return ArticleResult(id=article_id, errors=(error,))


def _cmd_extract(args: argparse.Namespace) -> int:
    failed = 0
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for path in args.paths:
            for article in iter_articles(Path(path)):
                record = _extract_one(article)
                failed += bool(record.errors)
                out.write(record.model_dump_json() + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 3 if failed else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .explain import explain

    sys.stdout.write(explain(args.text, args.published_at))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    schema = ArticleResult.model_json_schema(mode="serialization")
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finnews-extract", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="quantities and periods of each article, as JSONL")
    scan.add_argument("paths", nargs="+", help="files or folders of .md/.txt/.jsonl articles")
    scan.set_defaults(func=_cmd_scan)
    ext = sub.add_parser("extract", help="facts of each article, one JSON line per article")
    ext.add_argument("paths", nargs="+", help="files or folders of .md/.txt/.jsonl articles")
    ext.add_argument("-o", "--output", help="write JSONL here (default: stdout)")
    ext.set_defaults(func=_cmd_extract)
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

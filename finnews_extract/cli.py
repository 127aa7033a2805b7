"""The ``finnews-extract`` command.

- ``finnews-extract schema``: the JSON Schema of the per-article output record;
- ``finnews-extract scan PATH...``: for each article (Markdown/text with front matter, or
  JSONL lines with ``id``, ``text``, ``published_at``), one JSON line with its quantities
  and resolved periods;
- ``finnews-extract panel FACTS...``: one row per subject, metric and period, outlets merged;
- ``finnews-extract securities lookup|info|update``: the securities master (see docs/cli.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .batch.article_warnings import Tally
from .batch.single import is_file, print_lines, read_article, run_single
from .batch.sources import Fields, iter_articles
from .errors import InputError
from .records import ArticleResult
from .text.inputs import check_metadata, parse_published_at

if TYPE_CHECKING:
    from .link.securities import Security


def _cmd_scan(args: argparse.Namespace) -> int:
    from .batch.scan import scan_record

    failed, tally = 0, Tally()
    for path in args.paths:
        for article in iter_articles(Path(path)):
            record = scan_record(article, args.strict)
            failed += bool(record["errors"])
            tally.add(record)
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    print_lines(tally.lines(args.strict))
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
        strict=args.strict,
    )
    try:
        summary = run(options)
    except (InputError, FileNotFoundError) as exc:
        sys.stderr.write(f"finnews-extract: {exc}\n")
        return 2
    if not args.quiet:
        print_lines([*summary.warnings.lines(args.strict), summary.line()])
    return 3 if summary.errors else 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .api import extract
    from .review.show import render_html, render_terminal

    item = read_article(args.path)
    if item is None or item.article is None:
        return 2
    article = item.article

    def work(text: str) -> str:
        result = extract(text, article.get("published_at"), id=article["id"])
        if not args.html:
            return render_terminal(text, result, color=sys.stdout.isatty()) + "\n"
        return render_html(text, result, check_metadata(item.metadata).get("title") or result.id)

    code, output = run_single(article["text"], article["id"], args.strict, work)
    if output is not None and args.html:
        Path(args.html).write_text(output, encoding="utf-8")
    elif output is not None:
        sys.stdout.write(output)
    return code


def _cmd_eval(args: argparse.Namespace) -> int:
    from .review.evaluate import as_json, load_records, report, score

    gold = load_records(Path(args.gold))
    if args.pred:
        pred = load_records(Path(args.pred))
    else:
        from .batch.runner import process_item
        from .batch.sources import iter_items

        pred, tally = {}, Tally()
        for item in iter_items([args.articles]):
            record = process_item(item)
            pred[record["id"]] = record
            tally.add(record)
        print_lines(tally.lines())
    result = score(gold, pred)
    if args.json:
        sys.stdout.write(json.dumps(as_json(result, len(gold)), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report(result, errors=args.errors))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from .review.explain import explain

    text, published_at, article_id = args.text, args.published_at, None
    try:
        parse_published_at(published_at)
    except InputError as exc:
        sys.stderr.write(f"finnews-extract: --published-at: {exc}\n")
        return 2
    if text == "-" or is_file(text):
        item = read_article(text)
        if item is None or item.article is None:
            return 2
        text, article_id = item.article["text"], item.article["id"]
        published_at = published_at or item.article.get("published_at")
    code, output = run_single(text, article_id, args.strict, lambda t: explain(t, published_at))
    sys.stdout.write(output or "")
    return code


def _cmd_panel(args: argparse.Namespace) -> int:
    from .panel.command import PanelOptions, run

    return run(PanelOptions(tuple(args.paths), args.output, args.html, args.top, args.quiet))


def _cmd_schema(args: argparse.Namespace) -> int:
    schema = ArticleResult.model_json_schema(mode="serialization")
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0


# 600519, 588000.SH, sh588000, 00700.HK, BK0490, H11001: a code, with its exchange if given
_CODE = re.compile(r"(?i)(?:(sh|sz|bj|hk)\.?)?(\d{5,6}|bk\d{4}|[a-z]\d{5})(?:\.(sh|sz|bj|hk|ss))?")


def _describe(security: Security) -> str:
    code = (security.code or "-") + (f".{security.exchange}" if security.exchange else "")
    lines = [f"{security.kind} {code} {security.name}"]
    if security.aliases:
        lines.append("  aliases: " + " | ".join(security.aliases))
    if security.manager:
        lines.append(f"  manager: {security.manager}")
    return "\n".join(lines)


def _cmd_securities_lookup(args: argparse.Namespace) -> int:
    from .link.securities import KIND_GROUPS, SecuritiesTable

    query, table = args.name.strip(), SecuritiesTable.builtin()
    code = _CODE.fullmatch(query)
    if not query or (code and code[1] and code[3] and code[1].upper() != code[3].upper()):
        sys.stderr.write(f"finnews-extract: securities lookup: bad name or code {query!r}\n")
        return 2
    if code:
        kinds = KIND_GROUPS[args.kind] if args.kind else None
        rows = [s for s in table.rows if s.code == code[2].upper()]
        rows = [s for s in rows if kinds is None or s.kind in kinds]
        exchange = {"SS": "SH"}.get((code[1] or code[3] or "").upper(), (code[1] or code[3] or ""))
        if exchange:  # an index has no exchange: 000001.SH is 上证指数, 000001.SZ 平安银行
            rows = [s for s in rows if s.exchange == exchange.upper()] or [
                s for s in rows if not s.exchange
            ]
        found: tuple[Security, ...] = tuple(rows)
        status = "found" if found else "unknown"
    else:
        found = table.candidates(query, args.kind)
        status = {0: "unknown", 1: "found"}.get(len(found), "ambiguous")
    if args.json:
        out = [s.model_dump(mode="json") for s in found]
        record = {"query": query, "kind": args.kind, "status": status, "securities": out}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif status == "found":
        sys.stdout.write("\n".join(_describe(s) for s in found) + "\n")
    elif status == "ambiguous":
        mixed = len({s.kind for s in found}) > 1
        listed = [f"{s.code or '-'} {s.name}" + (f" ({s.kind})" if mixed else "") for s in found]
        sys.stdout.write(
            f"{query}: ambiguous: {len(found)} securities share this name: {', '.join(listed)}\n"
        )
    else:
        what = f"no {args.kind}" if args.kind else "no security"
        sys.stdout.write(f"{query}: unknown: {what} has this {'code' if code else 'name'}\n")
    return 0 if status == "found" else 1


def _cmd_securities_info(args: argparse.Namespace) -> int:
    from .errors import FinnewsError
    from .text.master import CACHE_NAME, cache_dir, load_master, parse_master

    master = load_master()
    folder = cache_dir()
    cached = folder / CACHE_NAME if folder is not None else None
    refreshed = cached is not None and master.path == str(cached)
    problem = None
    if cached is not None and cached.is_file() and not refreshed:
        try:  # load_master skipped it: say why
            parse_master(cached.read_text(encoding="utf-8"), str(cached))
        except (OSError, UnicodeDecodeError, FinnewsError) as exc:
            problem = str(exc)
    rows = dict.fromkeys(("stock", "etf", "lof", "index", "industry", "concept"), 0)
    for row in master.rows:
        rows[row.kind] = rows.get(row.kind, 0) + 1
    hk = sum(1 for r in master.rows if r.exchange == "HK")
    if args.json:
        record = {
            "source": "refreshed" if refreshed else "built-in",
            "path": master.path,
            "origin": master.origin,
            "snapshots": master.snapshots,
            "rows": rows,
            "total": len(master.rows),
            "hk_stocks": hk,
            "cache_file": str(cached) if cached is not None else None,
            "cache_problem": problem,
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    where = f"refreshed file {master.path}" if refreshed else f"built-in snapshot ({master.path})"
    lines = [f"master:  {where}", f"origin:  {master.origin}", "kind        rows  snapshot"]
    lines += [f"{k:<8} {n:>7}  {master.snapshots.get(k, '-')}" for k, n in rows.items()]
    lines.append(f"{'total':<8} {len(master.rows):>7}")
    lines.append(f"of the stocks, {hk} are listed in Hong Kong")
    if problem:
        lines.append(f"note: {cached} is not used: {problem}")
    elif not refreshed:
        lines.append(f"no refreshed master at {cached}" if cached else "no cache folder")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _cmd_securities_update(args: argparse.Namespace) -> int:
    from .link.refresh import MissingAKShare, RefreshError, update
    from .text.master import CACHE_NAME, cache_dir

    folder = cache_dir()
    if folder is None and not args.dry_run:
        sys.stderr.write("finnews-extract: securities update: FINNEWS_EXTRACT_CACHE is empty\n")
        return 2
    try:
        refresh, path = update(dry_run=args.dry_run)
    except MissingAKShare as exc:
        sys.stderr.write(f"finnews-extract: {exc}\n")
        return 2
    except RefreshError as exc:
        sys.stderr.write(f"finnews-extract: securities update: {exc}\n")
        return 1
    counts = refresh.counts()
    lines = [f"{kind:<8} {n:>7}  {refresh.snapshots.get(kind, '')}" for kind, n in counts.items()]
    target = path or (folder / CACHE_NAME if folder is not None else "(no cache folder)")
    verb = "would write" if path is None else "wrote"
    lines.append(f"{verb} {len(refresh.rows)} rows to {target} ({refresh.origin})")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _seconds(value: str) -> float:
    """``--timeout``: a finite number of seconds from 0 to a day."""
    seconds = float(value)
    if not 0 <= seconds <= 86_400:  # NaN and infinity fail this too
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0 to 86400")
    return seconds


def _add_strict(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--strict",
        action="store_true",
        help="a coded warning (FN-W001 no publish date…) fails the article, like python -W error",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finnews-extract", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="quantities and periods of each article, as JSONL")
    scan.add_argument("paths", nargs="+", help="files or folders of .md/.txt/.jsonl articles")
    _add_strict(scan)
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
    _add_strict(ext)
    ext.set_defaults(func=_cmd_extract)
    show = sub.add_parser("show", help="one article with its facts highlighted and a table")
    show.add_argument(
        "path", help="an article file (.md/.txt/.json, or .jsonl/.parquet: its first record) or -"
    )
    show.add_argument("--html", metavar="PATH", help="write a standalone HTML page instead")
    _add_strict(show)
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
    exp.add_argument("text", help="the text, or an article file as for show (- reads stdin)")
    exp.add_argument("--published-at", default=None, help="ISO publish time for relative dates")
    _add_strict(exp)
    exp.set_defaults(func=_cmd_explain)
    pan = sub.add_parser("panel", help="one row per subject, metric and period, outlets merged")
    pan.add_argument("paths", nargs="+", metavar="FACTS", help="extract's output files or folders")
    pan.add_argument(
        "-o", "--output", help="PANEL.parquet, .csv or .jsonl (default: JSONL on stdout)"
    )
    pan.add_argument("--html", metavar="PATH", help="also write a page of line charts")
    pan.add_argument("--top", type=int, default=24, help="series charted on the page (default 24)")
    pan.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    pan.set_defaults(func=_cmd_panel)
    schema = sub.add_parser("schema", help="print the JSON Schema of the output record")
    schema.set_defaults(func=_cmd_schema)
    sec = sub.add_parser("securities", help="the securities master: look up, describe, refresh")
    actions = sec.add_subparsers(dest="action", required=True)
    look = actions.add_parser("lookup", help="the security a name or code refers to")
    look.add_argument("name", metavar="NAME_OR_CODE", help="贵州茅台, 600519, 588000.SH, 00700")
    look.add_argument(
        "--kind",
        choices=("etf", "stock", "index", "sector"),
        help="only rows of this kind (etf: ETFs and LOFs; sector: industries and concepts)",
    )
    look.add_argument("--json", action="store_true", help="print one JSON object")
    look.set_defaults(func=_cmd_securities_lookup)
    info = actions.add_parser("info", help="where the master was read from, how fresh it is")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(func=_cmd_securities_info)
    upd = actions.add_parser("update", help="rebuild the master from AKShare into the cache")
    upd.add_argument("--dry-run", action="store_true", help="fetch and count, write nothing")
    upd.set_defaults(func=_cmd_securities_update)
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

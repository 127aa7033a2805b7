"""Tables: the forms a table takes in an article, each read into one :class:`Grid` of cells.

A reader per form, each finding its tables in the normalized text and giving the header's cells
and the rows' cells with their offsets (the extract step); what the cells mean, against the
metric words and the article's periods, is read in ``compose/tables.py`` (the resolve step).

* markdown pipe tables, with or without the outer pipes, with a separator row, a header
  wrapped over several lines and ragged rows (``table.pipe``);
* one cell per line, each ending in a pipe (``table.cell_lines``);
* plain-text tables whose cells are separated by blanks, a row per line (``table.spaced``);
* flattened runs: a header line, then the rows run on in one line, cells separated by blanks
  (``table.run``), or with no separator at all where every number has two decimals
  (银行2.8731.65计算机-5.02-248.17, ``table.run_glued``). A run that cannot be cut with
  certainty yields nothing.

>>> grid = find_grids("| 行业 | 净流入(亿元) |\\n|---|---|\\n| 通信 | 1.2 |\\n")[0]
>>> grid.rule, [c.text for c in grid.header], [[c.text for c in r] for r in grid.rows]
('table.pipe', ['行业', '净流入(亿元)'], [['通信', '1.2']])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

__all__ = ["NUMBER", "UNIT_BRACKET", "Cell", "Grid", "find_grids", "is_number"]

# A cell's number: signed, thousands separators, decimals, maybe a percent sign or a scale.
NUMBER = regex.compile(r"(?P<num>[+\-−]?[0-9][0-9,]*(?:\.[0-9]+)?)(?P<pct>%)?(?P<scale>亿|万)?")
_SEPARATOR_CELL = regex.compile(r":?-{2,}:?")
_CODE_CELL = regex.compile(r"(?:[0-9]{6}(?:\.[A-Za-z]{2})?|[0-9]{4,5}\.HK)")
_GLUED_NUMBER = regex.compile(r"[+\-−]?[0-9]+\.[0-9]{2}")
_LABEL_TEXT = regex.compile(
    r"[\p{Han}A-Za-z](?:[\p{Han}A-Za-z0-9ⅡⅢ·]|-(?=[A-Z]))*(?:[（(][0-9A-Za-z.]+[)）])?"
)
_MAX_HEADER_LINES = 6
_RUN_START = regex.compile(r"[\p{Han}A-Za-z]{2,}[+\-−]?[0-9]+\.[0-9]")  # 银行2.87…: a row
_RANK_HEADS = frozenset({"排名", "序号", "名次"})
# A header's bracketed unit: (亿元), （%）, (万份); 名称（代号） is no unit.
UNIT_BRACKET = regex.compile(
    r"[(（]\s*(?:单位[:：]?)?(?P<unit>(?:亿|万|百万|千万|千)?(?:元人民币|美元|港元|元|份|股|手|吨|点)|%)"
    r"\s*[)）]"
)


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's stripped text and its [start, end) in the article."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Grid:
    """A table: its header cells, its rows, the rule that read it and the region it covers."""

    header: list[Cell]
    rows: list[list[Cell]]
    rule: str
    start: int
    end: int


def find_grids(norm: str) -> list[Grid]:
    """Every table of the text, in order, whatever its form; regions do not overlap."""
    if "|" not in norm and UNIT_BRACKET.search(norm) is None:
        return []  # every form has pipes or a header with a bracketed unit
    grids: list[Grid] = []
    for reader in (_pipe_tables, _cell_lines, _runs):
        for grid in reader(norm):
            if grid.rows and not any(g.start < grid.end and grid.start < g.end for g in grids):
                grids.append(grid)
    return sorted(grids, key=lambda g: g.start)


def is_number(text: str) -> bool:
    """A cell that holds one number (and maybe % or a scale)."""
    return NUMBER.fullmatch(text) is not None


def _lines(norm: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in norm.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _split(line: str, offset: int, sep: str) -> list[Cell]:
    """The cells of a line cut at ``sep``, stripped, with their offsets; the empty cells the
    outer pipes leave are dropped."""
    cells = []
    pos = 0
    for part in line.split(sep):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(offset + pos + lead, offset + pos + lead + len(stripped), stripped))
        pos += len(part) + len(sep)
    if cells and not cells[0].text:
        cells = cells[1:]
    if cells and not cells[-1].text:
        cells = cells[:-1]
    return cells


def _is_separator(cells: list[Cell]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.fullmatch(c.text) for c in cells)


def _pipe_tables(norm: str) -> Iterator[Grid]:
    """Markdown pipe tables: consecutive lines with at least two cells between pipes."""
    block: list[tuple[int, str]] = []
    for offset, line in [*_lines(norm), (len(norm) + 1, "")]:
        if line.count("|") >= 1 and len(_split(line, offset, "|")) >= 2:
            block.append((offset, line))
            continue
        if line.rstrip().endswith("|") and block:  # a header wrapped over lines
            block.append((offset, line))
            continue
        if len(block) >= 2:
            grid = _pipe_grid(block)
            if grid is not None:
                yield grid
        block = []


def _pipe_grid(block: list[tuple[int, str]]) -> Grid | None:
    rows = [_split(line, offset, "|") for offset, line in block]
    sep = next((i for i, cells in enumerate(rows) if _is_separator(cells)), None)
    if sep is not None and sep <= _MAX_HEADER_LINES:
        header = _wrapped_header(block[:sep], rows[:sep])
        body = rows[sep + 1 :]
    else:
        header, body = rows[0], rows[1:]
    if len(header) < 2 or any(len(r) > len(header) for r in body):
        return None
    start, end = block[0][0], block[-1][0] + len(block[-1][1])
    return Grid(header, [r for r in body if r], "table.pipe", start, end)


def _wrapped_header(lines: list[tuple[int, str]], rows: list[list[Cell]]) -> list[Cell]:
    """A header wrapped over lines: a line that does not end in a pipe breaks its last cell,
    which goes on in the next line's first (| 代码 | 简称 | 融资⏎余额(亿元) |)."""
    header: list[Cell] = []
    broken = False
    for (_, line), cells in zip(lines, rows, strict=True):
        if broken and header and cells:
            head, first = header.pop(), cells[0]
            cells = [Cell(head.start, first.end, head.text + first.text), *cells[1:]]
        header.extend(cells)
        broken = not line.rstrip().endswith("|")
    return header


def _cell_lines(norm: str) -> Iterator[Grid]:
    """One cell per line, each line ending in a pipe: the header's cells are the lines before
    the first number or code; the rows follow, as many cells each."""
    run: list[Cell] = []
    for offset, line in [*_lines(norm), (len(norm) + 1, "")]:
        stripped = line.strip()
        if stripped.endswith("|") and stripped.count("|") == 1 and len(stripped) > 1:
            text = stripped[:-1].strip()
            lead = line.index(text) if text else 0
            run.append(Cell(offset + lead, offset + lead + len(text), text))
            continue
        grid = _cell_line_grid(run)
        if grid is not None:
            yield grid
        run = []


def _cell_line_grid(run: list[Cell]) -> Grid | None:
    """The narrowest width that cuts the run into a header of names and rows alike: every row
    has its numbers in the same columns, and at least one."""
    for width in range(2, len(run) // 2 + 1):
        header, body = run[:width], run[width:]
        if len(body) % width or any(_is_value(c.text) for c in header):
            continue
        rows = [body[i : i + width] for i in range(0, len(body), width)]
        shapes = {tuple(_is_value(c.text) for c in row) for row in rows}
        if len(shapes) == 1 and any(next(iter(shapes))):
            return Grid(header, rows, "table.cell_lines", run[0].start, run[-1].end)
    return None


def _is_value(text: str) -> bool:
    return is_number(text) or _CODE_CELL.fullmatch(text) is not None


def _runs(norm: str) -> Iterator[Grid]:
    """A header line of column names (cut at pipes or blanks), then rows: one per line cut at
    blanks, or run on after the header in the same line."""
    lines = list(_lines(norm))
    for i, (offset, line) in enumerate(lines):
        header, rest = _run_header(line, offset)
        if header is None:
            continue
        width = len(header)
        if rest is not None and rest.text:
            grid = _run_on(header, rest, width)
        else:
            grid = _spaced_rows(header, lines[i + 1 :], width)
        if grid is not None:
            yield grid


_HEADER_CELL = regex.compile(r"[^\s|0-9+\-−.][^\s|]*(?:\s[(（][^)）\s]+[)）])?")


def _run_header(line: str, offset: int) -> tuple[list[Cell] | None, Cell | None]:
    """The header cells a line opens with (at least one with a bracketed unit), and the rest
    of the line after them (a flattened table's rows), if any."""
    if not UNIT_BRACKET.search(line):
        return None, None
    sep = "|" if line.count("|") >= 2 else None
    cells = _split(line, offset, sep) if sep else _blank_cells(line, offset)
    header: list[Cell] = []
    for k, cell in enumerate(cells):
        if is_number(cell.text) or not cell.text:
            rest = Cell(cell.start, offset + len(line), line[cell.start - offset :].strip())
            return (header, rest) if len(header) >= 2 else (None, None)
        if sep and k == len(cells) - 1 and _RUN_START.match(cell.text) and len(header) >= 2:
            return header, cell  # 行业 | 涨跌幅(%) | 流向(亿元) | 银行2.8731.65计算机…: the run
        if sep and k == len(cells) - 1 and _glued_start(cell.text):
            glued = _glued_start(cell.text)
            head = Cell(cell.start, cell.start + glued, cell.text[:glued])
            rest = Cell(cell.start + glued, cell.end, cell.text[glued:])
            return ([*header, head], rest) if len(header) >= 1 else (None, None)
        header.append(cell)
    return (header, None) if len(header) >= 2 else (None, None)


def _glued_start(text: str) -> int:
    """Where a header cell glued to a run's first row ends (一周资金流向(亿元)银行2.87…)."""
    close = max(text.rfind(")"), text.rfind("）"))
    return close + 1 if 0 < close < len(text) - 1 else 0


def _blank_cells(line: str, offset: int) -> list[Cell]:
    return [Cell(offset + m.start(), offset + m.end(), m[0]) for m in regex.finditer(r"\S+", line)]


def _run_on(header: list[Cell], rest: Cell, width: int) -> Grid | None:
    """Rows run on after the header: cut at blanks when the run has them, else by two-decimal
    numbers. A row is a label (and maybe a rank before it) and one number per numeric column;
    the count of numeric columns is read from the first row."""
    tokens = _blank_cells(rest.text, rest.start) if " " in rest.text else []
    if tokens:
        return _token_rows(header, tokens, rest)
    return _glued_rows(header, rest)


def _token_rows(header: list[Cell], tokens: list[Cell], rest: Cell) -> Grid | None:
    """Rows cut at blanks, read cell by cell in the header's order: a rank column takes a
    whole number, a code column a code, a numeric column a number, a label column a name."""
    kinds = [_column_kind(c.text) for c in header]
    while len(kinds) > 1 and kinds[-1] in ("label", "rank") and "number" in kinds[:-1]:
        # 行业 涨跌幅(%) 净流入(亿元) 银行 1.20 3.50: the first row's label ran into the header
        tokens = [header[-1], *tokens]
        header, kinds = header[:-1], kinds[:-1]
    first = next((k for k, kind in enumerate(kinds) if kind in ("rank", "code")), None)
    labels = [k for k, kind in enumerate(kinds) if kind == "label"]
    # a caption before the header's cells (沪深ETF成交额Top 6排行 排名 名称…) is no column
    if first is not None and (not labels or first < labels[-1]):
        lead = first  # 排名 名称 … / 代码 简称 …: the header opens at its rank or code column
    else:
        lead = labels[-1] if labels else 0  # else at its (last) label column
    header, kinds = header[lead:], kinds[lead:]
    if kinds.count("number") < 1 or kinds.count("label") != 1:
        return None
    rows: list[list[Cell]] = []
    i = 0
    while i + len(kinds) <= len(tokens):
        row = tokens[i : i + len(kinds)]
        if not all(_fits(kind, cell.text) for kind, cell in zip(kinds, row, strict=True)):
            break
        rows.append(row)
        i += len(kinds)
    if not rows:
        return None
    return Grid(header, rows, "table.run", header[0].start, rows[-1][-1].end)


def _column_kind(text: str) -> str:
    if text in _RANK_HEADS:
        return "rank"
    if UNIT_BRACKET.search(text):
        return "number"
    if "代码" in text and "名称" not in text:
        return "code"
    return "label"


def _fits(kind: str, text: str) -> bool:
    """A token fits a column: a rank is a whole number, a code a code, a number a number."""
    if kind == "rank":
        return text.isdigit()
    if kind == "code":
        return _CODE_CELL.fullmatch(text) is not None
    if kind == "number":
        return is_number(text)
    return not is_number(text) and _CODE_CELL.fullmatch(text) is None


def _numeric_columns(header: list[Cell]) -> int:
    return sum(1 for c in header if UNIT_BRACKET.search(c.text))


def _glued_rows(header: list[Cell], rest: Cell) -> Grid | None:
    """银行2.8731.65计算机-5.02-248.17: a label, then one two-decimal number per numeric column of
    each header group (a side-by-side header repeats its label column)."""
    groups = _header_groups(header)
    if not groups:
        return None
    numeric = len(groups[0]) - 1
    row = regex.compile(
        rf"(?P<label>{_LABEL_TEXT.pattern})(?P<nums>(?:{_GLUED_NUMBER.pattern}){{{numeric}}})"
    )
    rows: list[list[Cell]] = []
    pos = 0
    text = rest.text
    while pos < len(text):
        m = row.match(text, pos)
        if m is None:
            return None if not rows else _glued_grid(header, groups, rows, rest)
        base = rest.start
        cells = [Cell(base + m.start("label"), base + m.end("label"), m["label"])]
        for n in _GLUED_NUMBER.finditer(text, m.start("nums"), m.end("nums")):
            cells.append(Cell(base + n.start(), base + n.end(), n[0]))
        rows.append(cells)
        pos = m.end()
    return _glued_grid(header, groups, rows, rest)


def _glued_grid(
    header: list[Cell], groups: list[list[Cell]], rows: list[list[Cell]], rest: Cell
) -> Grid | None:
    """The rows of a side-by-side header alternate between its groups; a grid of the first
    group's header, each row read under it."""
    if not rows:
        return None
    return Grid(groups[0], rows, "table.run_glued", header[0].start, rows[-1][-1].end)


def _header_groups(header: list[Cell]) -> list[list[Cell]]:
    """A header that repeats itself (行业 | 涨跌幅 | 流向 | 行业 | 涨跌幅 | 流向) as its groups."""
    texts = [c.text for c in header]
    for size in range(2, len(texts) + 1):
        if len(texts) % size == 0 and all(
            texts[i : i + size] == texts[:size] for i in range(0, len(texts), size)
        ):
            return [header[i : i + size] for i in range(0, len(header), size)]
    return []


def _spaced_rows(header: list[Cell], following: list[tuple[int, str]], width: int) -> Grid | None:
    """Rows one per line under a blank-separated header: a label (and maybe a code) and
    numbers, as many cells as the header has."""
    rows: list[list[Cell]] = []
    for offset, line in following:
        cells = _blank_cells(line, offset)
        if len(cells) != width or is_number(cells[0].text):
            break
        if not all(is_number(c.text) or _CODE_CELL.fullmatch(c.text) for c in cells[1:]):
            break
        rows.append(cells)
    if not rows:
        return None
    return Grid(header, rows, "table.spaced", header[0].start, rows[-1][-1].end)

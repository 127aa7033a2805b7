"""What a table's cells mean: the header names each column's metric, unit, scale and period;
the row's label is the subject of its cells.

The tables themselves are found by the ``tables`` dimension (pipe tables, one cell per line, blank-
separated, flattened runs). Here each column is given a role from its header:

* a metric column: a trigger word (净流入, 规模, 涨跌幅, 成交额, 融资余额…) with its unit in
  brackets ((亿元), (%), (万份)); a change word (变化, 增减) makes a level's change, and a change
  column without a metric word (单日增减) changes the column before it; a period in the header
  (本周, 上周, 今年以来, 前日) is the column's period;
* a label column (行业, 名称, 证券简称…, or any column of names): the subject of the metric
  cells to its right, so side-by-side groups (流入TOP5 | 净流入 | 流出TOP5 | 净流出) pair right;
* a code column (代码, 证券代码); a date column (交易日, 日期) dates its row; a rank column.

A column of weights, shares or counts (权重, 占比, 数量) names no metric and gives nothing. Each
metric cell with a number is one fact, with the cell's exact span and the reader's rule.

>>> table = "行业 涨跌幅(%) 净流入(亿元)\\n通信 2.13 21.36\\n"
>>> [(d.metric, d.subject.name, float(d.value or 0), d.unit) for d in table_drafts(table, table)[0]]
[('price_change', '通信', 2.13, 'percent'), ('net_flow', '通信', 2136000000.0, 'CNY')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..dimensions._raw import RawPeriod
from ..dimensions._rules import Sorted
from ..dimensions._subjects_codes import CODE_ENDING, code_of, parse_code
from ..dimensions.metrics import LEVEL_METRICS, NOT_A_FACT, find_triggers, unit_class
from ..dimensions.numbers import parse_arabic, scale_factor
from ..dimensions.streaks import what_ran
from ..dimensions.subjects import KnownNames, Mention, exchange_of, kind_of, known_names
from ..dimensions.tables import NUMBER, UNIT_BRACKET, Cell, Grid, find_grids, is_number
from .base import Draft, _Placed

__all__ = ["table_drafts"]

_UNITS = {
    "%": ("percent", 1),
    "亿元": ("CNY", 10**8),
    "万元": ("CNY", 10**4),
    "元": ("CNY", 1),
    "元人民币": ("CNY", 1),
    "亿份": ("share", 10**8),
    "万份": ("share", 10**4),
    "份": ("share", 1),
    "亿股": ("share", 10**8),
    "万股": ("share", 10**4),
    "万手": ("lot", 10**4),
    "手": ("lot", 1),
    "亿美元": ("USD", 10**8),
    "百万美元": ("USD", 10**6),
    "亿港元": ("HKD", 10**8),
    "吨": ("ton", 1),
    "点": ("point", 1),
}
_CODE_TEXT = regex.compile(r"(?:[Ss][HhZz])?[0-9]{5,6}(?:\.[A-Za-z]{2})?|[0-9]{3,5}\.HK")
_RATES = frozenset({"price_change", "turnover_rate", "premium_rate", "valuation_percentile"})
_CODE_HEAD = regex.compile(r"代码|代號|代号")
# A unit after the metric word without brackets: 净流入/亿元, 规模亿元.
_UNIT_TAIL = regex.compile(r"[/／]?(?P<unit>亿元|万元|亿份|万份|亿美元|亿港元|万手)$")
_UNIT_LINE = regex.compile(r"单位\s*[:：]\s*(?P<unit>[^\s，,；;)）]+)")
_STREAK_HEAD = regex.compile(
    r"连续(?P<what>净流入|流入|净流出|流出|净买入|净卖出|上涨|下跌|净申购|净赎回)(?P<unit>天|日|交易日|周)数"
    r"|连(?P<what>涨|跌)(?P<unit>天|日|周)数"
)
_STREAK_UNIT = {"天": "day", "日": "day", "交易日": "day", "周": "week"}
_NAME_HEAD = regex.compile(r"名称|名稱|简称|簡稱")
_LABEL_HEAD = regex.compile(
    r"^(?:.{0,6}(?:名称|简称|行业|板块|个股|股份|股票|证券|品种|概念|指数名称|类别|分类|大类|细类|地区|市场)"
    r"(?:（代码）|\(代码\)|（代号）)?|ETF|基金|TOP\d*|.{0,4}TOP\d*|资金流[入出]TOP\d*)$"
)
_RANK_HEAD = regex.compile(r"^(?:排名|序号|名次|排行)$")
_DATE_HEAD = regex.compile(r"^(?:交易日|日期|时间|交易日期|数据日期)$")
_CHANGE_HEAD = regex.compile(r"变化|变动|增减|增量|净增|增加|减少|增长")
_NOT_A_VALUE_HEAD = regex.compile(r"占比|比例|比重|权重|贡献|数量|只数|家数|个数|排名")


@dataclass(frozen=True, slots=True)
class _Column:
    """What one column of a table holds."""

    index: int
    role: str  # metric | label | code | date | rank | other
    metric: str = ""
    unit: str | None = None
    scale: int = 1
    sign: int = 0
    period: RawPeriod | None = None


def table_drafts(
    text: str,
    norm: str,
    periods: Sorted[_Placed] | None = None,
    known: KnownNames | None = None,
) -> tuple[list[Draft], list[tuple[int, int]]]:
    """The facts of every table of an article, and the regions the tables cover (the prose
    reader passes over them)."""
    drafts: list[Draft] = []
    regions = []
    for grid in find_grids(norm):
        found = _grid_drafts(grid, text, norm, periods, known or known_names())
        if found:
            drafts.extend(found)
            regions.append((grid.start, grid.end))
    return drafts, regions


def _grid_drafts(
    grid: Grid, text: str, norm: str, periods: Sorted[_Placed] | None, known: KnownNames
) -> list[Draft]:
    columns = _columns(grid, periods, _caption_unit(grid, norm))
    if not any(c.role in ("metric", "streak") for c in columns):
        return []
    caption = _caption_subject(grid, text, norm, known)
    out = []
    for row in grid.rows:
        row_period = _row_period(row, columns, periods)
        subjects: dict[int, Mention | None] = {}  # by label column: read once per row
        for column in columns:
            if column.role not in ("metric", "streak") or column.index >= len(row):
                continue
            at = _label_at(row, columns, column.index)
            if at not in subjects:
                subjects[at] = _row_subject(row, columns, at, text, known)
            subject = subjects[at] or caption
            draft = (_cell_draft if column.role == "metric" else _streak_draft)(
                row[column.index], column, subject, grid.rule
            )
            if draft is not None:
                draft.period = column.period or row_period
                out.append(draft)
    return out


def _columns(
    grid: Grid, periods: Sorted[_Placed] | None, default_unit: tuple[str, int] | None = None
) -> list[_Column]:
    """Each header cell's column; a column of names is a label column, but where the header
    names its label columns (名称, 行业…) other columns of names (跟踪指数, 基金公司) are not."""
    columns: list[_Column] = []
    for i, cell in enumerate(grid.header):
        column = _column(i, cell, columns, periods)
        if column.role == "metric" and column.unit is None and default_unit:
            column = replace(column, unit=default_unit[0], scale=default_unit[1])
        if column.role == "other" and _names_column(grid, i):
            column = _Column(i, "names")
        columns.append(column)
    named = any(c.role == "label" for c in columns)
    return [
        replace(c, role="other" if named else "label") if c.role == "names" else c for c in columns
    ]


def _column(i: int, cell: Cell, before: list[_Column], periods: Sorted[_Placed] | None) -> _Column:
    head = regex.sub(r"\s+", "", cell.text)
    if _CODE_HEAD.search(head) and not _NAME_HEAD.search(head):
        return _Column(i, "code")
    if _RANK_HEAD.match(head):
        return _Column(i, "rank")
    if _LABEL_HEAD.search(head) and not UNIT_BRACKET.search(head):
        return _Column(i, "label")
    if _DATE_HEAD.match(head):
        return _Column(i, "date")
    streak = _STREAK_HEAD.search(head)
    if streak is not None:  # 连续净流入天数: each cell counts a streak
        metric, direction = what_ran(streak["what"])
        sign = 1 if direction == "up" else -1
        return _Column(i, "streak", metric or "", _STREAK_UNIT[streak["unit"]], sign=sign)
    bracket = UNIT_BRACKET.search(head) or _UNIT_TAIL.search(head)
    word = head[: bracket.start()] if bracket else head
    if _NOT_A_VALUE_HEAD.search(word):
        return _Column(i, "other")
    unit, scale = _UNITS.get(bracket["unit"], (None, 1)) if bracket else (None, 1)
    if bracket and unit is None:
        return _Column(i, "other")  # a unit the table reader does not know
    period = _header_period(cell, periods)
    triggers = [t for t in find_triggers(word) if t.metric != NOT_A_FACT]
    if any(t.metric == NOT_A_FACT for t in find_triggers(word)) and not triggers:
        return _Column(i, "other")
    if not triggers:
        previous = next((c for c in reversed(before) if c.role == "metric"), None)
        if _CHANGE_HEAD.search(word) and previous and previous.metric in LEVEL_METRICS:
            # 前日成交额(亿元) | 单日增减(亿元): the change of the column before
            change = replace(previous, index=i, metric=f"{previous.metric}_change", period=None)
            return replace(
                change, unit=unit or previous.unit, scale=scale if unit else previous.scale
            )
        return _Column(i, "other")
    trigger = triggers[-1]
    metric = trigger.metric
    if metric in LEVEL_METRICS and _CHANGE_HEAD.search(word[trigger.end :]):
        metric = f"{metric}_change"  # 份额变化(亿份)
    if unit is None and metric in _RATES:
        unit = "percent"
    if (
        unit is not None
        and unit_class(unit) not in trigger.units
        and not metric.endswith("_change")
    ):
        return _Column(i, "other")  # 净流入(%) is a share of something, not a flow
    return _Column(i, "metric", metric, unit, scale, trigger.sign, period)


def _names_column(grid: Grid, i: int) -> bool:
    """A column whose cells are names (no numbers): a label column without a label word."""
    cells = [row[i].text for row in grid.rows if i < len(row) and row[i].text]
    return bool(cells) and not any(is_number(c) for c in cells)


def _header_period(cell: Cell, periods: Sorted[_Placed] | None) -> RawPeriod | None:
    if periods is None:
        return None
    inside = periods.within(cell.start, cell.end)
    return inside[-1].item if inside else None


def _row_period(
    row: list[Cell], columns: list[_Column], periods: Sorted[_Placed] | None
) -> RawPeriod | None:
    """A row's own date (交易日 | 2025-11-21 | …)."""
    for column in columns:
        if column.role == "date" and column.index < len(row):
            return _header_period(row[column.index], periods)
    return None


def _label_at(row: list[Cell], columns: list[_Column], index: int) -> int:
    """The label column of the cell at ``index``: the nearest to its left (a side-by-side
    group's own label), else the first; -1 when the table has none."""
    labels = [c.index for c in columns if c.role == "label" and c.index < len(row)]
    left = [k for k in labels if k < index]
    return left[-1] if left else (labels[0] if labels else -1)


def _row_subject(
    row: list[Cell], columns: list[_Column], at: int, text: str, known: KnownNames
) -> Mention | None:
    """The subject the label cell at ``at`` names, its code from the code column or written
    in the label (华泰柏瑞沪深300ETF（510300）)."""
    if at < 0 or not row[at].text:
        return None
    cell = row[at]
    code_cell = next(
        (
            row[c.index]
            for c in columns
            if c.role == "code" and c.index < len(row) and row[c.index].text
        ),
        None,
    )
    return _mention(cell, code_cell, text, known)


def _mention(cell: Cell, code_cell: Cell | None, text: str, known: KnownNames) -> Mention | None:
    name = text[cell.start : cell.end]
    code = exchange = None
    trailing = CODE_ENDING.search(cell.text)
    if trailing and trailing.start() > 0:
        code, exchange = parse_code(code_of(trailing))
        name = name[: trailing.start()].strip()
    elif code_cell is not None and _CODE_TEXT.fullmatch(code_cell.text):
        code, exchange = parse_code(code_cell.text)
    if not name or is_number(name):
        return None
    kind = kind_of(name)
    if code and kind in ("stock", "category") and code[:1] in "15" and len(code) == 6:
        kind = "etf"
    entity = kind != "stock" or code is not None or known.is_stock(name)
    return Mention(
        cell.start,
        cell.start + len(name),
        name,
        kind,
        code,
        exchange or (exchange_of(code) if code else None),
        entity=entity,
    )


def _caption_subject(grid: Grid, text: str, norm: str, known: KnownNames) -> Mention | None:
    """A table without a label column is about what its caption names: the security coded
    in the line right above it (国泰纳斯达克100ETF(513100) 折溢价)."""
    before = norm[: grid.start].rstrip()
    line_start = before.rfind("\n") + 1  # the last line that is not blank
    caption = before[line_start:]
    m = regex.search(
        r"(?P<name>[\p{Han}A-Za-z0-9]+)\s*(?P<code>[(（][0-9]{6}(?:\.[A-Za-z]{2})?[)）])", caption
    )
    if m is None:
        return None
    start = line_start + m.start("name")
    cell = Cell(start, line_start + m.end("code"), m[0])
    return _mention(cell, None, text, known)


def _caption_unit(grid: Grid, norm: str) -> tuple[str, int] | None:
    """单位：亿元 in the two lines above the table: the unit of its columns that name none."""
    above = norm[max(0, grid.start - 120) : grid.start].rstrip().split("\n")[-2:]
    for line in above:
        m = _UNIT_LINE.search(line)
        if m is not None and m["unit"] in _UNITS:
            return _UNITS[m["unit"]]
    return None


def _streak_draft(cell: Cell, column: _Column, subject: Mention | None, rule: str) -> Draft | None:
    """连续净流入天数 | 5: a streak of 5 days (a count below 2 is no streak)."""
    if subject is None or not cell.text.isdigit() or int(cell.text) < 2:
        return None
    return Draft(
        "streak",
        column.metric,
        subject,
        cell.start,
        cell.end,
        rule,
        direction="up" if column.sign > 0 else "down",
        count=int(cell.text),
        unit_period=column.unit,
    )


def _cell_draft(cell: Cell, column: _Column, subject: Mention | None, rule: str) -> Draft | None:
    m = NUMBER.fullmatch(cell.text)
    if subject is None or m is None:
        return None
    value = parse_arabic(m["num"].replace("−", "-"))
    unit, scale = column.unit, column.scale
    if m["scale"]:
        scale = scale_factor(m["scale"])
        unit = unit or ("CNY" if column.metric not in _RATES else None)
    if m["pct"]:
        unit = "percent"
    if unit is None:
        return None
    if unit == "percent" and column.metric not in _RATES and not column.metric.endswith("_change"):
        return None  # a flow or a level in % is a share of something
    if column.sign < 0 and value > 0:
        value = -value  # 净流出(亿元) | 12.3: an outflow
    return Draft(
        "metric",
        column.metric,
        subject,
        cell.start,
        cell.end,
        rule,
        value=value * scale,
        unit=unit,
    )

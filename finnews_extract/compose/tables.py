"""Plain-text tables in articles: a header naming metrics with their units, then rows of a
name (and maybe a code) and numbers.

    行业 涨跌幅(%) 主力净流入(亿元)
    通信 2.13 21.36

Each numeric cell of a row is a fact about the row's name: the column's trigger word gives the
metric (涨跌幅 → price_change, 净流入/净申购 → net_flow), its bracketed unit the unit and scale;
the number keeps its own sign. A column named 代码 gives the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from ..dimensions.metrics import NOT_A_FACT, find_triggers
from ..dimensions.subjects import Mention, exchange_of, kind_of
from ..link.linker import Linker
from .base import Draft

__all__ = ["table_drafts"]

_CELL = regex.compile(r"\S+")
_HEADER_UNIT = regex.compile(r"^(?P<word>[^\s(（]+)[(（](?P<unit>[^)）]+)[)）]$")
_NUMBER = regex.compile(r"^[-+−]?[0-9]+(?:\.[0-9]+)?$")
_CODE = regex.compile(r"^[0-9]{6}$")
_UNITS = {
    "%": ("percent", 1),
    "亿元": ("CNY", 10**8),
    "万元": ("CNY", 10**4),
    "元": ("CNY", 1),
    "亿份": ("share", 10**8),
    "万份": ("share", 10**4),
    "亿美元": ("USD", 10**8),
    "亿港元": ("HKD", 10**8),
}


@dataclass(frozen=True)
class _Column:
    index: int
    metric: str | None  # None: the code column
    unit: str = ""
    scale: int = 1


def _header(cells: list[str]) -> list[_Column] | None:
    columns = []
    for i, cell in enumerate(cells[1:], start=1):
        if cell in ("代码", "基金代码", "证券代码"):
            columns.append(_Column(i, None))
            continue
        m = _HEADER_UNIT.match(cell)
        triggers = find_triggers(m["word"]) if m else []
        if not m or m["unit"] not in _UNITS or not triggers:
            return None
        unit, scale = _UNITS[m["unit"]]
        metric = triggers[-1].metric
        if (unit == "percent" and metric == "net_flow") or (
            unit != "percent" and metric == "price_change"
        ):
            return None
        columns.append(_Column(i, metric, unit, scale))
    return columns if any(c.metric for c in columns) else None


def table_drafts(text: str, norm: str, linker: Linker) -> list[Draft]:
    """Facts of the plain-text tables of an article."""
    drafts: list[Draft] = []
    columns: list[_Column] | None = None
    offset = 0
    for line in norm.split("\n"):
        cells = [(m.start() + offset, m[0]) for m in _CELL.finditer(line)]
        offset += len(line) + 1
        words = [c for _, c in cells]
        if len(words) >= 3 and (header := _header(words)) is not None:
            columns = header
            continue
        if (
            columns is None
            or len(words) != len(columns) + 1
            or not all(_NUMBER.match(w) or _CODE.match(w) for w in words[1:])
        ):
            columns = None if not words else columns
            continue
        drafts.extend(_row(cells, columns, text))
    return drafts


def _row(cells: list[tuple[int, str]], columns: list[_Column], text: str) -> list[Draft]:
    start, name = cells[0]
    code = next((cells[c.index][1] for c in columns if c.metric is None), None)
    subject = Mention(
        start,
        start + len(name),
        text[start : start + len(name)],
        "etf" if code else kind_of(name),
        code,
        exchange_of(code) if code else None,
    )
    out = []
    end = cells[-1][0] + len(cells[-1][1])
    for column in columns:
        if column.metric is None or column.metric == NOT_A_FACT:
            continue  # the code column; a non-fact column (融资偿还额) makes no fact
        raw = cells[column.index][1].replace("−", "-")
        out.append(
            Draft(
                "metric",
                column.metric,
                subject,
                start,
                end,
                "table.cell",
                value=Decimal(raw) * column.scale,
                unit=column.unit,
            )
        )
    return out

"""Light internal records: what the dimensions hand to the fact composer.

The public pydantic records are built once, at the boundary (``extract_quantities``,
``extract_periods``, ``extract``); inside, these slotted dataclasses carry the same fields at a
fraction of the cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["RawPeriod", "RawQuantity", "RawSpan"]


@dataclass(slots=True, unsafe_hash=True)
class RawSpan:
    """[start, end) in the original text, and that text."""

    start: int
    end: int
    text: str


@dataclass(slots=True, unsafe_hash=True)
class RawQuantity:
    """A figure with its unit, as :class:`~finnews_extract.Quantity` has it."""

    value: Decimal
    value_max: Decimal | None
    unit: str | None
    approx: str | None
    span: RawSpan
    rule: str


@dataclass(slots=True, unsafe_hash=True)
class RawPeriod:
    """A resolved time expression, as :class:`~finnews_extract.PeriodMention` has it."""

    start: dt.date | None
    end: dt.date | None
    text: str
    span: RawSpan
    rule: str

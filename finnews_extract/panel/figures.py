"""When two articles give the same figure: written precision and agreement.

A figure's *written precision* is one unit of its last written digit, in base units:
3.2亿元 is precise to 0.1亿 (10,000,000 yuan), 32000万元 to 1万 (10,000 yuan), 1.25% to
0.01. It is read from the characters the figure came from (the fact's span text), so the
same value written two ways keeps both precisions.

Two exact figures agree when they are equal once both are rounded (half away from zero) to
the coarser of their precisions. A figure with an approximation word covers a range of
magnitudes, and agrees with another figure when their ranges meet (an exact figure covers
what rounds to it):

===========================  =============================================================
``about`` (约, 左右)          within half a unit of its last digit, or 5 %, whichever is wider
``over`` (超, 逾, 以上, 多)   itself and anything larger
``under`` (不足, 不到)         itself and anything smaller
``nearly`` (近, 接近)          itself down to a tenth below, or one unit of its last digit
===========================  =============================================================

Figures of opposite signs never agree (a nonzero inflow is no outflow).

>>> a = Figure.read(Decimal("320000000"), None, "科创50ETF净流入3.2亿元")
>>> b = Figure.read(Decimal("320000000"), None, "科创50ETF净流入32000万元")
>>> c = Figure.read(Decimal("350000000"), None, "科创50ETF净流入3.5亿元")
>>> a.precision, b.precision
(Decimal('1E+7'), Decimal('1E+4'))
>>> agree(a, b), agree(a, c), agree(Figure.read(Decimal("3E+8"), "about", "约3亿元"), c)
(True, False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..text.normalize import normalize

__all__ = ["Figure", "agree", "written_precision"]

# Arabic digits with thousands separators and decimals: 1,234.5 / 63.88 / 32000
_LITERAL = re.compile(r"[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?")
_INFINITY = Decimal("Infinity")
_HALF = Decimal("0.5")
_TENTH = Decimal("0.1")
_TWENTIETH = Decimal("0.05")


@lru_cache(maxsize=1 << 16)
def written_precision(value: Decimal, text: str) -> Decimal:
    """One unit of the last written digit of the figure in ``text`` whose value is ``value``.

    The figure is the last number in ``text`` that is ``|value|`` times a power of ten (its
    scale: 亿, 万, or none); a figure in Chinese numerals has none, and then the precision
    is the value's own last nonzero digit.

    >>> written_precision(Decimal("-6388000000"), "科创50ETF净流出63.88亿元")
    Decimal('1E+6')
    >>> written_precision(Decimal("1.2"), "沪指上涨1.20%")
    Decimal('0.01')
    >>> written_precision(Decimal("3E+8"), "三亿元")
    Decimal('1E+8')
    """
    magnitude = abs(value)
    for found in reversed(_LITERAL.findall(normalize(text))):
        literal = found.replace(",", "").replace("，", "")
        number = Decimal(literal)
        if number == 0:
            if magnitude == 0:
                return Decimal(1).scaleb(-_decimals(literal))
            continue
        scale = (magnitude / number).normalize()
        if scale.as_tuple().digits == (1,):  # a power of ten: this is the figure
            return Decimal(1).scaleb(int(scale.as_tuple().exponent) - _decimals(literal))
    if magnitude == 0:
        return Decimal(1)
    return Decimal(1).scaleb(int(magnitude.normalize().as_tuple().exponent))


def _decimals(literal: str) -> int:
    """Digits after the decimal point: ``_decimals("63.88") == 2``."""
    return len(literal.partition(".")[2])


@dataclass(frozen=True, slots=True)
class Figure:
    """A value as one article wrote it: signed, in base units, with its approximation word
    and written precision."""

    value: Decimal
    approx: str | None
    precision: Decimal

    @classmethod
    def read(cls, value: Decimal, approx: str | None, text: str) -> Figure:
        """The figure of a fact from its value, approximation word and span text."""
        return cls(value, approx, written_precision(value, text))

    def bounds(self) -> tuple[Decimal, Decimal]:
        """The signed range of values this figure covers (closed; may be infinite)."""
        m, p = abs(self.value), self.precision
        if self.approx == "about":
            low, high = m - max(p * _HALF, m * _TWENTIETH), m + max(p * _HALF, m * _TWENTIETH)
        elif self.approx == "over":
            low, high = m, _INFINITY
        elif self.approx == "under":
            low, high = Decimal(0), m
        elif self.approx == "nearly":
            low, high = m - max(p, m * _TENTH), m
        else:
            low, high = m - p * _HALF, m + p * _HALF
        return (-high, -low) if self.value < 0 else (low, high)


def _rounded(value: Decimal, precision: Decimal) -> Decimal:
    """``value`` as a whole number of ``precision`` units, rounded half away from zero."""
    return (value / precision).to_integral_value(rounding=ROUND_HALF_UP)


def agree(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` can be the same figure written at their precisions.

    >>> f = lambda v, approx=None, text="": Figure.read(Decimal(v), approx, text or v)
    >>> agree(f("3.24"), f("3.2")), agree(f("3.26"), f("3.2")), agree(f("-3.2"), f("3.2"))
    (True, False, False)
    >>> agree(f("300000000", "over", "超3亿"), f("350000000", None, "3.5亿")), agree(
    ...     f("300000000", "nearly", "近3亿"), f("350000000", None, "3.5亿"))
    (True, False)
    """
    if (a.value > 0 and b.value < 0) or (a.value < 0 and b.value > 0):
        return False
    if a.approx is None and b.approx is None:
        precision = max(a.precision, b.precision)
        return _rounded(a.value, precision) == _rounded(b.value, precision)
    low_a, high_a = a.bounds()
    low_b, high_b = b.bounds()
    return low_a <= high_b and low_b <= high_a

"""Numbers: Arabic and Chinese numerals, and scale words, to ``Decimal``.

The pattern fragments here are reused by the quantities and periods dimensions.

>>> parse_chinese("一千二百亿")
Decimal('120000000000')
>>> parse_arabic("18,100.61") * scale_factor("亿")
Decimal('1810061000000.00')
"""

from __future__ import annotations

from decimal import Decimal

import regex

__all__ = [
    "ARABIC",
    "CHINESE",
    "CN_DIGITS",
    "SCALE",
    "parse_arabic",
    "parse_chinese",
    "parse_int",
    "scale_factor",
]

CN_DIGITS = "零一二两三四五六七八九"
_CN_UNITS = "十百千"

ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}(?:\.[0-9]{1,12})?|[0-9]{1,18}(?:\.[0-9]{1,12})?)"
"""An Arabic number: up to 18 digits, optional ASCII thousands separators and decimals (a
longer digit run is an identifier, not a figure).

>>> import regex; regex.fullmatch(ARABIC, "18,100.61") is not None
True
"""

_SECTION = rf"[{CN_DIGITS}{_CN_UNITS}]+"
CHINESE = (
    rf"(?:(?=[{CN_DIGITS}{_CN_UNITS}])(?:{_SECTION}万?亿)?(?:{_SECTION}万)?(?:{_SECTION})?"
    rf"(?:(?<=[{CN_DIGITS}])\.[{CN_DIGITS}]+)?)"
)
"""A Chinese numeral, possibly with 万/亿 sections (一千二百亿, 两万, 十三), or written digit by
digit as Taiwanese papers do (一一八亿, 四一零零, 一.八).

>>> import regex
>>> [bool(regex.fullmatch(CHINESE, s)) for s in ("一亿二千万", "六百亿六百亿", "一.八")]
[True, False, True]
"""
# Digits written one by one: three or more in a row, or two with a 零 after the first (二一零,
# 四一零零); 三四十 and 一千零五 keep their unit reading.
_POSITIONAL = regex.compile(rf"[{CN_DIGITS}]{{3,}}(?![十百千])|[{CN_DIGITS}]零+(?![十百千])")

SCALE = r"(?:万亿|[千百十]?万|[千百十]?亿|兆|千)"
"""A scale word after Arabic digits: 万, 亿, 万亿, 兆, 千万, 百万, 十亿, 百亿, 千亿, 千.

>>> import regex; [bool(regex.fullmatch(SCALE, s)) for s in ("万亿", "千万", "百")]
[True, True, False]
"""

_SCALE_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8, "兆": 10**12}
_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def parse_arabic(text: str) -> Decimal:
    """``"18,100.61"`` → ``Decimal("18100.61")``.

    >>> parse_arabic("1,234")
    Decimal('1234')
    """
    return Decimal(text.replace(",", ""))


def scale_factor(scale: str) -> int:
    """The product of the scale characters: 万亿 → 10**12, 千万 → 10**7.

    >>> scale_factor("千万"), scale_factor("")
    (10000000, 1)
    """
    factor = 1
    for char in scale:
        factor *= _SCALE_VALUES[char]
    return factor


def parse_chinese(text: str) -> Decimal:
    """Read a Chinese numeral with 十/百/千 and 万/亿 sections.

    >>> [int(parse_chinese(s)) for s in ("十三", "两万", "一千零五十亿", "一亿二千万", "百")]
    [13, 20000, 105000000000, 120000000, 100]
    >>> [parse_chinese(s) for s in ("一一八亿", "四一零零", "二一零", "一.八", "三四十")]
    [Decimal('11800000000'), Decimal('4100'), Decimal('210'), Decimal('1.8'), Decimal('40')]
    """
    whole, dot, decimals = text.partition(".")
    if dot:  # 一.八: digit by digit on both sides of the point
        return Decimal(
            f"{_positional(whole) if whole else 0}.{_positional(decimals):0{len(decimals)}d}"
        )
    chars: str | list[str | int] = text
    if len(text) >= 2 and _POSITIONAL.search(text):
        chars = _tokens(_POSITIONAL.sub(lambda m: f"<{_positional(m[0])}>", text))
    total = 0  # everything above the current 亿
    myriads = 0  # the current 万 section
    section = 0  # below 万
    digit = 0
    for char in chars:
        if isinstance(char, int):
            digit = char
        elif char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif char in "十百千":
            section += (digit or 1) * _SCALE_VALUES[char]
            digit = 0
        elif char == "万":
            myriads = ((section + digit) or 1) * 10**4
            section = digit = 0
        elif char == "亿":
            total = ((total + myriads + section + digit) or 1) * 10**8
            myriads = section = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return Decimal(total + myriads + section + digit)


def _positional(digits: str) -> int:
    """一一八 → 118: Chinese digits read one by one."""
    return int("".join(str(_DIGIT_VALUES[c]) for c in digits))


def _tokens(text: str) -> list[str | int]:
    """A numeral's characters; a positional run ``parse_chinese`` marked <118> is one int."""
    out: list[str | int] = []
    for part in regex.split(r"(<[0-9]+>)", text):
        if part.startswith("<"):
            out.append(int(part[1:-1]))
        else:
            out.extend(part)
    return out


def parse_int(text: str) -> int:
    """An integer written in Arabic or Chinese numerals (counts: 连续十三个月, 近60日).

    >>> parse_int("60"), parse_int("十三"), parse_int("６")
    (60, 13, 6)
    """
    if text.isdigit():
        return int(text)
    return int(parse_chinese(text))

"""How the news writes a security's code next to its name, and what the code says.

After a name: in brackets, bare or labelled (（588000）, (588000.SH), （交易代码：512000）,
（简称“证券ETF”，交易代码：512000）, after a fund-type tag ((QDII-LOF)（基金代码：160723）),
（场内代码159915）, （基金代码：…）, （证券代码：…）, （代码为…）), with an exchange prefix or
suffix in either case (SH588000, sh588000, 588000.OF), Hong Kong codes with their suffix (00700.HK,
0700.HK, 700.HK) or three to five digits in brackets (（700）, not a year), US tickers in
brackets (SPY, QQQ); or unbracketed right after the name (588000.SH, SH588000, 代码为510300).
The exchange comes from the prefix or suffix, else from the code's range (spec §4); an index
code has none.

>>> m = CODE_AFTER_NAME.match("（场内代码：159915）")
>>> parse_code(code_of(m))
('159915', 'SZ')
>>> parse_code("sh588000"), parse_code("700.HK"), parse_code("510050.OF"), parse_code("2382")
(('588000', 'SH'), ('00700', None), ('510050', 'SH'), ('02382', None))
"""

from __future__ import annotations

import regex

__all__ = [
    "CODE_AFTER_NAME",
    "CODE_ENDING",
    "CODE_IN_BRACKETS",
    "code_after",
    "code_of",
    "exchange_of",
    "parse_code",
]

_LABEL = r"(?:(?:基金|证券|股票|交易|场内|场外)?代码(?:为|是)?\s*[:：]?\s*)"
_PREFIXED = r"(?:[Ss][Hh]|[Ss][Zz])[0-9]{6}"
_SUFFIXED = r"[0-9]{6}\.(?:[Ss][Hh]|[Ss][Zz]|[Bb][Jj]|OF|of)"
_HONG_KONG = r"[0-9]{3,5}\.(?:HK|hk)"
_FORMS = rf"{_PREFIXED}|{_SUFFIXED}|{_HONG_KONG}|[0-9]{{5,6}}|[A-Z]{{2,5}}"
# A Hong Kong code as Hong Kong papers bracket it, three or four digits (騰訊（700）, 舜宇光学
# （2382）); a year (2023) is not one.
_HONG_KONG_SHORT = r"(?!(?:19|20)[0-9]{2}(?![0-9]))[1-9][0-9]{2,3}"

# A fund-type tag in brackets may stand between a fund's name and its code: (QDII-LOF)
_TYPE_TAG = r"(?:[（(](?:QDII|LOF|ETF|FOF)[-A-Za-z]{0,8}[)）])?"
# A code right after a name: bracketed (with a label and a trailing remark allowed), or bare.
_AFTER_NAME = rf"""
    \s?{_TYPE_TAG}[（(]\s*{_LABEL}?(?P<code>{_FORMS})\s*(?:[，,;；][^（）()]{{0,20}})?[)）]
    |
    \s?[（(](?P<hk>{_HONG_KONG_SHORT})[)）]
    |
    \s?{_TYPE_TAG}[（(][^（）()]{{1,30}}?[，,;；]\s*{_LABEL}(?P<labelled>{_FORMS})\s*[)）]
    |
    \s?[，,]?\s*(?:基金|证券|股票|交易|场内)?代码(?:为|是|\s*[:：])\s*(?P<said>{_FORMS})(?![0-9A-Za-z])
    |
    \s?(?P<bare>(?<![0-9A-Za-z])(?:{_PREFIXED}|{_SUFFIXED}|{_HONG_KONG}))(?![0-9A-Za-z])
    """
CODE_AFTER_NAME = regex.compile(f"(?x){_AFTER_NAME}")
# The same at the end of a phrase read as a name: 宁德时代（300750）.
CODE_ENDING = regex.compile(f"(?x)(?:{_AFTER_NAME})$")
# A bracketed stock or fund code, searched for on its own (a name is then read before it).
CODE_IN_BRACKETS = regex.compile(
    rf"[（(]\s*{_LABEL}?(?P<code>{_PREFIXED}|[0-9]{{6}}(?:\.[A-Za-z]{{2}})?|0[0-9]{{4}}"
    rf"|{_HONG_KONG}|{_HONG_KONG_SHORT})\s*[)）]"
)


# The characters a code after a name can start with (after one optional space): a cheap test
# that spares the pattern at the end of most names.
_CODE_START = frozenset("（(，,代基证股交场SsHh0123456789")


def code_after(norm: str, end: int) -> regex.Match[str] | None:
    """:data:`CODE_AFTER_NAME` matched at ``end``, tested first on the next character."""
    nxt = norm[end : end + 1]
    if nxt == " ":
        nxt = norm[end + 1 : end + 2]
    return CODE_AFTER_NAME.match(norm, end) if nxt in _CODE_START and nxt else None


def code_of(m: regex.Match[str]) -> str:
    """The code text a :data:`CODE_AFTER_NAME` match holds."""
    return str(m["code"] or m["hk"] or m["labelled"] or m["said"] or m["bare"])


def exchange_of(code: str) -> str | None:
    """The exchange of a 6-digit code by its range (spec §4); None for index-like codes.

    >>> exchange_of("588000"), exchange_of("159915"), exchange_of("000688")
    ('SH', 'SZ', 'SZ')
    """
    if len(code) != 6:
        return None
    if code[0] in "56":
        return "SH"
    if code[:2] in ("15", "16", "00", "30"):
        return "SZ"
    if code[0] in "48" or code[:2] == "92":
        return "BJ"
    return None


def parse_code(raw: str) -> tuple[str, str | None]:
    """``SH513050`` / ``588000.SH`` / ``510050.OF`` / ``700.HK`` → (code, exchange). A Hong
    Kong code is padded to five digits and has no exchange of the contract (SH, SZ, BJ)."""
    raw = raw.upper()
    prefix = raw[:2] if raw[:2] in ("SH", "SZ") and raw[2:3].isdigit() else None
    digits, _, suffix = (raw[2:] if prefix else raw).partition(".")
    if suffix == "HK" or (digits.isdigit() and 3 <= len(digits) <= 4):
        return digits.zfill(5), None
    exchange = suffix if suffix in ("SH", "SZ", "BJ") else prefix
    return digits, exchange or exchange_of(digits)

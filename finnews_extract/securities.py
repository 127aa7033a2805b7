"""Securities tables: known funds and stocks with their codes, built in or the user's own.

The public face of :mod:`finnews_extract.link.securities`, where the table is built and
indexed; the linker uses it to know that two names are one fund.

>>> from finnews_extract.securities import SecuritiesTable
>>> SecuritiesTable.builtin().lookup("华夏上证科创板50ETF").code
'588000'
"""

from __future__ import annotations

from .link.securities import SecuritiesTable, Security

__all__ = ["SecuritiesTable", "Security"]

"""Stage 0, the text itself: input checks, language data, normalization, segmentation, calendar.

The bottom of the pipeline; it imports nothing from the stages above it.

- ``inputs``: the text must be a ``str``; ``published_at`` is parsed (Beijing time by default).
- ``lexicon``: the YAML/CSV language data under ``lexicons/``, validated at load.
- ``normalize``: the length-preserving copy every pattern runs on (full-width, dashes,
  traditional characters).
- ``segment``: jieba word boundaries for a name's edges, with the finance user dictionary.
- ``trading_calendar``: XSHG sessions (``exchange_calendars``; past its horizon, weekdays
  minus ``holidays``' China public holidays and known exchange-only closures) and trading-day
  arithmetic.
- ``master``: the securities master as data (stocks, funds, indices, industries, concepts).
"""

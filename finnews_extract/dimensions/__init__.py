"""Dimensions, one module each: its patterns, its rules and its resolve step.

``REGISTRY`` is the one ordered list of them; a test checks that every module here is
listed and has its example table in ``corpora/dimensions/``. A private module is a part of
the dimension it is named after (``_period_dates``: how ``periods`` resolves its matches).
"""

REGISTRY: tuple[str, ...] = (
    "numbers",
    "quantities",
    "periods",
    "subjects",
    "metrics",
    "extremes",
    "streaks",
    "tables",
)

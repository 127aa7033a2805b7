"""finnews_extract: typed, evidence-grounded facts from Chinese financial news.

>>> from finnews_extract import extract_quantities
>>> [str(q.value) for q in extract_quantities("两市融资余额增长190.57亿元")]
['19057000000']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import FinnewsError, FinnewsWarning, InputError

if TYPE_CHECKING:  # the public names, for type checkers; at run time they load on first use
    from .api import Extractor, extract
    from .dimensions.periods import extract_periods
    from .dimensions.quantities import extract_quantities
    from .records import (
        ArticleError,
        ArticleResult,
        Entity,
        ExtremeFact,
        Fact,
        MetricFact,
        Period,
        PeriodMention,
        Quantity,
        Span,
        StreakFact,
        Subject,
    )
    from .securities import SecuritiesTable, Security

# Lazy exports: ``import finnews_extract`` (and spaCy's entry point) stays light; the engine,
# its patterns and its tables load when a name is first used.
_WHERE = {
    "Extractor": ".api",
    "extract": ".api",
    "extract_periods": ".dimensions.periods",
    "extract_quantities": ".dimensions.quantities",
    "SecuritiesTable": ".securities",
    "Security": ".securities",
    **dict.fromkeys(
        (
            "ArticleError",
            "ArticleResult",
            "Entity",
            "ExtremeFact",
            "Fact",
            "MetricFact",
            "Period",
            "PeriodMention",
            "Quantity",
            "Span",
            "StreakFact",
            "Subject",
        ),
        ".records",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'finnews_extract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "ArticleError",
    "ArticleResult",
    "Entity",
    "Extractor",
    "ExtremeFact",
    "Fact",
    "FinnewsError",
    "FinnewsWarning",
    "InputError",
    "MetricFact",
    "Period",
    "PeriodMention",
    "Quantity",
    "SecuritiesTable",
    "Security",
    "Span",
    "StreakFact",
    "Subject",
    "__version__",
    "extract",
    "extract_periods",
    "extract_quantities",
]

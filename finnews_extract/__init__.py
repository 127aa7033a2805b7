"""finnews_extract: typed, evidence-grounded facts from Chinese financial news.

>>> from finnews_extract import extract_quantities
>>> [str(q.value) for q in extract_quantities("两市融资余额增长190.57亿元")]
['19057000000']
"""

from __future__ import annotations

from .api import Extractor, extract
from .dimensions.periods import extract_periods
from .dimensions.quantities import extract_quantities
from .errors import FinnewsError, FinnewsWarning, InputError
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

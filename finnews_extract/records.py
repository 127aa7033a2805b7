"""Public records: immutable pydantic v2 models serializing to the JSON shape of the spec.

Amounts are :class:`~decimal.Decimal` inside; in JSON they are numbers when the decimal
round-trips through a float (at most 15 significant digits), else decimal strings.

>>> from decimal import Decimal
>>> q = Quantity(value=Decimal("6388000000"), unit="CNY",
...              span=Span(start=3, end=10, text="63.88亿元"), rule="quantity.arabic")
>>> q.model_dump(mode="json")["value"]
6388000000
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

__all__ = [
    "Amount",
    "Approx",
    "ArticleError",
    "ArticleResult",
    "Entity",
    "EntityKind",
    "ExtremeFact",
    "Fact",
    "MetricFact",
    "Period",
    "PeriodMention",
    "Quantity",
    "Span",
    "StreakFact",
    "Subject",
    "Unit",
]


def _decimal_to_json(value: Decimal) -> int | float | str:
    """Write a Decimal as a JSON number when that is exact, else as a string.

    >>> _decimal_to_json(Decimal("-6388000000")), _decimal_to_json(Decimal("1.63"))
    (-6388000000, 1.63)
    >>> _decimal_to_json(Decimal("1234567890.123456789"))
    '1234567890.123456789'
    """
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    if len(value.normalize().as_tuple().digits) <= 15:
        return float(value)
    return format(value, "f")


Amount = Annotated[Decimal, PlainSerializer(_decimal_to_json, when_used="json")]
"""A Decimal that serializes to a JSON number where exact."""

Unit = Literal["CNY", "USD", "HKD", "EUR", "JPY", "GBP", "share", "lot", "percent", "point", "ton"]
FactUnit = Literal["CNY", "USD", "HKD", "EUR", "share", "lot", "percent", "point", "ton"]
Approx = Literal["over", "nearly", "about", "under"]
EntityKind = Literal["etf", "stock", "index", "category", "sector", "market", "manager", "other"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


R = TypeVar("R", bound=_Record)
_TEMPLATES: dict[type[_Record], tuple[dict[str, Any], frozenset[str]]] = {}
_set = object.__setattr__


def _assemble(cls: type[R], values: dict[str, Any]) -> R:
    """A record from values this package made and checked itself (exact slices, units from
    the contract): no validation pass, several times cheaper than ``model_construct``.
    Missing fields take their defaults; a missing required field is a KeyError.

    >>> _assemble(Span, {"start": 0, "end": 2, "text": "本周"}) == Span(start=0, end=2, text="本周")
    True
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        fields = cls.model_fields
        if any(info.default_factory is not None for info in fields.values()):
            raise TypeError(f"{cls.__name__}: a default factory's value would be shared")
        template = _TEMPLATES[cls] = (
            {
                name: None if info.is_required() else info.get_default()
                for name, info in fields.items()
            },
            frozenset(name for name, info in fields.items() if info.is_required()),
        )
    defaults, required = template
    if not required.issubset(values):
        raise KeyError(f"{cls.__name__} lacks {sorted(required.difference(values))}")
    data = defaults.copy()  # field order kept: update() leaves existing keys in place
    data.update(values)
    record = object.__new__(cls)
    _set(record, "__dict__", data)
    _set(record, "__pydantic_fields_set__", set(values))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


class Span(_Record):
    """A half-open range of code points in the original text, with the text it covers.

    >>> Span(start=0, end=2, text="本周").end
    2
    >>> Span(start=2, end=1, text="")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Span
    ...
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _check_length(self) -> Span:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError(f"span [{self.start}, {self.end}) does not fit text {self.text!r}")
        return self

    def check(self, source: str) -> None:
        """Raise ``ValueError`` unless this span is exactly its slice of ``source``."""
        if source[self.start : self.end] != self.text:
            raise ValueError(f"span {self!r} is not source[{self.start}:{self.end}]")


class Quantity(_Record):
    """A figure with its unit, in base units (yuan, shares, lots, points, tons, percent)."""

    value: Amount
    value_max: Amount | None = None
    unit: Unit | None = None
    approx: Approx | None = None
    span: Span
    rule: str


class Period(_Record):
    """A resolved time range, as it appears on a fact: ISO dates or null, and the text."""

    start: dt.date | None = None
    end: dt.date | None = None
    text: str


class PeriodMention(Period):
    """A time expression found in a text: the period plus where it is and which rule read it."""

    span: Span
    rule: str


class Subject(_Record):
    """What a fact is about."""

    kind: EntityKind
    name: str
    code: str | None = None


class Entity(_Record):
    """A security, index, category, sector, market or manager named in an article."""

    kind: EntityKind
    name: str
    code: str | None = None
    exchange: Literal["SH", "SZ", "BJ"] | None = None
    mentions: tuple[Span, ...] = ()


class _FactBase(_Record):
    subject: Subject | None = None
    period: Period | None = None
    span: Span
    spans: tuple[Span, ...] = ()
    rule: str


class MetricFact(_FactBase):
    """A number about a subject: a flow, a share change, a balance, a rate."""

    type: Literal["metric"] = "metric"
    metric: str
    value: Amount
    unit: FactUnit
    approx: Approx | None = None


class ExtremeFact(_FactBase):
    """A record high or low of a metric over a window (``all_time``, ``ytd``, ``60d``…)."""

    type: Literal["extreme"] = "extreme"
    metric: str
    extreme: Literal["high", "low"]
    window: str


class StreakFact(_FactBase):
    """N periods in a row of a metric moving one way."""

    type: Literal["streak"] = "streak"
    metric: str
    direction: Literal["up", "down"]
    count: int = Field(ge=1)
    unit: Literal["day", "week", "month", "year"]


Fact = Annotated[MetricFact | ExtremeFact | StreakFact, Field(discriminator="type")]


class ArticleError(_Record):
    """What failed for one article, and where."""

    code: str
    message: str
    where: str | None = None


class ArticleResult(_Record):
    """One output record per input article."""

    id: str
    published_at: dt.datetime | None = None
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    errors: tuple[ArticleError, ...] = ()

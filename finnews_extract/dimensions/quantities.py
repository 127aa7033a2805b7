"""Quantities: figures with their unit, normalized to base units.

Stage 1 finds figure candidates with three named rules (Arabic digits with scale and unit,
Chinese numerals, 百分之N). Stage 2 resolves them: ranges are joined (3.5%-3.75%), bare
figures in a list take the unit of the list's last figure (197.97、146.06和190.57亿元), a
figure with a scale and no unit is money in a money sentence, and figures that are not
quantities (dates, codes, 两市, 一股力量, 10点) are dropped.

>>> [(q.span.text, str(q.value), q.unit, q.approx) for q in extract_quantities("净流出约112亿元")]
[('约112亿元', '11200000000', 'CNY', 'about')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import regex

from ..records import Approx, Quantity, Span, Unit
from ..text.inputs import check_text
from ..text.lexicon import QuantityLexicon, load_quantity_lexicon
from ..text.normalize import normalize, sentence_bounds
from ._raw import RawQuantity, RawSpan
from ._rules import Rule, alternation, resolve_overlaps
from .numbers import ARABIC, CHINESE, CN_DIGITS, SCALE, parse_arabic, parse_chinese, scale_factor

__all__ = ["RULES", "extract_quantities", "find_quantities", "public"]

_EMPH = r"(?:\*\*|__)"
_RANGE_GAP = regex.compile(r"[ ]?(?:-|~|至|到)[ ]?")
_FROM = regex.compile(r"(?:从|由)$")  # 从10亿元到20亿元: two levels
# 减少4.6吨至188吨: a change, then the level it reached (增加10~20吨 stays a range)
_CHANGED = regex.compile(r"(?:增加|减少|增长|下降|上升|下滑|回落|缩水|扩大)(?:了|约)?$")
_LIST_GAP = regex.compile(r"[ ]?(?:、|,|，|和|及|与)[ ]?")
_MONEY_WINDOW = 30
_SHARE_WORD = regex.compile(r"份额|成交量|股数")
_MAX_DIGITS = 18  # a longer run of digits is not a figure (and would overflow Decimal maths)
_MONEY_AFTER = 4  # 六百亿杠杆资金: the money word names what the figure counts
_TIME_OF_DAY_MAX = 24  # "10点" is a time, not 10 index points
_CURRENCIES = frozenset({"CNY", "USD", "HKD", "EUR", "JPY", "GBP"})


@dataclass(slots=True)
class _Figure:
    """A stage-1 candidate: a number with what was written around it, not yet interpreted."""

    start: int
    end: int
    number: Decimal  # the number as written, before scale
    scale: int  # product of the scale words (1 when none)
    unit: Unit | None
    approx: Approx | None
    chinese: bool  # written in Chinese numerals
    scaled: bool  # a scale word was written: 亿, 万亿, 六百亿
    has_digit: bool  # Chinese numeral with a digit character (六百亿), not a bare 百亿
    rule: str
    priority: int = 0
    value_max: Decimal | None = None
    inherited: bool = False

    @property
    def bare(self) -> bool:
        return not self.scaled and self.unit is None

    @property
    def value(self) -> Decimal:
        return self.number * self.scale


def _patterns(lex: QuantityLexicon) -> tuple[Rule, ...]:
    units = alternation(lex.units)
    prefix = alternation(lex.approx_prefix)
    suffix = alternation(lex.approx_suffix)
    infix = "[" + "".join(lex.approx_infix) + "]"
    # A first-character class per pattern lets the engine skip positions that cannot start
    # a figure (most characters of a text), which is most of the speed.
    leads = "".join(sorted({w[0] for w in lex.approx_prefix}))
    arabic = regex.compile(
        rf"""(?x)
        (?=[{regex.escape(leads)}0-9+\-])
        (?P<pre>{prefix})?
        (?:(?<![0-9%)）\]])(?P<sign>[-+]))?               # a sign, unless it is a range dash
        (?<![0-9.A-Za-z])(?P<num>{ARABIC})(?![0-9])       # not the tail of a code or a date
        (?P<infix>{infix})?                               # 100多亿元
        (?:[ ]?{_EMPH}?(?P<scale>{SCALE}))?
        (?P<infix2>{infix})?                              # 1亿多元
        (?:[ ]?{_EMPH}?(?P<unit>{units})(?!(?<=股)[指票东价市民权息本])(?!(?<=份)额))?
        (?P<post>{suffix})?
        """
    )
    chinese = regex.compile(
        rf"""(?x)
        (?=[{regex.escape(leads)}{CN_DIGITS}十百千万])
        (?P<pre>{prefix})?
        (?<![第之周统唯初{CN_DIGITS}十百千万亿])
        # 百分点 is not 百; 超万亿; 超亿元 (one 亿 after an approximation word)
        (?P<cnum>{CHINESE}(?![万亿])|万亿|(?<=[超逾近约])亿(?=元|美元|港元|份))(?!分)
        (?P<infix>{infix})?
        (?P<scale>(?<=[多余])(?:万亿|万|亿))?              # 三十余亿元
        (?P<unit>{units})?
        (?P<post>{suffix})?
        """
    )
    percent = regex.compile(
        rf"""(?x)
        (?=[{regex.escape(leads)}百])
        (?P<pre>{prefix})?
        百分之(?P<pnum>{ARABIC}|[{CN_DIGITS}十百]+(?:点[{CN_DIGITS}]+)?)
        (?P<post>{suffix})?
        """
    )
    for pattern, groups in ((arabic, _ARABIC_GROUPS), (chinese, _CHINESE_GROUPS)):
        if tuple(pattern.groupindex) != groups or pattern.groups != len(groups):
            raise AssertionError(f"quantity groups changed: {pattern.groupindex}")
    return (
        Rule("quantity.arabic", "quantities", arabic),
        Rule("quantity.chinese", "quantities", chinese),
        Rule("quantity.percent_words", "quantities", percent, priority=1),
    )


@cache
def _rules() -> tuple[Rule, ...]:
    return _patterns(load_quantity_lexicon())


RULES: tuple[str, ...] = (
    "quantity.arabic",
    "quantity.chinese",
    "quantity.percent_words",
    "quantity.range",
    "quantity.list_unit",
)
"""Names of this dimension's rules, as they appear in ``Quantity.rule``."""


def _approx(
    lex: QuantityLexicon, pre: str | None, post: str | None, *infixes: str | None
) -> Approx | None:
    if pre:
        return lex.approx_prefix[pre]
    if post:
        return lex.approx_suffix[post]
    for found in infixes:
        if found:
            return lex.approx_infix[found]
    return None


def _chinese_decimal(text: str) -> Decimal:
    """百分之三点五 → 3.5: Chinese integer part, digit-by-digit decimals."""
    whole, _, frac = text.partition("点")
    digits = "".join(str(parse_chinese(c)) for c in frac)
    return parse_chinese(whole) + (Decimal("0." + digits) if digits else Decimal(0))


# The groups of the two main patterns, in order: ``_figure`` reads them with ``m.groups()``,
# five times cheaper than by name (``_patterns`` checks the order).
_ARABIC_GROUPS = ("pre", "sign", "num", "infix", "scale", "infix2", "unit", "post")
_CHINESE_GROUPS = ("pre", "cnum", "infix", "scale", "unit", "post")


def _figure(rule: Rule, m: regex.Match[str], lex: QuantityLexicon) -> _Figure:
    start, end = m.span()
    name = rule.name
    if name == "quantity.arabic":
        pre, sign, num, infix, scale_word, infix2, unit_word, post = m.groups()
        number = parse_arabic(num)
        if sign == "-":
            number = -number
        scale = scale_factor(scale_word) if scale_word else 1
        return _Figure(
            start,
            end,
            number,
            scale,
            lex.units[unit_word] if unit_word else None,
            _approx(lex, pre, post, infix, infix2),
            False,
            scale != 1,
            True,
            name,
            rule.priority,
        )
    if name == "quantity.percent_words":
        raw = m["pnum"]
        number = parse_arabic(raw) if raw[0].isdigit() else _chinese_decimal(raw)
        return _Figure(
            start,
            end,
            number,
            1,
            "percent",
            _approx(lex, *m.group("pre", "post")),
            not raw[0].isdigit(),
            False,
            True,
            name,
            rule.priority,
        )
    pre, cnum, infix, scale_words, unit_word, post = m.groups()
    scale_words = scale_words or ""
    has_digit = any(c in CN_DIGITS for c in cnum)
    scaled = "万" in cnum + scale_words or "亿" in cnum + scale_words
    return _Figure(
        start,
        end,
        parse_chinese(cnum),
        scale_factor(scale_words),
        lex.units[unit_word] if unit_word else None,
        _approx(lex, pre, post, infix),
        True,
        scaled,
        has_digit,
        name,
        rule.priority,
    )


def _candidates(norm: str) -> list[_Figure]:
    lex = load_quantity_lexicon()
    found = [_figure(rule, m, lex) for rule in _rules() for m in rule.pattern.finditer(norm)]
    return resolve_overlaps(found)


_COMPOUND_GAP = regex.compile(r"[ ]?零?")


def _join_compounds(figs: list[_Figure], norm: str) -> list[_Figure]:
    """2 兆 4398.16 億元, 1万亿2000亿元: a figure in 兆/万亿 without a unit, followed by one in
    亿, is one amount (Taiwanese and Hong Kong papers write 兆 for 万亿)."""
    out: list[_Figure] = []
    for fig in figs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.scale == 10**12
            and prev.unit is None
            and fig.scale == 10**8
            and prev.value_max is None
            and fig.approx is None
            and _COMPOUND_GAP.fullmatch(norm, prev.end, fig.start)
        ):
            out[-1] = replace(
                prev, end=fig.end, number=prev.value + fig.value, scale=1, unit=fig.unit
            )
            continue
        out.append(fig)
    return out


def _join_ranges(figs: list[_Figure], norm: str) -> list[_Figure]:
    """A-B, A~B, A至B between two figures becomes one figure with ``value_max``."""
    out: list[_Figure] = []
    for fig in figs:
        prev = out[-1] if out else None
        if prev is not None and _is_range(prev, fig, norm):
            # A dash read as B's minus sign is the range's dash; a "~" read as B's prefix
            # leaves B's own sign alone (-3%~-1%).
            dash_led = prev.end == fig.start and norm[fig.start] == "-"
            low, high = prev.number, abs(fig.number) if dash_led else fig.number
            out[-1] = replace(
                prev,
                end=fig.end,
                number=low,
                scale=fig.scale if prev.scale == 1 else prev.scale,
                scaled=prev.scaled or fig.scaled,
                unit=fig.unit or prev.unit,
                approx=prev.approx,
                value_max=high * fig.scale,
                rule="quantity.range",
            )
            continue
        out.append(fig)
    return out


def _is_range(prev: _Figure, fig: _Figure, norm: str) -> bool:
    """Two figures joined by a dash, ~, 至 or 到 and of one unit (10亿元-20亿 included);
    never after 从/由, where A and B are two levels (从10亿元到20亿元)."""
    if prev.value_max is not None or prev.chinese or fig.chinese:
        return False
    if prev.unit is not None and prev.unit != fig.unit and not (fig.unit is None and fig.scaled):
        return False
    if _FROM.search(norm, max(0, prev.start - 2), prev.start):
        return False
    if _CHANGED.search(norm, max(0, prev.start - 4), prev.start) and regex.search(
        "[至到]", norm[prev.end : fig.start]
    ):
        return False
    if prev.end == fig.start:
        return norm[fig.start : fig.start + 1] in ("-", "~") and fig.number != 0
    return _RANGE_GAP.fullmatch(norm[prev.end : fig.start]) is not None


def _inherit_list_units(figs: list[_Figure], norm: str) -> list[_Figure]:
    """Bare figures chained by 、/和/及 before a figure with a unit take its scale and unit."""
    out = list(figs)
    for i in range(len(out) - 1, 0, -1):
        head = out[i]
        if head.bare or head.inherited:
            continue
        j = i
        while j > 0:
            prev = out[j - 1]
            if not (prev.bare and not prev.chinese and prev.value_max is None):
                break
            if not _LIST_GAP.fullmatch(norm[prev.end : out[j].start]):
                break
            out[j - 1] = replace(
                prev,
                scale=head.scale,
                scaled=head.scaled,
                unit=head.unit,
                approx=None,
                inherited=True,
                rule="quantity.list_unit",
            )
            j -= 1
    return out


@cache
def _money_pattern() -> regex.Pattern[str]:
    return regex.compile(alternation(load_quantity_lexicon().money_words) + "(?!量)")


def _in_money_sentence(norm: str, start: int, end: int, look_after: bool) -> bool:
    """A money word before the figure in its sentence, or right after it (六百亿杠杆资金)."""
    first, _ = sentence_bounds(norm, start, _MONEY_WINDOW)
    _, last = sentence_bounds(norm, end, _MONEY_AFTER)
    before = norm[max(first, start - _MONEY_WINDOW) : start]
    after = norm[end : min(last, end + _MONEY_AFTER)]
    money = [m.end() for m in _money_pattern().finditer(before)]
    if _share_sentence(before, money[-1] if money else 0):
        return False  # 获资金净流入，份额增加1.5亿: the nearer word says shares
    return bool(money) or (look_after and _money_pattern().search(after) is not None)


def _share_sentence(before: str, after_money: int) -> bool:
    """份额 (shares) is named after the last money word in the window before a figure."""
    return _SHARE_WORD.search(before, after_money) is not None


def _keep(fig: _Figure, norm: str) -> _Figure | None:
    """Interpret a candidate in context, or drop it when it is not a quantity."""
    if fig.bare or fig.end - fig.start > 4 * _MAX_DIGITS:
        return None
    if fig.unit is None:  # a scale without a unit: 18360.06亿
        # 千亿市值龙头 names a class of companies: a bare 千亿 needs the money word first
        if _in_money_sentence(norm, fig.start, fig.end, look_after=fig.has_digit):
            return replace(fig, unit="CNY")
        window = norm[max(0, fig.start - _MONEY_WINDOW) : fig.start]
        if "份额" in window and _share_sentence(window, 0):
            return replace(fig, unit="share")  # 份额增加1.5亿: 亿 shares
        return fig if fig.has_digit else None
    if fig.chinese and not fig.has_digit and fig.unit not in _CURRENCIES and fig.unit != "share":
        return None  # 千股跌停, 百手
    if fig.chinese and fig.unit == "share" and not fig.has_digit and norm[fig.end - 1] == "股":
        return None
    small = not fig.scaled and abs(fig.number) < 100
    if fig.chinese and small and fig.unit in {"share", "lot", "point"}:
        return None  # 一股力量, 二手房, 一点
    if (
        fig.unit == "point"
        and not fig.scaled
        and fig.number == fig.number.to_integral_value()
        and 0 <= fig.number <= _TIME_OF_DAY_MAX
    ):
        return None  # 10点, 下午3点
    return fig


def _record(fig: _Figure, text: str) -> RawQuantity:
    span = RawSpan(fig.start, fig.end, text[fig.start : fig.end])
    value_max = _normal(fig.value_max) if fig.value_max is not None else None
    return RawQuantity(_normal(fig.value), value_max, fig.unit, fig.approx, span, fig.rule)


def public(q: RawQuantity) -> Quantity:
    """The public record of an internal quantity (fields made and checked here, so no second
    validation pass: the span is the exact slice by construction)."""
    span = Span.model_construct(start=q.span.start, end=q.span.end, text=q.span.text)
    return Quantity.model_construct(
        value=q.value, value_max=q.value_max, unit=q.unit, approx=q.approx, span=span, rule=q.rule
    )


def _normal(value: Decimal) -> Decimal:
    """Drop exponent notation and trailing zeros: 6.388E+9 → 6388000000."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def extract_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, left to right, with spans into ``text`` itself.

    >>> [(q.span.text, str(q.value), q.unit) for q in extract_quantities("沪深300ETF成交27.53万手")]
    [('27.53万手', '275300', 'lot')]
    >>> [(q.span.text, q.unit) for q in extract_quantities("分别是197.97、146.06和190.57亿元")]
    [('197.97', 'CNY'), ('146.06', 'CNY'), ('190.57亿元', 'CNY')]
    """
    text = check_text(text)  # spans are slices of the text a lone surrogate was replaced in
    return [public(q) for q in find_quantities(text, normalize(text))]


def find_quantities(text: str, norm: str) -> list[RawQuantity]:
    """The quantities of ``text`` given its normalized copy ``norm``, as internal records."""
    figs = _inherit_list_units(_join_ranges(_join_compounds(_candidates(norm), norm), norm), norm)
    kept = _bracket_siblings([k for f in figs if (k := _keep(f, norm)) is not None], norm)
    return [_record(f, text) for f in kept]


# Between two bracketed figures of a list: 非银（15.08亿）、TMT（9.66亿）
_SIBLING_GAP = regex.compile(r"[)）](?:、|和|及|与|，|,)?[^，,。；;（()）0-9]{1,12}[（(][+\-−]?")


def _bracket_siblings(figs: list[_Figure], norm: str) -> list[_Figure]:
    """A bare scaled figure in a list of bracketed figures takes the unit of the one before it
    (国防军工（21.37亿）、非银（15.08亿）、TMT（9.66亿）: all yuan), however far the money word."""
    out: list[_Figure] = []
    for fig in figs:
        prev = out[-1] if out else None
        if (
            fig.unit is None
            and fig.scaled
            and prev is not None
            and prev.unit in _CURRENCIES
            and prev.scale == fig.scale
            and _SIBLING_GAP.fullmatch(norm, prev.end, fig.start)
        ):
            fig = replace(fig, unit=prev.unit)
        out.append(fig)
    return out

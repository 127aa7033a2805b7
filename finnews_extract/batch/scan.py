"""``finnews-extract scan``: the dimension-level record of one article (no facts).

>>> record = scan_record({"id": "a", "text": "净流入1亿元", "published_at": "2025-02-08"})
>>> record["quantities"][0]["value"], record["errors"], record["warnings"]
(100000000, [], [])
"""

from __future__ import annotations

from typing import Any

from ..dimensions.periods import extract_periods
from ..dimensions.quantities import extract_quantities
from ..errors import InputError
from ..text.inputs import check_id, check_text, replace_surrogates
from .article_warnings import caught, strict_errors

__all__ = ["scan_record"]


def scan_record(article: dict[str, Any], strict: bool = False) -> dict[str, Any]:
    """An article's quantities and periods, with its errors and coded warnings (with
    ``strict``, a warning is an error and the article gets no quantities or periods)."""
    published_at = article.get("published_at")
    errors: list[dict[str, str]] = []
    quantities: list[Any] = []
    periods: list[Any] = []
    with caught() as found:
        article_id = check_id(article.get("id"))
        try:
            text = check_text(article.get("text"), article_id)
            quantities = extract_quantities(text)
            periods = extract_periods(text, published_at)
        except InputError as exc:
            errors.append({"code": "input", "message": replace_surrogates(str(exc))})
            quantities, periods = [], []
    if strict and found:
        errors += strict_errors(found)
        quantities, periods, found = [], [], []
    return {
        "id": article_id,
        "published_at": (
            replace_surrogates(published_at) if isinstance(published_at, str) else published_at
        ),
        "quantities": [q.model_dump(mode="json", exclude_none=True) for q in quantities],
        "periods": [p.model_dump(mode="json") for p in periods],
        "errors": errors,
        "warnings": found,
    }

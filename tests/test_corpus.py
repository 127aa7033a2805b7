"""The Duckling-style example tables in corpora/dimensions/, one parametrized test per file.

Every row: the text, the expected items (all of them, in order) or [] for a negative, and an
optional strict ``xfail`` reason. Each returned span must also be exactly its slice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CORPORA

from finnews_extract import extract_periods, extract_quantities
from finnews_extract.dimensions import REGISTRY


def _load(name: str) -> dict[str, Any]:
    with (CORPORA / "dimensions" / f"{name}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _params(name: str) -> list[Any]:
    data = _load(name)
    default_pub = data.get("published_at")
    params = []
    for row in data["examples"]:
        row = {"published_at": default_pub, **row}
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
        params.append(pytest.param(row, id=row["text"][:40], marks=marks))
    return params


def _dec(value: Any) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize("row", _params("quantities"))
def test_quantities(row: dict[str, Any]) -> None:
    found = extract_quantities(row["text"])
    for q in found:
        q.span.check(row["text"])
    got = [
        {
            "text": q.span.text,
            "value": str(q.value),
            "value_max": _dec(q.value_max),
            "unit": q.unit,
            "approx": q.approx,
        }
        for q in found
    ]
    want = [
        {
            "text": e["text"],
            "value": str(e["value"]),
            "value_max": _dec(e.get("value_max")),
            "unit": e.get("unit"),
            "approx": e.get("approx"),
        }
        for e in row["expect"]
    ]
    assert got == want


@pytest.mark.parametrize("row", _params("periods"))
def test_periods(row: dict[str, Any]) -> None:
    found = extract_periods(row["text"], row["published_at"])
    for p in found:
        p.span.check(row["text"])
    got = [{"text": p.text, "start": _dec(p.start), "end": _dec(p.end)} for p in found]
    want = [
        {"text": e["text"], "start": _dec(e.get("start")), "end": _dec(e.get("end"))}
        for e in row["expect"]
    ]
    assert got == want


def test_every_dimension_has_a_module_and_a_table() -> None:
    package = Path(__file__).resolve().parent.parent / "finnews_extract" / "dimensions"
    modules = {p.stem for p in package.glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(REGISTRY)
    tabled = {p.stem for p in (CORPORA / "dimensions").glob("*.yaml")}
    assert tabled == set(REGISTRY) - {"numbers"} | ({"numbers"} & tabled)


def test_table_sizes() -> None:
    assert len(_load("quantities")["examples"]) >= 200
    assert len(_load("periods")["examples"]) >= 80


def test_every_rule_fires_somewhere_in_the_tables() -> None:
    from finnews_extract.dimensions import periods, quantities

    fired: set[str] = set()
    for row in _load("quantities")["examples"]:
        fired |= {q.rule for q in extract_quantities(row["text"])}
    data = _load("periods")
    for row in data["examples"]:
        pub = row.get("published_at", data.get("published_at"))
        fired |= {p.rule for p in extract_periods(row["text"], pub)}
    assert set(quantities.RULES) | set(periods.RULES) <= fired, (
        set(quantities.RULES) | set(periods.RULES)
    ) - fired


def _norm(text: str) -> str:
    from finnews_extract.text.normalize import normalize

    return normalize(text)


@pytest.mark.parametrize("row", _params("extremes"))
def test_extremes(row: dict[str, Any]) -> None:
    from finnews_extract.dimensions.extremes import find_extremes

    got = [
        {"metric": e.metric or "price", "extreme": e.extreme, "window": e.window}
        for e in find_extremes(_norm(row["text"]))
    ]
    assert got == row["expect"]


@pytest.mark.parametrize("row", _params("streaks"))
def test_streaks(row: dict[str, Any]) -> None:
    from finnews_extract.dimensions.streaks import find_streaks

    got = [
        {"metric": s.metric, "direction": s.direction, "count": s.count, "unit": s.unit}
        for s in find_streaks(_norm(row["text"]))
    ]
    assert got == row["expect"]


@pytest.mark.parametrize("row", _params("subjects"))
def test_subjects(row: dict[str, Any]) -> None:
    from finnews_extract.dimensions.subjects import find_mentions

    got = [
        {"name": m.name, "kind": m.kind, "code": m.code}
        for m in find_mentions(_norm(row["text"]), row["text"])
    ]
    assert got == row["expect"]


def _check_metric_facts(row: dict[str, Any], rule_prefix: str = "") -> None:
    """Every expected metric fact and no other (of rules starting with ``rule_prefix``)."""
    from finnews_extract import extract
    from finnews_extract.review.evaluate import score

    record = extract(row["text"], row.get("published_at"))
    for fact in record.facts:
        fact.span.check(row["text"])
    result = json.loads(record.model_dump_json())
    result["facts"] = [
        f for f in result["facts"] if f["type"] == "metric" and f["rule"].startswith(rule_prefix)
    ]
    gold = [{**fact, "subject": {"name": fact["subject"], "code": None}} for fact in row["expect"]]
    outcome = score({"row": {"facts": gold}}, {"row": result | {"id": "row"}})
    assert not outcome.missed and not outcome.spurious, (outcome.missed, outcome.spurious)


@pytest.mark.parametrize("row", _params("metrics"))
def test_metrics(row: dict[str, Any]) -> None:
    _check_metric_facts(row)


@pytest.mark.parametrize("row", _params("tables"))
def test_tables(row: dict[str, Any]) -> None:
    _check_metric_facts(row, "table.")

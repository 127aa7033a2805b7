"""Scoring extracted facts against hand-annotated gold, as spec §7 says.

Facts are matched one to one inside each article: same type and metric; subject equal by code
when gold has one, else by normalized name (containment or a close fuzzy match, digits equal);
value equal up to relative 1e-6 with the same unit; for extremes the same extreme and window,
for streaks the same direction, count and unit. Period accuracy is measured on matched facts
that have a gold period.

>>> gold = {"a": {"facts": [{"type": "metric", "metric": "net_flow", "value": 1.0, "unit": "CNY",
...                          "subject": {"name": "科创50ETF", "code": "588000"}}]}}
>>> pred = {"a": {"facts": [{"type": "metric", "metric": "net_flow", "value": 1.0, "unit": "CNY",
...                          "subject": {"name": "科创50", "code": "588000"}}]}}
>>> score(gold, pred).overall
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Score", "as_json", "load_records", "report", "score"]

_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_DIGITS = re.compile(r"\d+")
_DROP = re.compile(r"[\s·•\"'“”‘’《》〈〉【】\[\]、，,。.:：;；!！?？\-—_]+")

Fact = dict[str, Any]


def _norm_name(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    return _DROP.sub("", _PAREN.sub("", text)).upper()


def _same_subject(gold: Fact, pred: Fact) -> bool:
    g, p = gold.get("subject") or {}, pred.get("subject") or {}
    gcode, pcode = (g.get("code") or "").strip(), (p.get("code") or "").strip()
    if gcode:
        return gcode.split(".")[0] == pcode.split(".")[0]
    gn, pn = _norm_name(g.get("name")), _norm_name(p.get("name"))
    if not gn or not pn:
        return False
    if gn == pn:
        return True
    if _DIGITS.findall(gn) != _DIGITS.findall(pn):
        return False
    short, long_ = sorted((gn, pn), key=len)
    if len(short) >= 2 and short in long_ and len(short) / len(long_) >= 0.5:
        return True
    return difflib.SequenceMatcher(None, gn, pn).ratio() >= 0.85


def _same_value(gold: Fact, pred: Fact) -> bool:
    gv, pv = gold.get("value"), pred.get("value")
    if gv is None or pv is None:
        return gv is None and pv is None
    try:
        g, p = float(gv), float(pv)
    except (TypeError, ValueError):
        return False
    if gold.get("unit") != pred.get("unit"):
        return False
    return abs(p) < 1e-9 if g == 0 else abs(p - g) <= 1e-6 * abs(g)


def key(fact: Fact) -> str:
    """``type:metric``, the row a fact is counted in."""
    return f"{fact.get('type', 'metric')}:{fact.get('metric', '?')}"


def _compatible(gold: Fact, pred: Fact) -> bool:
    if key(gold) != key(pred):
        return False
    kind = gold.get("type", "metric")
    if kind == "extreme":
        ok = gold.get("extreme") == pred.get("extreme") and gold.get("window") == pred.get("window")
    elif kind == "streak":
        ok = (
            gold.get("direction") == pred.get("direction")
            and int(gold.get("count") or 0) == int(pred.get("count") or -1)
            and gold.get("unit") == pred.get("unit")
        )
    else:
        ok = _same_value(gold, pred)
    return ok and _same_subject(gold, pred)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    kept: list[Fact] = []
    for f in facts:
        if not any(_compatible(f, k) and _compatible(k, f) for k in kept):
            kept.append(f)
    return kept


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    """Counts per ``type:metric`` key, period agreement, and the unmatched facts."""

    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    periods_right: int = 0
    periods_total: int = 0
    missed: list[tuple[str, Fact]] = field(default_factory=list)
    spurious: list[tuple[str, Fact]] = field(default_factory=list)

    @property
    def overall(self) -> tuple[float, float, float]:
        """(precision, recall, F1) over all facts."""
        return _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_key(self) -> dict[str, tuple[float, float, float]]:
        """(precision, recall, F1) per ``type:metric``."""
        keys = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {k: _prf(self.tp[k], self.fp[k], self.fn[k]) for k in keys}

    @property
    def period_accuracy(self) -> float | None:
        """Share of matched facts with a gold period whose period is right."""
        return self.periods_right / self.periods_total if self.periods_total else None


def score(gold: dict[str, Fact], pred: dict[str, Fact]) -> Score:
    """Match ``pred`` records to ``gold`` records (both keyed by article id)."""
    result = Score()
    for doc_id, record in gold.items():
        gfacts = _dedupe(record.get("facts", []))
        pfacts = _dedupe((pred.get(doc_id) or {}).get("facts", []))
        used = [False] * len(pfacts)
        for gf in gfacts:
            hit = next(
                (i for i, pf in enumerate(pfacts) if not used[i] and _compatible(gf, pf)), None
            )
            if hit is None:
                result.fn[key(gf)] += 1
                result.missed.append((doc_id, gf))
                continue
            used[hit] = True
            result.tp[key(gf)] += 1
            if gf.get("period"):
                result.periods_total += 1
                gp, pp = gf["period"], pfacts[hit].get("period") or {}
                result.periods_right += (gp.get("start"), gp.get("end")) == (
                    pp.get("start"),
                    pp.get("end"),
                )
        for i, pf in enumerate(pfacts):
            if not used[i]:
                result.fp[key(pf)] += 1
                result.spurious.append((doc_id, pf))
    return result


def load_records(path: Path) -> dict[str, Fact]:
    """A JSONL file of per-article records, keyed by id."""
    out: dict[str, Fact] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[str(record.get("id"))] = record
    return out


def report(result: Score, errors: bool = False) -> str:
    """The plain-text report: P/R/F1 per ``type:metric`` and overall, period accuracy, and
    with ``errors`` every missed and spurious fact."""
    lines = [f"{'key':34} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for k, (p, r, f) in result.per_key().items():
        lines.append(
            f"{k:34} {p:6.3f} {r:6.3f} {f:6.3f} {result.tp[k]:5d} "
            f"{result.fp[k]:5d} {result.fn[k]:5d}"
        )
    p, r, f = result.overall
    tp, fp, fn = (sum(c.values()) for c in (result.tp, result.fp, result.fn))
    lines.append(f"{'OVERALL':34} {p:6.3f} {r:6.3f} {f:6.3f} {tp:5d} {fp:5d} {fn:5d}")
    if result.period_accuracy is not None:
        lines.append(
            f"period accuracy on matched facts: {result.period_accuracy:.3f} "
            f"({result.periods_right}/{result.periods_total})"
        )
    if errors:
        for label, found in (("MISSED", result.missed), ("SPURIOUS", result.spurious)):
            lines.extend(
                f"{doc}\t{label}\t{json.dumps(_brief(f), ensure_ascii=False)}" for doc, f in found
            )
    return "\n".join(lines) + "\n"


def as_json(result: Score, articles: int) -> dict[str, Any]:
    """The report as one JSON-ready object (the shape of ``score.py --json``)."""
    p, r, f = result.overall
    return {
        "overall": {
            "precision": p,
            "recall": r,
            "f1": f,
            "tp": sum(result.tp.values()),
            "fp": sum(result.fp.values()),
            "fn": sum(result.fn.values()),
        },
        "per_key": {
            k: {
                "precision": a,
                "recall": b,
                "f1": c,
                "tp": result.tp[k],
                "fp": result.fp[k],
                "fn": result.fn[k],
            }
            for k, (a, b, c) in result.per_key().items()
        },
        "period_accuracy": result.period_accuracy,
        "articles": articles,
        "missed": [{"id": d, "fact": _brief(f)} for d, f in result.missed],
        "spurious": [{"id": d, "fact": _brief(f)} for d, f in result.spurious],
    }


def _brief(fact: Fact) -> Fact:
    keep = ("type", "metric", "subject", "value", "unit", "extreme", "window", "direction", "count")
    out = {k: fact[k] for k in keep if k in fact}
    if isinstance(out.get("subject"), dict):
        out["subject"] = {k: out["subject"].get(k) for k in ("name", "code")}
    return out

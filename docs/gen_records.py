"""Generate docs/records.md from the JSON Schema of the per-article record.

``render()`` builds the Markdown from
``finnews_extract.ArticleResult.model_json_schema(mode="serialization")``: the root model
first, then one section per model in ``$defs`` (in name order), each with its description and
a table of its fields. It reads nothing else that can change between runs, so the same schema
always gives the same text.

The schema's own field descriptions are used where ``records.py`` declares them; the field
notes below fill in the rest. A note for a field the schema does not have raises, so a renamed
field cannot leave a stale note behind.

Run ``python docs/gen_records.py`` to rewrite docs/records.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent / "records.md"

_FACT_NOTES = {
    "subject": "What the fact is about, as named in the article.",
    "spans": "Every place the article states this fact; the first is `span`. A fact repeated "
    "in a summary paragraph is one fact with several spans.",
    "type": "The fact type, which tells the three kinds of fact apart.",
}
_UNDATED = "Not set for this fact type in this version: always null."

NOTES: dict[str, dict[str, str]] = {
    "ArticleResult": {
        "id": "The article's id: the `id` given to `extract` (default `\"\"`), the dump's id "
        "field, or the file name without extension; in a batch, where the article was read "
        "(`file:line`) when it has none.",
        "published_at": "The publish time as parsed, with its UTC offset (a time without one "
        "is taken as Beijing time, +08:00); null when none was given.",
        "entities": "The subjects that facts were read for (figures the contract leaves out, "
        "such as amounts in 日元, included), one per kind and code (or name, without a code).",
        "facts": "The facts in reading order, one per distinct (type, subject, metric, "
        "value). Each item is a `MetricFact`, `ExtremeFact` or `StreakFact`, told apart by "
        "`type`.",
        "errors": "Empty when the article was read. Batch runs record here what failed for an "
        "article that could not be read or processed.",
    },
    "ArticleError": {
        "code": "What failed: `input` (text not a string, unparseable publish time), "
        "`timeout` (past the batch time limit), `corrupt_line`, `undecodable`, `unreadable`, "
        "`front_matter`, `missing_text`, `not_an_object`, or `internal` (a bug: please report "
        "it).",
        "message": "A human-readable explanation.",
        "where": "The file and line (`dump.jsonl:17`) or Parquet row (`a.parquet:row 3`); "
        "for `internal`, also the module, line and function that failed.",
    },
    "Entity": {
        "kind": "What sort of subject it is.",
        "name": "The name as written in the article (without a bracketed code).",
        "code": "The security code the article gives for it (a later `科创50ETF（588000）` "
        "also codes an earlier bare `科创50ETF`), or the securities table's code where "
        "the article gives it for another of the fund's names or `fill_codes` is on.",
        "exchange": "The exchange of `code`: from the code's suffix (`.SH`) or digits, or from "
        "the securities table; null when there is no code or it is not known.",
        "mentions": "The places where it is the subject of a fact, in text order; other "
        "mentions of the same name are not listed.",
    },
    "MetricFact": {
        **_FACT_NOTES,
        "period": "The time expression that governs the figure: the last one before it in "
        "its clause, else in its sentence, else the first later in the sentence, else the "
        "last earlier in the paragraph, else the article's dateline; null when there is none.",
        "span": "The evidence: from the subject's name to the end of the figure "
        "(`科创50ETF（588000）净流出63.88亿元`).",
        "rule": "Provenance: `metric.<metric>`.",
        "metric": "From the fact contract's vocabulary: `net_flow`, `shares`, "
        "`shares_change`, `aum`, `turnover`, `price_change`, `close`, `margin_balance`, "
        "`margin_net_buy`, ... (each level metric `X` also has `X_change`).",
        "value": "The figure in base units (yuan, dollars, single shares, lots, points, tons; "
        "a percentage is the number before `%`), negative for outflows, decreases and falls. "
        "A `Decimal` in Python; in JSON a number when that is exact, else a decimal string.",
        "unit": "The unit of `value`.",
        "approx": "The approximation word: 超/逾/以上/多 `over`, 近/接近 `nearly`, 约/左右 "
        "`about`, 不足/不到 `under`; null for an exact figure.",
    },
    "ExtremeFact": {
        **_FACT_NOTES,
        "period": _UNDATED,
        "span": "The evidence: the record phrase, with the metric word before it "
        "(`份额创近一年新低`).",
        "rule": "Provenance: `extreme.record`.",
        "metric": "What set the record: `shares`, `price`, `aum`, `net_flow`, `turnover`, "
        "`margin_balance`, ...",
        "extreme": "A record high or a record low.",
        "window": "`all_time` (历史), `since_listing` (上市以来), `ytd` (年内, 今年以来), or "
        "N and `d`/`w`/`m`/`y` for 近N日/周/月/年 (`60d`, `8w`, `1y`).",
    },
    "StreakFact": {
        **_FACT_NOTES,
        "period": _UNDATED,
        "span": "The evidence: the streak phrase (`连续第6日获净流入`, `6连涨`).",
        "rule": "Provenance: `streak.consecutive`, `streak.consecutive_after`, `streak.lian` "
        "or `streak.before_turn`.",
        "metric": "What moved: `net_flow`, `price_change`, `margin_balance`, ...",
        "direction": "`up` (净流入, 上涨, 连涨) or `down` (净流出, 下跌, 连跌).",
        "count": "How many periods in a row.",
        "unit": "The size of each period (交易日 is `day`).",
    },
    "Period": {
        "start": "The first day, inclusive: for a range, its first trading day. Null when "
        "the expression cannot be resolved (a relative one without a publish date).",
        "end": "The last day, inclusive; a range never runs past the publish date.",
        "text": "The time expression as written (本周, 2月5日至7日).",
    },
    "Span": {
        "start": "Offset of the first character, in Python code points of the original text.",
        "end": "Offset just past the last character.",
        "text": "`text[start:end]` of the original text, always.",
    },
    "Subject": {
        "kind": "What sort of subject it is.",
        "name": "The name as written (a list joined by 合计 keeps the whole group).",
        "code": "As for `Entity.code`.",
    },
}

INTRO = """\
<!-- Generated by docs/gen_records.py from
     finnews_extract.ArticleResult.model_json_schema(mode="serialization").
     Do not edit by hand: change finnews_extract/records.py (or the notes in the script)
     and run `python docs/gen_records.py`. -->

# Records

Every article gives one `ArticleResult`: an immutable pydantic v2 model (`frozen=True`,
`extra="forbid"`). `extract()` and `Extractor.extract()` return it, `finnews-extract extract`
writes one per line of JSONL (`result.model_dump_json()`), and `finnews-extract schema` prints
the JSON Schema this page is generated from.

How to read the tables:

- **required**: the field must be present when a record is validated
  (`ArticleResult.model_validate_json(line)`). Serialized records always contain every field,
  with `null` or `[]` where there is nothing.
- Dates are ISO strings (`2025-02-05`), times ISO with an offset
  (`2025-02-08T11:34:20+08:00`).
- Amounts are `Decimal` in Python. In JSON they are numbers when the number is exact (an
  integer below 10^15, or at most 15 significant digits), and decimal strings otherwise.
- Every span indexes the original text: `text[span.start:span.end] == span.text`.
- Records written by `finnews-extract extract` may also carry a `metadata` object (the input's
  other fields, or a Markdown file's `title` and `source`). It is not part of the schema: drop
  it before validating such a line.

A record survives the round trip through JSON:

```python
from finnews_extract import ArticleResult, extract

result = extract("本周科创50ETF（588000）净流出63.88亿元。", "2025-02-08T11:34:20+08:00", id="a1")
line = result.model_dump_json()
assert ArticleResult.model_validate_json(line) == result
print(result.facts[0].value, result.facts[0].period.start)  # -6388000000 2025-02-05
```
"""

_REF = "#/$defs/"


def _anchor(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def _type(prop: dict[str, Any]) -> str:
    """The type column: JSON types, links to other models, ``or`` for unions."""
    if "$ref" in prop:
        return _anchor(prop["$ref"].removeprefix(_REF))
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " or ".join(_type(p) for p in prop[key])
    kind = prop.get("type")
    if kind == "array":
        return "array of " + _type(prop.get("items", {}))
    if kind is None:
        return "any"
    if "format" in prop:
        return f"{kind} ({prop['format']})"
    return str(kind)


def _values(prop: dict[str, Any]) -> list[str]:
    """The allowed values of an enum field (or of the enum inside an ``anyOf``)."""
    for option in [prop, *prop.get("anyOf", [])]:
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return []


def _minimum(prop: dict[str, Any]) -> int | float | None:
    for option in [prop, *prop.get("anyOf", [])]:
        if "minimum" in option:
            value: int | float = option["minimum"]
            return value
    return None


def _description(model: str, name: str, prop: dict[str, Any], required: bool) -> str:
    parts = []
    text = prop.get("description") or NOTES.get(model, {}).get(name, "")
    if text:
        parts.append(text)
    if "const" in prop:
        parts.append(f"Always `{prop['const']}`.")
    values = _values(prop)
    if values:
        parts.append("One of " + ", ".join(f"`{v}`" for v in values) + ".")
    minimum = _minimum(prop)
    if minimum is not None:
        parts.append(f"At least {minimum}.")
    if not required and "default" in prop and "const" not in prop:
        default = json.dumps(prop["default"], ensure_ascii=False)
        parts.append(f"Default `{default}`.")
    return " ".join(parts)


def _model_text(description: str) -> str:
    """A docstring as Markdown: doctest examples dropped, ``code`` as `code`."""
    lines = []
    for line in description.strip().splitlines():
        if line.lstrip().startswith(">>>"):
            break
        lines.append(line.strip())
    text = " ".join(line for line in lines if line).strip()
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(name: str, model: dict[str, Any]) -> str:
    required = set(model.get("required", []))
    properties: dict[str, Any] = model.get("properties", {})
    unknown = set(NOTES.get(name, {})) - set(properties)
    if unknown:
        raise ValueError(f"notes for fields {name} does not have: {sorted(unknown)}")
    out = [f"## {name}", ""]
    if model.get("description"):
        out += [_model_text(model["description"]), ""]
    out += ["| field | type | required | description |", "| --- | --- | --- | --- |"]
    for field, prop in properties.items():
        is_required = field in required
        cells = (
            f"`{field}`",
            _type(prop),
            "yes" if is_required else "no",
            _description(name, field, prop, is_required),
        )
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def render() -> str:
    """The Markdown of docs/records.md."""
    from finnews_extract import ArticleResult

    schema = ArticleResult.model_json_schema(mode="serialization")
    defs: dict[str, Any] = schema.get("$defs", {})
    unknown = set(NOTES) - set(defs) - {schema["title"]}
    if unknown:
        raise ValueError(f"notes for models the schema does not have: {sorted(unknown)}")
    sections = [_section(schema["title"], schema)]
    sections += [_section(name, defs[name]) for name in sorted(defs)]
    return INTRO + "\n" + "\n".join(sections)


if __name__ == "__main__":
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render())
    print(f"wrote {OUTPUT}")

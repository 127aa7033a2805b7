"""``finnews-extract securities lookup|info|update``, run as a user runs them: in a subprocess,
with ``FINNEWS_EXTRACT_CACHE`` pointed at a temporary folder so the real cache is never read
or written. The refresh replays a sample of AKShare's frames (tests/data/akshare/)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from finnews_extract.link import refresh
from finnews_extract.text.master import CACHE_NAME, parse_master

SAMPLE = Path(__file__).resolve().parent / "data" / "akshare"
DAY = dt.date(2026, 12, 7)

# A stand-in `akshare` module whose functions return the sample's rows, or raise for the
# source named by argv[2]; then the CLI with argv[3:].
FAKE_AKSHARE = """
import csv, sys, types
from pathlib import Path
from finnews_extract.link.refresh import SOURCES
sample, failing = Path(sys.argv[1]), sys.argv[2]
fake = types.ModuleType("akshare")
fake.__version__ = "1.19.5"
def function(name):
    def call(symbol=""):
        source = next(s for s in SOURCES if s.function == name and s.symbol == symbol)
        if source.name == failing:
            raise ConnectionError("HTTPSConnectionPool: Max retries exceeded")
        with open(sample / f"{source.name}.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return call
for s in SOURCES:
    setattr(fake, s.function, function(s.function))
sys.modules["akshare"] = fake
from finnews_extract.cli import main
sys.exit(main(sys.argv[3:]))
"""

NO_AKSHARE = """
import sys
sys.modules["akshare"] = None  # `import akshare` raises ImportError, installed or not
from finnews_extract.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "FINNEWS_EXTRACT_CACHE": str(cache), "PYTHONIOENCODING": "utf-8"}


def _cli(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "finnews_extract", "securities", *args]
    return subprocess.run(command, env=_env(cache), capture_output=True, text=True, timeout=120)


def _script(cache: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, env=_env(cache), capture_output=True, text=True, timeout=120)


def _builtin_count(kind: str, tracks: str = "") -> int:
    path = resources.files("finnews_extract") / "lexicons" / "securities.tsv"
    rows = parse_master(path.read_text(encoding="utf-8"), "built-in").rows
    return sum(1 for r in rows if r.kind == kind and r.tracks.startswith(tracks))


def _hk_count() -> int:
    path = resources.files("finnews_extract") / "lexicons" / "hk_stocks.csv"
    return len(path.read_text(encoding="utf-8").splitlines()) - 1


# The sample: 11 stocks (3 of them in Hong Kong, all on the packaged list), 5 ETFs, 1 LOF,
# 3 indices, 4 Shenwan industries, 2 concepts; and the built-in CSRC labels.
def _sample_rows() -> int:
    return 26 + _builtin_count("industry", "csrc")


def _sample(source: refresh.Source) -> list[dict[str, str]]:
    with (SAMPLE / f"{source.name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _refresh_into(cache: Path, monkeypatch: pytest.MonkeyPatch, fetch: Any = _sample) -> Path:
    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", str(cache))
    _, path = refresh.update(fetch=fetch, version="1.19.5", today=DAY)
    assert path == cache / CACHE_NAME
    return path


# lookup


def test_a_stock_name_resolves_to_its_code(tmp_path: Path) -> None:
    done = _cli(tmp_path, "lookup", "贵州茅台")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "stock 600519.SH 贵州茅台"
    record = json.loads(_cli(tmp_path, "lookup", "贵州茅台", "--json").stdout)
    assert record["status"] == "found"
    assert [(s["kind"], s["code"], s["exchange"]) for s in record["securities"]] == [
        ("stock", "600519", "SH")
    ]


@pytest.mark.parametrize(
    ("code", "first_line"),
    [
        ("588000.SH", "etf 588000.SH 科创50ETF"),
        ("sh588000", "etf 588000.SH 科创50ETF"),
        ("00700.HK", "stock 00700.HK 腾讯控股"),
        ("000001.SH", "index 000001 上证指数"),  # not 平安银行, 000001.SZ
    ],
)
def test_a_code_in_any_form_gives_its_row(tmp_path: Path, code: str, first_line: str) -> None:
    done = _cli(tmp_path, "lookup", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == first_line
    assert len([line for line in done.stdout.splitlines() if not line.startswith(" ")]) == 1


def test_a_fund_row_shows_its_aliases_and_manager(tmp_path: Path) -> None:
    lines = _cli(tmp_path, "lookup", "588000").stdout.splitlines()
    assert lines[1].startswith("  aliases: ") and "华夏上证科创板50成份ETF" in lines[1]
    assert lines[2] == "  manager: 华夏基金"


@pytest.mark.parametrize("name", ["卫星ETF", "中证A500ETF"])
def test_a_shared_fund_name_is_ambiguous_and_lists_the_funds(tmp_path: Path, name: str) -> None:
    done = _cli(tmp_path, "lookup", name)
    assert done.returncode == 1
    head = f"{name}: ambiguous: "
    assert done.stdout.startswith(head) and "securities share this name: " in done.stdout
    record = json.loads(_cli(tmp_path, "lookup", name, "--json").stdout)
    assert record["status"] == "ambiguous"
    codes = [s["code"] for s in record["securities"]]
    assert len(codes) >= 2 and len(set(codes)) == len(codes)
    assert {s["name"] for s in record["securities"]} == {name}
    for code in codes:
        assert f"{code} {name}" in done.stdout
    assert f"{len(codes)} securities share this name" in done.stdout


def test_a_kind_settles_a_name_kinds_share(tmp_path: Path) -> None:
    assert _cli(tmp_path, "lookup", "机器人").returncode == 1  # a stock, an index, an industry
    done = _cli(tmp_path, "lookup", "机器人", "--kind", "stock")
    assert done.returncode == 0 and done.stdout.startswith("stock 300024.SZ 机器人")


def test_an_unknown_word_or_code_exits_1(tmp_path: Path) -> None:
    word = _cli(tmp_path, "lookup", "不存在的公司")
    assert word.returncode == 1
    assert word.stdout == "不存在的公司: unknown: no security has this name\n"
    code = _cli(tmp_path, "lookup", "999999", "--json")
    assert code.returncode == 1 and json.loads(code.stdout)["securities"] == []


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert _cli(tmp_path, "lookup", "贵州茅台", "--kind", "bond").returncode == 2
    assert _cli(tmp_path, "lookup", "sh600519.SZ").returncode == 2  # two exchanges
    assert _cli(tmp_path).returncode == 2  # no action


# info


def test_info_tells_the_built_in_snapshot_and_its_dates(tmp_path: Path) -> None:
    path = resources.files("finnews_extract") / "lexicons" / "securities.tsv"
    builtin = parse_master(path.read_text(encoding="utf-8"), "built-in")
    done = _cli(tmp_path, "info")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("master:  built-in snapshot")
    for kind, date in builtin.snapshots.items():
        assert any(line.split()[0] == kind and date in line for line in done.stdout.splitlines())
    record = json.loads(_cli(tmp_path, "info", "--json").stdout)
    assert record["source"] == "built-in" and record["snapshots"] == builtin.snapshots
    assert sum(record["rows"].values()) == record["total"] > len(builtin.rows)  # + Hong Kong
    assert record["rows"]["stock"] > 5000 and record["hk_stocks"] > 0


def test_info_says_why_a_broken_refresh_is_not_used(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text("not a master\n", encoding="utf-8")
    done = _cli(tmp_path, "info")
    assert "built-in snapshot" in done.stdout
    assert f"note: {tmp_path / CACHE_NAME} is not used" in done.stdout


# update


def test_update_without_akshare_says_how_to_install_it(tmp_path: Path) -> None:
    done = _script(tmp_path, NO_AKSHARE, "securities", "update")
    assert done.returncode == 2
    assert 'securities update needs AKShare: pip install "finnews_extract[refresh]"' in (
        done.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_the_sample_refresh_writes_a_master_the_cli_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _refresh_into(tmp_path, monkeypatch)
    master = parse_master(path.read_text(encoding="utf-8"), str(path))  # (a) it parses
    assert master.origin == f"AKShare 1.19.5, fetched {DAY}"
    assert master.snapshots["etf"] == "2026-12-04"  # 数据日期 of the data, not the fetch day
    assert master.snapshots["stock"] == str(DAY)
    rows = {(r.kind, r.code): r for r in master.rows}
    assert rows["stock", "600519"].exchange == "SH" and rows["stock", "000001"].exchange == "SZ"
    assert rows["stock", "688256"].aliases == ("寒武纪-U",)  # 证券全称 differs from 证券简称
    assert rows["stock", "00700"].exchange == "HK"
    fund = rows["etf", "588000"]
    assert (fund.exchange, fund.aliases, fund.manager) == (
        "SH",
        ("华夏上证科创板50成份ETF",),
        "华夏基金",
    )
    assert rows["lof", "161725"].manager == "招商基金"
    assert "etf" not in {k for k, c in rows if c == "000001"}  # a mixed fund is no ETF
    assert rows["industry", "801032"][6:] == ("sw2", "基础化工")  # .SI dropped, level, parent
    assert any(r.tracks.startswith("csrc") for r in master.rows)  # carried from the built-in
    assert rows["concept", "BK0490"].name == "军工"
    assert sum(1 for r in master.rows if r.kind == "stock") == 11

    info = _cli(tmp_path, "info")  # (b) the CLI reads the refreshed file
    assert info.stdout.startswith(f"master:  refreshed file {path}\n"), info.stdout
    assert f"origin:  AKShare 1.19.5, fetched {DAY}" in info.stdout
    counts = json.loads(_cli(tmp_path, "info", "--json").stdout)["rows"]
    assert counts["stock"] == 11 + _hk_count() - 3  # the packaged list adds the others
    assert counts["etf"] == 5 and counts["industry"] == 4 + _builtin_count("industry", "csrc")
    found = _cli(tmp_path, "lookup", "寒武纪-U")
    assert (found.returncode, found.stdout.splitlines()[0]) == (0, "stock 688256.SH 寒武纪")
    assert _cli(tmp_path, "lookup", "比亚迪").returncode == 1  # built in, not in the sample
    assert _cli(tmp_path, "lookup", "腾讯").stdout.startswith("stock 00700.HK 腾讯控股")


def test_a_failing_source_leaves_the_old_master_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _refresh_into(tmp_path, monkeypatch)
    before = path.read_bytes()

    def failing(source: refresh.Source) -> list[dict[str, str]]:
        if source.name == "sw2":
            raise ConnectionError("Read timed out")
        return _sample(source)

    with pytest.raises(refresh.RefreshError, match=r"^sw_index_second_info\(\) failed: Conn"):
        refresh.update(fetch=failing, version="1.19.5", today=DAY + dt.timedelta(days=1))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_NAME]  # no temporary file


@pytest.mark.parametrize(
    ("empty", "message"),
    [
        ("bj", r"stock_info_bj_name_code\(\) came back empty: no stock rows"),
        ("sh_star", r'stock_info_sh_name_code\(symbol="科创板"\) came back empty'),
        ("concept", r"stock_board_concept_name_em\(\) came back empty: no concept rows"),
    ],
)
def test_an_empty_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: str, message: str
) -> None:
    path = _refresh_into(tmp_path, monkeypatch)
    before = path.read_bytes()
    with pytest.raises(refresh.RefreshError, match=message):
        refresh.update(fetch=lambda s: [] if s.name == empty else _sample(s), version="x")
    assert path.read_bytes() == before


def test_a_frame_without_its_column_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def renamed(source: refresh.Source) -> list[dict[str, str]]:
        rows = _sample(source)
        if source.name == "etf":
            return [{("基金名称" if k == "名称" else k): v for k, v in r.items()} for r in rows]
        return rows

    monkeypatch.setenv("FINNEWS_EXTRACT_CACHE", str(tmp_path))
    with pytest.raises(refresh.RefreshError, match=r"^fund_etf_spot_em\(\): no column 名称"):
        refresh.update(fetch=renamed, version="x")
    assert list(tmp_path.iterdir()) == []


def test_update_through_the_cli(tmp_path: Path) -> None:
    dry = _script(tmp_path, FAKE_AKSHARE, str(SAMPLE), "", "securities", "update", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"would write {_sample_rows()} rows to {tmp_path / CACHE_NAME}" in dry.stdout
    assert any(line.split()[:2] == ["stock", "11"] for line in dry.stdout.splitlines())
    assert list(tmp_path.iterdir()) == []

    done = _script(tmp_path, FAKE_AKSHARE, str(SAMPLE), "", "securities", "update")
    assert done.returncode == 0, done.stderr
    wrote = f"wrote {_sample_rows()} rows to {tmp_path / CACHE_NAME} (AKShare 1.19.5, fetched "
    assert wrote in done.stdout
    before = (tmp_path / CACHE_NAME).read_bytes()

    failed = _script(tmp_path, FAKE_AKSHARE, str(SAMPLE), "hk_connect", "securities", "update")
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.splitlines() == [
        "finnews-extract: securities update: stock_hk_ggt_components_em() failed: "
        "ConnectionError: HTTPSConnectionPool: Max retries exceeded"
    ]
    assert (tmp_path / CACHE_NAME).read_bytes() == before


def test_update_with_no_cache_folder_exits_2(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "FINNEWS_EXTRACT_CACHE": ""}
    command = [sys.executable, "-c", NO_AKSHARE, "securities", "update"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "FINNEWS_EXTRACT_CACHE is empty" in done.stderr


def test_the_cli_doc_describes_the_three_commands() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for action in ("lookup", "info", "update"):
        assert f"## `finnews-extract securities {action}`" in doc, action
    howto = (ROOT / "docs" / "howto.md").read_text(encoding="utf-8")
    assert "## Refresh the securities master" in howto

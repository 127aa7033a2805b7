"""Subjects: ETFs with their codes, indices, markets, sectors, managers, categories, stocks.

Named subjects come from the lexicon (``lexicons/subjects.yaml``) and from heads (…ETF,
…指数, …基金); a name's left edge is found by cutting at function and time words, so
其中科创50ETF gives 科创50ETF. A code in brackets or with an exchange suffix right after a
name is that name's code. Open-class names (stocks) are read by :func:`open_subjects` from
the words before a metric trigger.

>>> [(m.name, m.kind, m.code) for m in find_mentions("其中科创50ETF（588000）净流出")]
[('科创50ETF', 'etf', '588000')]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..records import EntityKind
from ..text.lexicon import load_subject_lexicon
from ..text.segment import boundaries
from ._rules import WordFinder, alternation, resolve_overlaps
from ._subjects_codes import (
    CODE_ENDING,
    CODE_IN_BRACKETS,
    code_after,
    code_of,
    exchange_of,
    parse_code,
)
from ._subjects_known import (
    LISTING_SUFFIX,
    KnownNames,
    build_known,
    issuers,
    known_names,
    stock_forms,
)
from .metrics import has_trigger

__all__ = [
    "KnownNames",
    "Mention",
    "build_known",
    "exchange_of",
    "find_mentions",
    "issuers",
    "kind_of",
    "known_names",
    "open_subjects",
    "stock_forms",
]

_NAME_CHARS = r"(?:[\p{Han}A-Za-z0-9·&ⅡⅢ]|-(?=[A-Za-z]))"  # 白酒Ⅱ: Shenwan's level marks
# Heads found first (a literal anchor), names then read leftwards from them.
_INDEX_HEAD = regex.compile(r"(?:指数|成指)(?![标数])")
# 上证A股, 深证主板A股, 沪市B股: a board's share class, a market named by its head.
_SHARE_CLASS_HEAD = regex.compile(r"(?<=[\p{Han}])[AB]股")
_FUND_HEAD = regex.compile(r"基金")
# Patterns that end where a name ends are matched backwards from that end ((?r), the longest
# run wins as with a $-anchored search, at a fraction of the cost of trying every start).
_STOCK_NAME = regex.compile(r"(?r)[\p{Han}A-Za-z]{2,10}(?:-[A-Z]{1,2})?")


# A股三大指数, 主要指数, 行业指数 (the index of the sector just named): no index's own name.
_GENERIC_HEAD = regex.compile(r"(?:三大|主要|各|多个|部分|相关|同类|其他|行业|板块)(?:指数|基金)$")
_CATEGORY_ETF = regex.compile(r"(?:型|类|相关|主题|宽基)[\p{Han}]{0,4}ETF")
_SHORT_INDEX = regex.compile("[^数]指$")
# 申万休闲服务, 中信一级银行: an industry named with the scheme that classifies it.
_CLASSIFIED = regex.compile(r"^(?:申万|中信|证监会)(?:[一二三]级)?(?=[\p{Han}]{2})")
# 日本股市, 中国市场: a market named by its head; 海外中资股, 美国市场相关产品: a group.
_MARKET_HEAD = regex.compile(r"[\p{Han}]{2}(?:股市|债市|汇市|市场)$")
_GROUP_HEAD = regex.compile(r"[\p{Han}]{2}(?:相关产品|中资股|蓝筹股|权重股)$")
# 硬件设备行业, 低空经济板块, 人形机器人概念: a named head noun phrase of an industry or theme.
_SECTOR_HEAD = regex.compile(r"[\p{Han}A-Za-z0-9ⅡⅢ]{2}(?:行业|板块|概念股?|产业|赛道)$")
_NAME_RUN = regex.compile(rf"(?r){_NAME_CHARS}+")


def _ending_at(pattern: regex.Pattern[str], text: str, lo: int, hi: int) -> regex.Match[str] | None:
    """The longest match of a backwards ``pattern`` in text[lo:hi] that ends at ``hi``, or
    just before a line break that ends the window, as a ``$``-anchored search would find it.

    >>> _ending_at(_NAME_RUN, "其中科创50\\n", 0, 7)[0]
    '其中科创50'
    """
    if hi > lo and text[hi - 1] == "\n":
        hi -= 1
    return pattern.match(text, lo, hi)


_ETF_WORD = regex.compile("ETF")
_OPEN_NAME = regex.compile(r"[\p{Han}A-Za-z0-9\-ⅡⅢ]+")
_JOINT = regex.compile("和|及|与")
_COUNTED = regex.compile(r"[0-9一二三四五六七八九十]+只")


@dataclass(slots=True, unsafe_hash=True)
class Mention:
    """A subject named in the text: [start, end) covers the name (and its bracketed code)."""

    start: int
    end: int
    name: str
    kind: EntityKind
    code: str | None = None
    exchange: str | None = None
    priority: int = 0
    count_phrase: bool = False  # 有18只行业主题ETF: a count of funds, not a subject
    group_name: str | None = None  # 6只指数ETF: the counted group, the subject of a 合计
    entity: bool = True  # False: words read where a name stands that name no entity


@cache
def _named_words() -> WordFinder:
    """The names the lexicon lists (indices, markets, actors, categories, commodities) and the
    managers as 华夏基金, found as a longest-first alternation would find them."""
    lex = load_subject_lexicon()
    words = [*lex.indices, *lex.markets, *lex.actors, *lex.categories, *lex.commodities]
    return WordFinder([*words, *(f"{m}基金" for m in issuers())])


@cache
def _anaphora() -> regex.Pattern[str]:
    return regex.compile(alternation(load_subject_lexicon().anaphora))


@cache
def _stop_pattern() -> regex.Pattern[str]:
    """The edge stops; a one-character time word stops a name only as a time (2025年, not
    the maturity of 10年期国债ETF or the 月度 of a name)."""
    stops = load_subject_lexicon().edge_stops
    words = [w for w in stops if w not in _TIME_CHARS]
    times = "".join(c for c in _TIME_CHARS if c in stops)
    return regex.compile(f"{alternation(words)}|[{times}](?![期度化线份])")


_TIME_CHARS = "年月日周"


@lru_cache(maxsize=16384)
def kind_of(name: str) -> EntityKind:
    """The subject kind a name's head suggests.

    >>> kind_of("沪深两市股票型ETF"), kind_of("易方达创业板ETF"), kind_of("中证信创指数")
    ('category', 'etf', 'index')
    """
    lex = load_subject_lexicon()
    if name in lex.markets or name in lex.actors:
        return "market"
    if name in lex.indices or name.endswith(("指数", "成指")) or _SHORT_INDEX.search(name):
        return "index"
    if name in lex.sectors:
        return "sector"
    if name in lex.categories:
        return "category"
    if name in lex.commodities:
        return "other"
    if _CLASSIFIED.match(name) and known_names().is_stock(name):
        return "stock"  # 中信证券 is a listed broker, not 中信's 证券 industry
    if _CLASSIFIED.sub("", name) in lex.sectors:
        return "sector"
    if name in lex.themes:
        return "category"
    if name.endswith("基金") and name[:-2] in lex.managers:
        return "manager"
    if _CATEGORY_ETF.search(name):
        return "category"
    if _COUNTED.match(name) or name.startswith(("全市场", "沪深两市", "两市")):
        return "category"
    if "ETF" in name:
        return "etf"
    if name.endswith("基金"):
        return "category"
    if known_names().is_sector(_CLASSIFIED.sub("", name)) or _SECTOR_HEAD.search(name):
        return "sector"
    if _MARKET_HEAD.search(name):
        return "market"
    if _GROUP_HEAD.search(name):
        return "category"
    return "stock"


def _left_edge(norm: str, start: int, end: int) -> int:
    """Move ``start`` right past the last stop word inside norm[start:end], then back to the
    start of the jieba word it would cut (被动型科技ETF keeps 被动, though 被 is a stop)."""
    return start + _left_cut(norm[start:end])


@lru_cache(maxsize=16384)
def _left_cut(window: str) -> int:
    best = max((m.end() for m in _stop_pattern().finditer(window, overlapped=True)), default=0)
    if 0 < best < len(window):
        edges = boundaries(window)
        while best > 0 and best not in edges:
            best -= 1
    return best


def _extend_left(norm: str, pos: int, limit: int = 16) -> int:
    """The start of the run of name characters ending at ``pos``, cut at stop words."""
    run = _ending_at(_NAME_RUN, norm, max(0, pos - limit), pos)
    start = run.start() if run else pos
    return _left_edge(norm, start, pos)


def _with_code(
    norm: str, text: str, start: int, end: int, kind: EntityKind, priority: int = 0
) -> Mention | None:
    name = text[start:end].strip()
    if not name or name in ("ETF", "ETF基金"):
        return None
    code = exchange = None
    m = code_after(norm, end)
    if m:
        code, exchange = parse_code(code_of(m))
        if not m["said"]:  # ，代码为510300 is a clause of its own: the name ends before it
            end = m.end()
        if kind == "category" and _FUND_CODE.fullmatch(code):
            kind = "etf"  # 广发石油天然气基金（基金代码：162719）: a coded fund is one fund
    count = _COUNTED.match(name)
    counted = bool(count) and norm[start - 1 : start] == "有"
    if count and len(name) > count.end():  # 3只港股相关ETF names the category 港股相关ETF
        return Mention(
            start + count.end(),
            end,
            name[count.end() :],
            kind,
            code,
            exchange,
            priority,
            counted,
            group_name=name,
        )
    return Mention(start, end, name, kind, code, exchange, priority, counted)


@cache
def _managers() -> str:
    return alternation(issuers())


@cache
def _etf_tail(managers: str) -> regex.Pattern[str]:
    """What may follow ETF in a fund's name: 基金, 联接, the issuer (沪深300ETF华泰柏瑞)."""
    return regex.compile(rf"基金|联接|{managers}|-[A-Za-z]+")


def _etf_mentions(norm: str, text: str) -> list[Mention]:
    found = []
    managers = _managers()
    for m in _ETF_WORD.finditer(norm):
        head = m.start()
        spaced = head >= 2 and norm[head - 1] == " " and norm[head - 2].isascii()
        start = _extend_left(norm, head - 1 if spaced else head)
        if start >= head - spaced:
            continue  # a bare "ETF" names no fund
        end = m.end()
        tail = _etf_tail(managers).match(norm, end)
        if tail:
            end = tail.end()
        mention = _with_code(norm, text, start, end, kind_of(text[start:end]), priority=2)
        if mention:
            found.append(mention)
    return found


def _headed(
    norm: str, text: str, pattern: regex.Pattern[str], kind: EntityKind, shortest: int
) -> list[Mention]:
    """Names ending in a head word (…指数, …基金), read leftwards from each head."""
    out = []
    for m in pattern.finditer(norm):
        run = _ending_at(_NAME_RUN, norm, max(0, m.start() - 16), m.start())
        if run is None or run.end() - run.start() < shortest:
            continue
        start = _left_edge(norm, run.start(), m.end())
        if m.end() - start < 3 or _GENERIC_HEAD.search(norm, start, m.end()):
            continue
        mention = _with_code(norm, text, start, m.end(), kind)
        if mention:
            out.append(mention)
    return out


def _stock_mentions(norm: str, text: str) -> list[Mention]:
    """中际旭创（300308）, 騰訊控股（00700）: a name with a stock code in brackets."""
    out = []
    for m in CODE_IN_BRACKETS.finditer(norm):
        name = _ending_at(_STOCK_NAME, norm, max(0, m.start() - 13), m.start())
        if name is None:
            continue
        start = _left_edge(norm, name.start(), m.start())
        mention = _with_code(norm, text, start, m.start(), "stock")
        if (
            mention
            and mention.code
            and _is_stock_code(mention.code)
            and "ETF" not in name[0]
            and not name[0].endswith(("指数", "基金"))
        ):
            out.append(mention)
    return out


_EDGE_REACH = 6  # characters each side of a name that jieba sees when its edges are checked


def _known_stocks(norm: str, text: str, known: KnownNames) -> list[Mention]:
    """宁德时代, 贵州茅台（600519）: a listed stock's name on jieba word edges (not 中国平安 in
    中国平安银行卡), with its code when one follows."""
    out = []
    for start, end in known.find(norm):
        if mention_is_speaker(norm, end):
            continue  # 国金证券表示: a broker quoted, not a subject
        if not _word_at(norm, start, end):
            continue
        if norm[start:end] in known.funds:  # 华宝油气: a LOF as the news writes it
            mention = _with_code(norm, text, start, end, "etf")
            if mention is not None:
                out.append(mention)
            continue
        mention = _with_code(norm, text, start, end, "stock")
        if mention is not None and (mention.code is None or _is_stock_code(mention.code)):
            out.append(mention)
    return out


# What a source of an opinion or a figure is followed by: 国金证券表示, 据中信证券统计.
_SPEAKER = regex.compile(
    r"(?:研究所|研究院|分析师|首席)?(?:表示|认为|指出|称|预计|预测|分析|研报|统计|数据显示)"
)


def mention_is_speaker(norm: str, end: int) -> bool:
    """True when the name ending at ``end`` is followed by a speech or source verb."""
    return _SPEAKER.match(norm, end) is not None


_COMMODITY_TAIL = regex.compile(r"协会|交易所|公司|集团|股|ETF|基金|类|板块|概念|行业|产业|期货")
_FUND_CODE = regex.compile(r"5[0-9]{5}|1[56][0-9]{4}")  # exchange-traded fund codes (spec §4)
# A fund's code standing where its name would, before a metric word: 588000净流入超120亿元.
_BARE_FUND_CODE = regex.compile(
    r"(?<![0-9A-Za-z.])(?:5[0-9]{5}|1[56][0-9]{4})(?=净|份额|规模|成交|获|遭|资金)"
)


def _bare_fund_codes(norm: str, text: str) -> list[Mention]:
    """Fund codes used as names (其中588000净流入超120亿元，588080净流入约85亿元)."""
    return [
        Mention(m.start(), m.end(), text[m.start() : m.end()], "etf", m[0], exchange_of(m[0]))
        for m in _BARE_FUND_CODE.finditer(norm)
    ]


def _is_stock_code(code: str) -> bool:
    return len(code) == 5 or code[:2] in ("60", "68", "00", "30") or code[0] in "48"


def find_mentions(
    norm: str, text: str | None = None, known: KnownNames | None = None
) -> list[Mention]:
    """Named subjects in ``norm`` (the normalized text); names are read from ``text``.
    ``known``: the stock names to recognize (default: the built-in master's)."""
    text = norm if text is None else text
    known = known or known_names()
    found = (
        _etf_mentions(norm, text) + _stock_mentions(norm, text) + _known_stocks(norm, text, known)
    )
    found += _bare_fund_codes(norm, text)
    for start, end, word in _named_words().find(norm):
        if end - start <= 2 and not _word_at(norm, start, end):
            continue  # 日内资金 holds no 内资: a two-character name must be a word there
        if _COMMODITY_TAIL.match(norm, end) and kind_of(word) == "other":
            continue  # 世界黄金协会, 黄金ETF, 黄金股: the commodity names something else
        found.append(
            _with_code(norm, text, start, end, kind_of(word), 1)
            or Mention(start, end, word, "market")
        )
    found += _headed(norm, text, _INDEX_HEAD, "index", shortest=1)
    found += [  # 净卖出A股: a metric word before the head is no part of a market's name
        m
        for m in _headed(norm, text, _SHARE_CLASS_HEAD, "market", shortest=2)
        if not has_trigger(m.name)
    ]
    found += [
        m for m in _headed(norm, text, _FUND_HEAD, "category", shortest=2) if "ETF" not in m.name
    ]
    return resolve_overlaps(found)


_OPEN_TRIM = regex.compile(
    r"^[*\s]*(?:(?:其中|此外|另外|同时|个股方面|个股上|成分股中|成分股|成份股|权重股|另一权重股"
    r"|下跌方面|上涨方面|尽管|虽然|但是|但|而且|而|并且|不过|然而|与此同时|其他热门个股包括|包括"
    r"|期间|同期|其间|累计|合计|对应|相应|仅有|只有|仅|[^，,；;。]{0,12}的(?:行业|板块|个股|ETF|基金|产品|品种)?(?:是|为|有)|从[^，,；;。]{1,8}看|[\p{Han}]{1,4}来看"
    r"|[\p{Han}]{1,4}方面|[\p{Han}]{1,4}面上|[\p{Han}]{0,6}龙头)[，,：:、\s]?)+"
)

_OPEN_TAIL = regex.compile(
    r"(?r)(?:分别|均|也|则|遭|被|获|都|已|今日|当日|全天|本周|单日|资金|以|仍|特大单|超大单|大单|主力"
    # a measure named after the names: …和传媒指数涨幅居前
    r"|涨跌幅|涨幅|跌幅|净流入额|净流出额|净买入额|成交额|换手率"
    # a rank or a direction said of the names: 中国联通紧随其后, 钢铁流出居前
    r"|紧随其后|紧随|居前|居后|居首|次之|靠前|靠后|领涨|领跌|净流入|净流出|流入|流出|净买入|净卖出"
    # a count of the names listed: 传媒、通信两个行业分别流入超3亿元
    r"|[两二三四五六七八九十0-9]+个(?:行业|板块|指数)|[两二三四五六七八九十0-9]+只(?:个股|股票|ETF|基金)?)+"
)
# A verb after the names ends them: 中兴通讯和中芯国际分列二、三位.
_OPEN_VERB = regex.compile(
    r"等|分列|位列|位居|居前|居首|领跑|成为|受到|受|获得|实现|录得|出现|呈现"
    r"|保持|维持|继续|持续|连续|大幅|显著|明显|再度|首次|一度|甚至|遭遇|迎来|表现|获(?=[\p{Han}]{2}资金)"
    r"|转为|转而|依旧|依然|较(?=上|前|昨|去|同期)|相较|相比|相对|落后|靠前|靠后|居后|领先"
)


def open_subjects(
    text: str, norm: str, start: int, end: int, known: KnownNames | None = None
) -> list[Mention]:
    """Names written in norm[start:end] before a trigger: 宁德时代、美的集团分别获 → two stocks.
    A name read as a stock that ``known`` does not list (and that has no code) is marked as
    no entity: 最新均价净流入 names nothing."""
    return [
        Mention(start + s, start + e, text[start + s : start + e], kind, code=code, entity=entity)
        for s, e, kind, code, entity in _open_names(norm[start:end], known or known_names())
    ]


@lru_cache(maxsize=16384)
def _open_names(
    region: str, known: KnownNames
) -> tuple[tuple[int, int, EntityKind, str | None, bool], ...]:
    """The names of one region, as (start, end, kind, code, entity) within it; the same words
    before a trigger recur across articles, so the reading is cached."""
    lead = _OPEN_TRIM.match(region)
    offset = lead.end() if lead else 0
    words = region[offset:]
    if _anaphora().match(words) or _HYPOTHETICAL.match(words):
        return ()  # 该ETF合计获得…, 假设某ETF: a word referring back or to no one, not a name
    verb = _OPEN_VERB.search(words)
    if verb:
        words = words[: verb.start()]
    tail = _ending_at(_OPEN_TAIL, words, 0, len(words))
    if tail:
        words = words[: tail.start()]
    out = []
    for s, part in _split_names(words, offset):
        name = part.strip()
        trailing = CODE_ENDING.search(name)
        code = parse_code(code_of(trailing))[0] if trailing and trailing.start() > 0 else None
        if code:
            name = name[: trailing.start()]
        if len(name) >= 3 and name[0] in "和及与" and not _is_known(name):
            name = name[1:]  # 电子、计算机和机械（4.21%）: the list's last name after its 和
        if 2 <= len(name) <= 12 and _OPEN_NAME.fullmatch(name):
            s += part.index(name)
            if not _on_word_edges(region, 0, len(region), s, s + len(name)):
                continue  # 和软件 would cut 润和软件: not a name
            kind = kind_of(name)
            # 最新均价, 一周: read as a name, but no entity, so its facts are dropped; so is a
            # bare count of generic things (6只, 共9个行业, 24只产品)
            entity = (kind != "stock" or bool(code) or _is_stock_name(name, known)) and not (
                _GENERIC_COUNT.fullmatch(name)
            )
            out.append((s, s + len(name), kind, code, entity))
        elif name:
            return ()
    return tuple(out)


_HYPOTHETICAL = regex.compile(r"假设|假如|如果|某")
_GENERIC_COUNT = regex.compile(
    r"(?:共|有|约)?[0-9一二三四五六七八九十两]+(?:只|个|家|個)(?:产品|行业|行業|个股|股票|板块|公司)?"
)
_TICKER = regex.compile(r"[A-Z]{2,5}")  # IYW, NVDA: a ticker is a code


def _is_stock_name(name: str, known: KnownNames | None = None) -> bool:
    """A listed stock (the master), a name in a listing's form (美团-W), or a ticker."""
    return (
        (known or known_names()).is_stock(name)
        or bool(LISTING_SUFFIX.search(name))
        or bool(_TICKER.fullmatch(name))
    )


# What jieba cuts text into blocks at: a name between two such characters is on word edges.
_WORD_CHAR = regex.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]")


def _set_apart(norm: str, start: int, end: int) -> bool:
    """True when no word character touches norm[start:end] on either side (、宁德时代，)."""
    return not (start and _WORD_CHAR.match(norm, start - 1)) and not (
        end < len(norm) and _WORD_CHAR.match(norm, end)
    )


def _word_at(norm: str, start: int, end: int) -> bool:
    """True when norm[start:end] begins and ends on word edges (text around it included)."""
    if _set_apart(norm, start, end):
        return True
    lo, hi = max(0, start - _EDGE_REACH), min(len(norm), end + _EDGE_REACH)
    return _on_word_edges(norm, lo, hi, start, end)


@lru_cache(maxsize=16384)
def _is_known(name: str) -> bool:
    """A name the lexicon or the master knows as one subject."""
    lex = load_subject_lexicon()
    return (
        name in lex.sectors
        or name in lex.themes
        or known_names().is_sector(name)
        or (_is_stock_name(name))
    )


def _on_word_edges(norm: str, lo: int, hi: int, start: int, end: int) -> bool:
    """True when [start, end) begins and ends on jieba word boundaries of norm[lo:hi]."""
    edges = boundaries(norm[lo:hi])
    return (start - lo) in edges and (end - lo) in edges


def _split_names(region: str, offset: int) -> list[tuple[int, str]]:
    """Split a list of names at 、 always and at 和/及/与 where every part keeps two or more
    characters (同花顺和润和软件 → 同花顺, 润和软件), unless the whole is one known name
    (汽车与零配件, an industry). Returns (start, part) pairs."""
    out: list[tuple[int, str]] = []
    pos = offset
    for piece in region.split("、"):
        whole = piece.strip()
        joints = [] if _is_known(whole) else [m.start() for m in _JOINT.finditer(piece)]
        best = [piece]
        for k in range(len(joints), 0, -1):
            for combo in itertools.combinations(joints, k):
                bounds = [0, *combo, len(piece)]
                parts = [piece[a + (a > 0) : b] for a, b in itertools.pairwise(bounds)]
                if all(len(p.strip()) >= 2 for p in parts):
                    best = parts
                    break
            if len(best) > 1:
                break
        cursor = pos
        for part in best:
            start = piece.index(part, cursor - pos) + pos
            out.append((start, part))
            cursor = start + len(part)
        pos += len(piece) + 1
    return out

"""Chinese tokens for BM25: a private jieba tokenizer that knows the domain's vocabulary.

The index side and the query side cut differently, on purpose:

- `tokenize_for_index` keeps jieba's precise cut *and* every dictionary word found inside a
  longer word (行政复议 -> 行政复议, 行政, 复议), like jieba's search mode but for sub-words of
  any length (search mode only looks at 2- and 3-character ones, so 政府信息公开 inside a long
  template label would be lost).
- `tokenize_query` uses the precise cut only, so a domain term in a question stays one token
  and keeps its own (high) IDF instead of being drowned by 政府 and 公开, which every report has.

Because the index holds both the whole words and their parts, whichever way a phrase is cut in
a question, its tokens are in the index. Both sides normalize the same way (NFKC, simplified,
lower case), so traditional or full-width input gives the same tokens.

No module state: `default_tokenizer()` is an explicit per-process cache (`cache_clear()`
resets it), never mutated here; `new_tokenizer(names)` returns a copy the caller owns.
"""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from collections.abc import Container, Iterable
from functools import cache, lru_cache

import jieba

from ingest.normalize import normalize_text, to_simplified
from ingest.template import (
    FIELD_CATALOG,
    S2_ROWS,
    S3_COLUMNS,
    S3_GROUP_LABELS,
    S3_HEADER_GROUPS,
    S3_ROWS,
    S4_BLOCKS,
    S4_RESULTS,
    SECTION_TITLES,
)

__all__ = [
    "DOMAIN_TERMS",
    "STOPWORDS",
    "add_names",
    "default_tokenizer",
    "join_tokens",
    "new_tokenizer",
    "split_tokens",
    "template_labels",
    "tokenize_for_index",
    "tokenize_query",
]

# Terms of art of 政府信息公开 reports that jieba's stock dictionary cuts into pieces.
DOMAIN_TERMS: tuple[str, ...] = (
    "政府信息", "信息公开", "政府信息公开", "政府信息公开条例", "政府信息公开工作",
    "政府信息公开申请", "信息公开申请",
    "政务公开", "基层政务公开", "政务公开日", "政务公开专区", "政府信息公开专栏",
    "主动公开", "依申请公开", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
    "其他处理", "信息公开指南", "信息公开目录", "主动公开目录", "保密审查",
    "行政复议", "行政诉讼", "复议后起诉", "未经复议直接起诉", "结果维持", "结果纠正",
    "尚未审结", "信访举报投诉", "政府门户网站", "政府网站", "政务新媒体", "政务微博",
    "政务微信", "政务服务", "一网通办", "政策解读", "图解解读", "回应关切", "舆情回应",
    "新闻发布会", "重大行政决策", "决策预公开", "规范性文件", "行政规范性文件", "行政许可",
    "行政处罚", "行政强制", "行政事业性收费", "政府集中采购", "财政预决算", "信息处理费",
    "政府信息管理", "公开平台", "监督保障", "责任追究", "社会评议", "绩效考核",
    "年度报告", "工作年度报告", "三审三校", "先审后发", "建议提案", "人大代表建议",
    "政协委员提案", "政府开放日", "政府公报", "权责清单", "双随机一公开", "营商环境",
    "结转下年度", "上年结转", "本年新收", "办理结果", "依法答复", "申请人",
)  # fmt: skip

# Words that carry no retrieval signal in this genre; only whole tokens are dropped.
STOPWORDS: frozenset[str] = frozenset((
    "的", "了", "和", "与", "及", "等", "是", "在", "对", "为", "将", "并", "或", "也", "都",
    "而", "其", "之", "于", "以", "被", "把", "个", "这", "那", "我", "我们", "各", "该", "此",
    "及其", "以及", "进行", "一是", "二是", "三是", "四是", "五是", "有关", "相关", "方面",
))  # fmt: skip

_LABEL_SPLIT = re.compile(r"[\W_]+")
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# Whitespace between two Chinese characters: a PDF line wrap or letter-spacing, not a break.
_HAN_GAP = re.compile(rf"(?<={_HAN})\s+(?={_HAN})")
_MIN_SUBWORD = 2
_LONG_WORD = 3  # words at least this long get their dictionary sub-words indexed too


def template_labels() -> list[str]:
    """Every printed label of the national template, as the parts jieba can match
    (labels are split at punctuation, since jieba never matches a word across it)."""
    labels: list[str] = list(SECTION_TITLES.values())
    labels += [*S3_HEADER_GROUPS, *S3_GROUP_LABELS]
    labels += [label for c in S3_COLUMNS for label in c.labels]
    labels += [label for rows in S3_ROWS.values() for r in rows for label in r.labels]
    for rows in S2_ROWS.values():
        for row in rows:
            labels += [*row.labels, row.block]
            labels += [label for f in row.fields for label in f.labels]
    labels += [b.label for b in S4_BLOCKS] + [label for r in S4_RESULTS for label in r.labels]
    labels += [info.zh for info in FIELD_CATALOG.values()]
    parts = (p for label in labels for p in _LABEL_SPLIT.split(_normalize(label)))
    return sorted({p for p in parts if len(p) >= _MIN_SUBWORD and not p.isdigit()})


def _normalize(text: str) -> str:
    """The one form both sides tokenize: NFKC, simplified, lower case, no wraps inside words."""
    return _HAN_GAP.sub("", to_simplified(normalize_text(text)).lower())


@cache
def default_tokenizer() -> jieba.Tokenizer:
    """The process's shared tokenizer (stock dictionary + domain terms + template labels).

    Built once, on first use (about a second). Treat it as read-only: to add agency names,
    take `new_tokenizer(names)`, which copies it.
    """
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in sorted({*map(_normalize, DOMAIN_TERMS), *template_labels()}):
        tokenizer.add_word(term)
    return tokenizer


def new_tokenizer(names: Iterable[str] = ()) -> jieba.Tokenizer:
    """A private copy of the default tokenizer, plus `names` (agencies, regions)."""
    base = default_tokenizer()
    tokenizer = copy.copy(base)
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.user_word_tag_tab = dict(base.user_word_tag_tab)
    add_names(tokenizer, names)
    return tokenizer


def add_names(tokenizer: jieba.Tokenizer, names: Iterable[str]) -> int:
    """Make each name (an agency, a region) one token of `tokenizer`; returns how many were new.

    Mutates `tokenizer`: give it one from `new_tokenizer()`, not the shared default.
    """
    added = 0
    for name in names:
        for part in _LABEL_SPLIT.split(_normalize(name)):
            if len(part) >= _MIN_SUBWORD and not part.isdigit() and not tokenizer.FREQ.get(part):
                tokenizer.add_word(part)
                added += 1
    return added


@lru_cache(maxsize=1 << 16)  # a few thousand distinct words make up most of any corpus
def _keep(token: str) -> bool:
    """Words, numbers and Latin words survive; punctuation, spaces and stopwords do not."""
    if token in STOPWORDS or not token.strip():
        return False
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def _subwords(tokenizer: jieba.Tokenizer, word: str) -> list[str]:
    """Dictionary words strictly inside `word`, in order of position then length."""
    freq = tokenizer.FREQ
    found: list[str] = []
    for i in range(len(word)):
        for j in range(i + _MIN_SUBWORD, len(word) + 1):
            piece = word[i:j]
            if piece not in freq:  # FREQ holds every prefix of every word: stop extending
                break
            if freq[piece] and piece != word:
                found.append(piece)
    return found


def tokenize_for_index(text: str, tokenizer: jieba.Tokenizer | None = None) -> list[str]:
    """Tokens a passage is indexed under: precise cut plus in-dictionary sub-words."""
    text = _normalize(text)
    if tokenizer is None or tokenizer is default_tokenizer():
        tokens: list[str] = []
        for block in _JIEBA_BLOCK.split(text):
            if block:
                tokens += _default_block_tokens(block)
        return tokens
    return _index_tokens(tokenizer, text)


# jieba cuts a text block by block (runs of Han, Latin letters and digits, and what lies
# between them), each on its own: the tokens of a text are its blocks' tokens in order.
_JIEBA_BLOCK = jieba.re_han_default


@lru_cache(maxsize=1 << 17)
def _default_block_tokens(block: str) -> tuple[str, ...]:
    """One block's index tokens with the default tokenizer. Reports repeat the genre's set
    phrases (依申请公开, 根据《中华人民共和国政府信息公开条例》…) in clause after clause and report
    after report, and jieba's cut was most of the CPU of indexing a report. The default
    tokenizer is built from constants, so a block's tokens never change."""
    return tuple(_index_tokens(default_tokenizer(), block))


def _index_tokens(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    tokens: list[str] = []
    for word in tokenizer.cut(text):
        if not _keep(word):
            continue
        if len(word) >= _LONG_WORD:
            tokens += [w for w in _subwords(tokenizer, word) if _keep(w)]
        tokens.append(word)
    return tokens


def tokenize_query(
    text: str,
    tokenizer: jieba.Tokenizer | None = None,
    vocabulary: Container[str] | None = None,
) -> list[str]:
    """Tokens of a question: precise cut only, so domain terms stay whole.

    With the index's `vocabulary`, a word no passage has (a long label, a name cut whole)
    backs off to its dictionary sub-words that some passage does have.
    """
    tokenizer = tokenizer or default_tokenizer()
    words = [w for w in tokenizer.cut(_normalize(text)) if _keep(w)]
    if vocabulary is None:
        return words
    tokens: list[str] = []
    for word in words:
        if word in vocabulary:
            tokens.append(word)
        else:
            tokens += [w for w in _subwords(tokenizer, word) if _keep(w) and w in vocabulary]
    return tokens


def join_tokens(tokens: Iterable[str]) -> str:
    """The stored form of a token list (the passages table's `tokens` column)."""
    return " ".join(tokens)


def split_tokens(stored: str) -> list[str]:
    """Tokens back from their stored form (tokens never contain whitespace)."""
    return stored.split()

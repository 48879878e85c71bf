"""Text normalization: one canonical form for matching, the original kept for display.

`normalize_text` is line-preserving (it never adds or removes a newline), so a line number
in normalized text is a line number in the original. `match_key` goes further, for comparing
labels and names: simplified Chinese, no whitespace, no punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# CJK Radicals Supplement (U+2E80-U+2EFF) -> the unified ideograph each one stands for.
# NFKC leaves this block alone (only the Kangxi Radicals block has compatibility mappings),
# yet PDF text extraction emits these code points for ordinary characters (⺠ for 民).
# Generated from the Unicode Character Database, EquivalentUnifiedIdeograph.txt.
RADICAL_TO_IDEOGRAPH: dict[int, int] = {
    0x2E81: 0x5382,  # ⺁ -> 厂
    0x2E82: 0x4E5B,  # ⺂ -> 乛
    0x2E83: 0x4E5A,  # ⺃ -> 乚
    0x2E84: 0x4E59,  # ⺄ -> 乙
    0x2E85: 0x4EBB,  # ⺅ -> 亻
    0x2E86: 0x5182,  # ⺆ -> 冂
    0x2E87: 0x20628,  # ⺇ -> 𠘨
    0x2E88: 0x5200,  # ⺈ -> 刀
    0x2E89: 0x5202,  # ⺉ -> 刂
    0x2E8A: 0x535C,  # ⺊ -> 卜
    0x2E8B: 0x353E,  # ⺋ -> 㔾
    0x2E8C: 0x5C0F,  # ⺌ -> 小
    0x2E8D: 0x5C0F,  # ⺍ -> 小
    0x2E8E: 0x5140,  # ⺎ -> 兀
    0x2E8F: 0x5C23,  # ⺏ -> 尣
    0x2E90: 0x5C22,  # ⺐ -> 尢
    0x2E91: 0x21BC2,  # ⺑ -> 𡯂
    0x2E92: 0x5DF3,  # ⺒ -> 巳
    0x2E93: 0x5E7A,  # ⺓ -> 幺
    0x2E94: 0x5F51,  # ⺔ -> 彑
    0x2E95: 0x5F50,  # ⺕ -> 彐
    0x2E96: 0x5FC4,  # ⺖ -> 忄
    0x2E97: 0x5FC3,  # ⺗ -> 心
    0x2E98: 0x624C,  # ⺘ -> 扌
    0x2E99: 0x6535,  # ⺙ -> 攵
    0x2E9B: 0x65E1,  # ⺛ -> 旡
    0x2E9C: 0x65E5,  # ⺜ -> 日
    0x2E9D: 0x6708,  # ⺝ -> 月
    0x2E9E: 0x6B7A,  # ⺞ -> 歺
    0x2E9F: 0x6BCD,  # ⺟ -> 母
    0x2EA0: 0x6C11,  # ⺠ -> 民
    0x2EA1: 0x6C35,  # ⺡ -> 氵
    0x2EA2: 0x6C3A,  # ⺢ -> 氺
    0x2EA3: 0x706C,  # ⺣ -> 灬
    0x2EA4: 0x722B,  # ⺤ -> 爫
    0x2EA5: 0x722B,  # ⺥ -> 爫
    0x2EA6: 0x4E2C,  # ⺦ -> 丬
    0x2EA7: 0x725B,  # ⺧ -> 牛
    0x2EA8: 0x72AD,  # ⺨ -> 犭
    0x2EA9: 0x738B,  # ⺩ -> 王
    0x2EAA: 0x24D14,  # ⺪ -> 𤴔
    0x2EAB: 0x76EE,  # ⺫ -> 目
    0x2EAC: 0x793A,  # ⺬ -> 示
    0x2EAD: 0x793B,  # ⺭ -> 礻
    0x2EAE: 0x25AD7,  # ⺮ -> 𥫗
    0x2EAF: 0x7CF9,  # ⺯ -> 糹
    0x2EB0: 0x7E9F,  # ⺰ -> 纟
    0x2EB1: 0x7F53,  # ⺱ -> 罓
    0x2EB2: 0x7F52,  # ⺲ -> 罒
    0x2EB3: 0x34C1,  # ⺳ -> 㓁
    0x2EB4: 0x5197,  # ⺴ -> 冗
    0x2EB5: 0x2626B,  # ⺵ -> 𦉫
    0x2EB6: 0x7F8A,  # ⺶ -> 羊
    0x2EB7: 0x2634C,  # ⺷ -> 𦍌
    0x2EB8: 0x2634B,  # ⺸ -> 𦍋
    0x2EB9: 0x8002,  # ⺹ -> 耂
    0x2EBA: 0x8080,  # ⺺ -> 肀
    0x2EBB: 0x807F,  # ⺻ -> 聿
    0x2EBC: 0x8089,  # ⺼ -> 肉
    0x2EBD: 0x26951,  # ⺽ -> 𦥑
    0x2EBE: 0x8279,  # ⺾ -> 艹
    0x2EBF: 0x8279,  # ⺿ -> 艹
    0x2EC0: 0x8279,  # ⻀ -> 艹
    0x2EC1: 0x864E,  # ⻁ -> 虎
    0x2EC2: 0x8864,  # ⻂ -> 衤
    0x2EC3: 0x8980,  # ⻃ -> 覀
    0x2EC4: 0x897F,  # ⻄ -> 西
    0x2EC5: 0x89C1,  # ⻅ -> 见
    0x2EC6: 0x89D2,  # ⻆ -> 角
    0x2EC7: 0x278B2,  # ⻇ -> 𧢲
    0x2EC8: 0x8BA0,  # ⻈ -> 讠
    0x2EC9: 0x8D1D,  # ⻉ -> 贝
    0x2ECA: 0x27FB7,  # ⻊ -> 𧾷
    0x2ECB: 0x8F66,  # ⻋ -> 车
    0x2ECC: 0x8FB6,  # ⻌ -> 辶
    0x2ECD: 0x8FB6,  # ⻍ -> 辶
    0x2ECE: 0x8FB6,  # ⻎ -> 辶
    0x2ECF: 0x9091,  # ⻏ -> 邑
    0x2ED0: 0x9485,  # ⻐ -> 钅
    0x2ED1: 0x9577,  # ⻑ -> 長
    0x2ED2: 0x9578,  # ⻒ -> 镸
    0x2ED3: 0x957F,  # ⻓ -> 长
    0x2ED4: 0x95E8,  # ⻔ -> 门
    0x2ED5: 0x28E0F,  # ⻕ -> 𨸏
    0x2ED6: 0x961D,  # ⻖ -> 阝
    0x2ED7: 0x96E8,  # ⻗ -> 雨
    0x2ED8: 0x9752,  # ⻘ -> 青
    0x2ED9: 0x97E6,  # ⻙ -> 韦
    0x2EDA: 0x9875,  # ⻚ -> 页
    0x2EDB: 0x98CE,  # ⻛ -> 风
    0x2EDC: 0x98DE,  # ⻜ -> 飞
    0x2EDD: 0x98DF,  # ⻝ -> 食
    0x2EDE: 0x2967F,  # ⻞ -> 𩙿
    0x2EDF: 0x98E0,  # ⻟ -> 飠
    0x2EE0: 0x9963,  # ⻠ -> 饣
    0x2EE1: 0x29810,  # ⻡ -> 𩠐
    0x2EE2: 0x9A6C,  # ⻢ -> 马
    0x2EE3: 0x9AA8,  # ⻣ -> 骨
    0x2EE4: 0x9B3C,  # ⻤ -> 鬼
    0x2EE5: 0x9C7C,  # ⻥ -> 鱼
    0x2EE6: 0x9E1F,  # ⻦ -> 鸟
    0x2EE7: 0x5364,  # ⻧ -> 卤
    0x2EE8: 0x9EA6,  # ⻨ -> 麦
    0x2EE9: 0x9EC4,  # ⻩ -> 黄
    0x2EEA: 0x9EFE,  # ⻪ -> 黾
    0x2EEB: 0x6589,  # ⻫ -> 斉
    0x2EEC: 0x9F50,  # ⻬ -> 齐
    0x2EED: 0x6B6F,  # ⻭ -> 歯
    0x2EEE: 0x9F7F,  # ⻮ -> 齿
    0x2EEF: 0x7ADC,  # ⻯ -> 竜
    0x2EF0: 0x9F99,  # ⻰ -> 龙
    0x2EF1: 0x9F9C,  # ⻱ -> 龜
    0x2EF2: 0x4E80,  # ⻲ -> 亀
    0x2EF3: 0x9F9F,  # ⻳ -> 龟
}

_RADICAL_TABLE = {k: chr(v) for k, v in RADICAL_TO_IDEOGRAPH.items()}
# Zero-width and formatting characters that extraction leaves inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Horizontal whitespace NFKC keeps as-is but that means a plain space to a reader.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000"), " ")
# All three in one pass (normalize_text runs on every line of every report).
_AFTER_NFKC: dict[int, str | None] = {**_RADICAL_TABLE, **_INVISIBLE, **_SPACES}
# Whether a text has any of them: most lines have none, and a character class search is many
# times cheaper than translate's per-character lookup.
_ANY_AFTER_NFKC = re.compile("[" + "".join(re.escape(chr(c)) for c in _AFTER_NFKC) + "]")
_KEY_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFKC + radicals + invisible characters + space variants; newlines are preserved."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_AFTER_NFKC) if _ANY_AFTER_NFKC.search(text) else text


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (郟縣 -> 郏县); other text passes through."""
    return _t2s().convert(text)


def match_key(text: str) -> str:
    """The form two labels or names are compared in: normalized, simplified, no spaces or
    punctuation, lower case. `match_key("（三） 不予公开") == match_key("(三)不予公開")`."""
    return _KEY_DROP.sub("", to_simplified(normalize_text(text))).lower()

"""The words of agency names: how people shorten the department part (人民政府办公室 -> 政府办,
卫生健康委员会 -> 卫健委), and how to tell an agency-like or region-like name in a question from
ordinary words (火星市气象局 is a name; 全县, 城市 and 哪些区 are not). qa_app/agencies.py uses
these to index stored names and to notice names the corpus does not have.
"""

from __future__ import annotations

import re

from ingest.gazetteer import GENERIC_PLACE_ENDINGS
from ingest.normalize import match_key

# The department part of a name -> the short forms people use for it.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "人民政府办公室": ("政府办公室", "政府办", "人民政府办", "府办"),
    "人民政府": ("政府",),
    "卫生健康委员会": ("卫健委", "卫生健康委", "卫健局"),
    "卫生和计划生育委员会": ("卫计委", "卫生计生委"),
    "发展和改革委员会": ("发改委", "发展改革委", "发改局"),
    "发展和改革局": ("发改局",),
    "人力资源和社会保障局": ("人社局", "人力资源社会保障局", "人力社保局"),
    "住房和城乡建设局": ("住建局", "住房城乡建设局"),
    "自然资源和规划局": ("自然资源局", "自规局", "资规局", "规划局"),
    "市场监督管理局": ("市场监管局", "市监局"),
    "政务服务和大数据管理局": ("大数据局", "政数局", "政务服务局", "大数据管理局"),
    "文化广电和旅游局": ("文广旅局", "文旅局", "文化和旅游局"),
    "文化广电旅游局": ("文广旅局", "文旅局"),
    "生态环境局": ("环保局", "环境局"),
    "农业农村局": ("农业局", "农业农村委"),
    "退役军人事务局": ("退役军人局",),
    "交通运输局": ("交通局",),
    "城市管理局": ("城管局",),
    "城市管理综合执法局": ("城管局", "城管执法局"),
    "医疗保障局": ("医保局",),
    "应急管理局": ("应急局",),
    "信访局": ("信访办",),
    "公共资源交易中心": ("交易中心",),
}
# Generic endings shortened by rule when no abbreviation is listed: 委员会 -> 委, 管理局 -> 局.
RULE_ENDINGS: tuple[tuple[str, str], ...] = (("委员会", "委"), ("管理局", "局"))
# Short forms too generic to name a department on their own, without a region in front.
NOT_STANDALONE = frozenset(
    {"政府", "府办", "政府办", "人民政府办", "政府办公室", "办公室", "委员会"}
)
# A level character in front of these departments names them at that level (县政府办).
LEVEL_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "人民政府": ("人民政府", "政府"),
    "人民政府办公室": ("人民政府办公室", "政府办公室", "政府办", "府办"),
}
LEVEL_CHARS = "县市区"
# Words a question puts before a name that are not part of it (请问火星市气象局).
LEADING_FILLERS = (
    "请问", "我想知道", "想知道", "告诉我", "查一下", "查询", "查看", "看看", "问一下", "关于",
    "对于", "那么", "以及", "和", "与", "及", "或", "跟", "同", "比较", "对比",
)  # fmt: skip
# Department endings that mark an agency-like name the corpus may not have (火星市气象局).
AGENCY_ENDINGS = (
    "人民政府办公室", "人民政府", "政府办公室", "政府办", "委员会", "办公室", "管理局", "局", "厅",
    "署", "中心", "法院", "检察院",
)  # fmt: skip
# Mentions that look agency-like but name no particular agency.
GENERIC_MENTIONS = frozenset({
    "人民政府", "政府办", "办公室", "委员会", "中心", "本机关", "行政机关", "机关", "各局", "该局",
    "本局", "管理局", "政府办公室",
})  # fmt: skip
# First characters that make a region-like word a pronoun or a quantifier (全县, 该市, 哪些区).
NOT_NAME_START = "各本全我该每其此这那哪某上下省市县区旗州"
NOT_AGENCY_START = "各本全我该每其此这那哪某"
# Characters that end a name when reading outwards from it (2024年火星市…, …的教育局).
BOUNDARY = frozenset("的年在是有了吗呢对比从到至向被为把给跟同由按等和与及或中里")

_REGION = r"[\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|自治州|自治区|县|市|区|旗|省)"
REGION_AT_START = re.compile(rf"^{_REGION}")
_REGION_WHOLE = re.compile(rf"^{_REGION}$")
AGENCY_LIKE = re.compile(rf"[\u4e00-\u9fff]{{1,12}}?(?:{'|'.join(AGENCY_ENDINGS)})")


def department_forms(department: str) -> set[str]:
    """人民政府办公室 -> {人民政府办公室, 政府办公室, 政府办, …}; 卫生健康委员会 -> {…, 卫健委}."""
    forms = {department, *ABBREVIATIONS.get(department, ())}
    for ending, short in RULE_ENDINGS:
        if department.endswith(ending) and len(department) > len(ending) + 1:
            forms.add(department[: -len(ending)] + short)
    return {match_key(f) for f in forms}


def plausible_region(name: str) -> bool:
    """示例县 and 火星市 may be places; 全县, 城市 and 开发区 are words."""
    return name[0] not in NOT_NAME_START and not name.endswith(GENERIC_PLACE_ENDINGS)


def plausible_agency(mention: str) -> bool:
    """火星市气象局 may be an agency; 本机关, 各局 and 多少…局 are not names."""
    return (
        len(mention) >= 3
        and mention not in GENERIC_MENTIONS
        and mention[0] not in NOT_AGENCY_START
        and "多少" not in mention
    )


def strip_fillers(segment: str) -> tuple[int, str]:
    """请问火星市气象局 -> (2, 火星市气象局): the offset and the rest."""
    offset, stripped = 0, True
    while stripped:
        stripped = False
        for filler in LEADING_FILLERS:
            if segment[offset:].startswith(filler) and len(segment) - offset > len(filler):
                offset += len(filler)
                stripped = True
    return offset, segment[offset:]


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def segments(keyed: str, blocked: set[int]) -> list[tuple[int, str]]:
    """Runs of Chinese characters not covered by a known name, split at particles (的, 年)."""
    out, start = [], None
    for i, char in enumerate([*keyed, " "]):
        inside = i not in blocked and is_cjk(char) and char not in BOUNDARY
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append((start, keyed[start:i]))
            start = None
    return out


def region_before(keyed: str, start: int, covered: set[int]) -> int | None:
    """Where an unknown region-like name starts that ends at `start` (火星市 + 教育局), if any."""
    begin = start
    while begin > 0 and begin - 1 not in covered and is_cjk(keyed[begin - 1]):
        if keyed[begin - 1] in BOUNDARY:
            break
        begin -= 1
    offset, run = strip_fillers(keyed[begin:start])
    if run and _REGION_WHOLE.match(run) and plausible_region(run):
        return begin + offset
    return None

"""China's provinces, cities and counties, and finding them in report text.

The places come from `adcodes.csv` in the `cpca` package (adcode, name, longitude, latitude).
It is read as a file, without importing `cpca`, because `import cpca` loads pandas.

Reports name their own region in three strengths: the full name (获嘉县), a short name in a
word (云上获嘉APP, 汝州信访局), or not at all (县委、县政府). Full names weigh 1, short names
0.5; a short or two-character name that is half of a common word (开平 in 公开平台, 范县 in
示范县) is no mention at all. A place whose parent city or province is also mentioned gains
weight, so 获嘉 + 新乡 picks 获嘉县 of 新乡市.

`Gazetteer.near_names` lists the names one character away from a name the gazetteer lacks
(沐阳县 -> 沭阳县, 泗阳县, …): the candidates `ingest.place_names` weighs when OCR misread one.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ingest.normalize import to_simplified

__all__ = [
    "Candidate",
    "Gazetteer",
    "Mention",
    "Place",
    "PlaceLevel",
    "RegionPrefix",
    "load_gazetteer",
    "read_places",
]

# Rows that are grouping codes, not places (北京市 -> 市辖区 -> 东城区).
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Real place names that are also ordinary words in reports ("城区" = urban area).
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区"})
# Name endings stripped to get a short name, longest first.
SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "林区", "新区", "省", "市", "县", "区", "旗", "州", "盟",
)  # fmt: skip
# Short names that are common words in government prose (平安建设, 公安机关, 合作, 共和国).
SHORT_STOPWORDS = frozenset({
    "和平", "新华", "长安", "向阳", "白云", "青山", "城关", "城中", "城东", "城西", "城南", "城北",
    "新城", "新市", "市中", "河东", "河西", "江北", "平安", "光明", "振兴", "东方", "中方", "安定",
    "红旗", "新兴", "大方", "通道", "吉利", "工农", "前进", "友好", "东风", "共和", "公安", "方正",
    "富裕", "合作", "江山", "长寿", "武功", "大通", "中山", "太平", "永和", "港口", "城厢", "爱民",
    "惠民", "富民", "兴业", "平原", "康乐", "资源", "安居", "中原", "上街",
})  # fmt: skip
# The 区-like character that each text level hint stands for.
KINDS = "县区市旗州盟"
FULL_WEIGHT = 1.0
SHORT_WEIGHT = 0.5
CITY_PARENT_BOOST = 0.5
PROVINCE_PARENT_BOOST = 0.25
MIN_SCORE = 1.0
# A region prefix the gazetteer lacks (示例县) must look like a name, not a common word.
FICTIONAL_REGION = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|县|市|区|旗)")
NOT_REGION_START = "各本全我该每省市县区旗"
GENERIC_PLACE_ENDINGS = (
    "园区", "景区", "社区", "新区", "城区", "开发区", "市区", "片区", "辖区", "库区", "矿区",
    "郊区", "山区", "灾区", "牧区", "校区", "小区", "集聚区", "示范区", "保税区", "试验区",
    "功能区", "城市", "都市",
)  # fmt: skip
# Stands for the one differing character in `Gazetteer.near_names` lookups.
WILDCARD = "\0"
# jieba dictionary frequency above which a two-character word counts as common.
COMMON_WORD_MIN_FREQ = 30


class PlaceLevel(StrEnum):
    """Where a place sits in the adcode: 2-digit province, 4-digit city, 6-digit county."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class Place(BaseModel):
    """One administrative division; the adcode fixes its province and city."""

    model_config = ConfigDict(frozen=True)

    adcode: str
    name: str

    @property
    def level(self) -> PlaceLevel:
        if self.adcode[2:].strip("0") == "":
            return PlaceLevel.PROVINCE
        if self.adcode[4:].strip("0") == "":
            return PlaceLevel.CITY
        return PlaceLevel.COUNTY

    @property
    def kind(self) -> str:
        """The level word a report uses for itself: 省, or the name's last 县/区/市/旗 character."""
        if self.level is PlaceLevel.PROVINCE:
            return "省"
        return self.name[-1] if self.name[-1] in KINDS else ""

    @property
    def province_code(self) -> str:
        return self.adcode[:2].ljust(len(self.adcode), "0")

    @property
    def city_code(self) -> str:
        return self.adcode[:4].ljust(len(self.adcode), "0")


class Mention(BaseModel):
    """A place name found in a text, and every place it may stand for."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    places: tuple[Place, ...]
    short: bool = False

    @property
    def weight(self) -> float:
        """A short name is weaker evidence than a full one."""
        return SHORT_WEIGHT if self.short else FULL_WEIGHT

    @property
    def is_weak(self) -> bool:
        """Short and two-character names can be a slice of a word (范县 in 示范县)."""
        return self.short or len(self.text) <= 2


class Candidate(BaseModel):
    """A place the text may be about, with the evidence weight behind it."""

    place: Place
    score: float
    mentions: int
    names: tuple[str, ...] = ()


class RegionPrefix(BaseModel):
    """A name split into its leading region names and the rest (郏县 + 人民政府)."""

    names: list[str] = Field(description="Canonical region names, outermost first.")
    rest: str
    known: bool = Field(False, description="The last region name is in the gazetteer.")


def short_name(name: str, nations: Iterable[str] = ()) -> str | None:
    """获嘉县 -> 获嘉, 本溪满族自治县 -> 本溪; None when under two characters are left."""
    stem = next((name[: -len(s)] for s in SUFFIXES if name.endswith(s)), name)
    stripped = True
    while stripped:
        stripped = False
        for nation in nations:
            for form in (nation, nation.removesuffix("族")):
                if len(form) >= 2 and stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem, stripped = stem[: -len(form)], True
                    break
            if stripped:
                break
    return stem if len(stem) >= 2 and stem != name else None


def read_places(csv_text: str) -> list[Place]:
    """Places from adcodes.csv text, without the grouping rows (市辖区)."""
    rows = csv.DictReader(io.StringIO(csv_text))
    return [
        Place(adcode=row["adcode"], name=row["name"])
        for row in rows
        if row["name"] not in PLACEHOLDERS
    ]


class _Matcher:
    """Every occurrence of any key in a text: Aho–Corasick when available, else scanning."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(keys)
        self.lengths = sorted({len(k) for k in self.keys}, reverse=True)
        self.ordered = sorted(self.keys)  # the automaton reports a key by its index here
        self.automaton = _automaton(self.ordered)

    def occurrences(self, text: str) -> list[tuple[int, str]]:
        if self.automaton is not None:
            found = self.automaton.find_matches_as_indexes(text, overlapping=True)
            return [(start, self.ordered[index]) for index, start, _ in found]
        return self.scan(text)

    def scan(self, text: str) -> list[tuple[int, str]]:
        """The fallback: look up every substring of a key's length at every position."""
        found = []
        for start in range(len(text)):
            for n in self.lengths:
                if text[start : start + n] in self.keys:
                    found.append((start, text[start : start + n]))
        return found


def _automaton(keys: list[str]):  # type: ignore[no-untyped-def]
    """An Aho–Corasick automaton over the keys, or None without ahocorasick-rs.

    ahocorasick-rs, not pyahocorasick: with six thousand place names, pyahocorasick searches
    its root's children one by one at every character (0.6 ms per 3,000-character report,
    a tenth of a text report's parse); the Rust automaton takes 0.05 ms. Both give every
    overlapping occurrence, with positions in characters.
    """
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    return ahocorasick_rs.AhoCorasick(keys)


class Gazetteer:
    """Lookups by full name, short name and adcode, and place finding in simplified text."""

    def __init__(
        self,
        places: Iterable[Place],
        nations: Iterable[str] = (),
        common_words: Iterable[str] = (),
    ) -> None:
        nations = tuple(nations)
        self.common_words = frozenset(common_words)
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = defaultdict(list)
        self.by_short: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            self.by_code[place.adcode] = place
            if place.name in GENERIC_NAMES:
                continue
            # Index the simplified spelling too: text goes through to_simplified (乾县 -> 干县).
            for form in {place.name, to_simplified(place.name)}:
                self.by_name[form].append(place)
            short = short_name(place.name, nations)
            if short and short not in SHORT_STOPWORDS:
                for form in {short, to_simplified(short)}:
                    self.by_short[form].append(place)
        self._matcher = _Matcher([*self.by_name, *self.by_short])

    def places_named(self, name: str) -> tuple[Place, ...]:
        """Every place with this full name (朝阳区 is in 北京 and in 长春)."""
        return tuple(self.by_name.get(name, ()))

    def near_names(self, name: str) -> list[tuple[str, int]]:
        """Full names one character away from `name`, the last (level) character kept:
        (name, index of the differing character). 沐阳县 -> (沭阳县, 0), (汝阳县, 0), …"""
        found = []
        for i in range(len(name) - 1):
            for other in self._one_off.get(name[:i] + WILDCARD + name[i + 1 :], ()):
                if other != name:
                    found.append((other, i))
        return found

    @cached_property
    def _one_off(self) -> dict[str, list[str]]:
        """Every full name under each key with one of its characters (not the last) masked."""
        index: dict[str, list[str]] = defaultdict(list)
        for name in self.by_name:
            for i in range(len(name) - 1):
                index[name[:i] + WILDCARD + name[i + 1 :]].append(name)
        return index

    def parent(self, place: Place) -> Place | None:
        """The city above a county (skipping 市辖区), else the province above it."""
        for code in (place.city_code, place.province_code):
            if code != place.adcode and code in self.by_code:
                return self.by_code[code]
        return None

    def path(self, place: Place) -> list[Place]:
        """Province first, then city, then the place itself."""
        chain = [place]
        while (up := self.parent(chain[0])) is not None:
            chain.insert(0, up)
        return chain

    def prefix(self, text: str) -> tuple[str, str] | None:
        """The longest full place name `text` starts with: (as written, canonical name)."""
        for n in range(min(len(text), 20), 1, -1):
            places = self.by_name.get(text[:n])
            if places:
                return text[:n], places[0].name
        return None

    def split_region(self, name: str) -> RegionPrefix:
        """Peel leading region names: 平顶山市郏县人民政府 -> [平顶山市, 郏县] + 人民政府.

        A prefix ending in 县/市/区/旗 counts even when the gazetteer lacks it (示例县), unless
        it reads as a common word (城市管理局, 开发区, 全县).
        """
        names: list[str] = []
        rest, known = name, False
        while rest:
            hit = self.prefix(rest)
            if hit is not None:
                (written, canonical), known = hit, True
            else:
                match = FICTIONAL_REGION.match(rest)
                if match is None or not _plausible_region(match.group(0)):
                    break
                written = canonical = match.group(0)
                known = False
            names.append(canonical)
            rest = rest[len(written) :]
        return RegionPrefix(names=names, rest=rest, known=known)

    def resolve(self, name: str, outer: list[str], mentions: list[Mention]) -> Place | None:
        """The one place a name means (朝阳区: 北京 or 长春?), by outer names, then by the text."""
        places = list(self.places_named(name))
        if outer:
            places = [p for p in places if set(outer) <= {q.name for q in self.path(p)}] or places
        if len(places) <= 1:
            return places[0] if places else None
        ranked = [c for c in self.rank(mentions, min_score=0.0) if c.place in places]
        if ranked and (len(ranked) == 1 or ranked[0].score > ranked[1].score):
            return ranked[0].place
        return None

    def find_mentions(self, text: str) -> list[Mention]:
        """Place names in simplified text, leftmost-longest, not overlapping."""
        occurrences = sorted(self._matcher.occurrences(text), key=lambda o: (o[0], -len(o[1])))
        mentions: list[Mention] = []
        end = 0
        for start, key in occurrences:
            if start < end:
                continue
            full = self.by_name.get(key)
            places = tuple(full) if full else tuple(self.by_short[key])
            mention = Mention(text=key, start=start, places=places, short=not full)
            if mention.is_weak and self._straddles_word(text, start, key):
                continue
            mentions.append(mention)
            end = start + len(key)
        return mentions

    def _straddles_word(self, text: str, start: int, key: str) -> bool:
        """开平 in 公开平台 and 范县 in 示范县: the name's edge is half of a common word."""
        end = start + len(key)
        left = text[start - 1 : start + 1] if start > 0 else ""
        right = text[end - 1 : end + 1] if end < len(text) else ""
        return left in self.common_words or right in self.common_words

    def rank(
        self, mentions: Iterable[Mention], kind: str | None = None, min_score: float = MIN_SCORE
    ) -> list[Candidate]:
        """Places by evidence, best first; with a level hint (县), only places of that kind."""
        mentions = list(mentions)
        weight: Counter[str] = Counter()
        count: Counter[str] = Counter()
        names: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            for place in mention.places:
                weight[place.adcode] += mention.weight
                count[place.adcode] += 1
                names[place.adcode].add(mention.text)
        candidates = [
            Candidate(
                place=self.by_code[code],
                score=weight[code] + _parent_boost(self.by_code[code], mentions),
                mentions=count[code],
                names=tuple(sorted(names[code])),
            )
            for code in weight
        ]
        pool = [c for c in candidates if c.score >= min_score]
        if kind:
            pool = [c for c in pool if c.place.kind == kind]
        return sorted(pool, key=lambda c: (-c.score, -c.mentions, c.place.adcode))


def _plausible_region(name: str) -> bool:
    """示例县 may be a place; 全县, 城市 and 开发区 are words."""
    return name[0] not in NOT_REGION_START and not name.endswith(GENERIC_PLACE_ENDINGS)


def _parent_boost(place: Place, mentions: list[Mention]) -> float:
    """A county whose city (or province) is named elsewhere is the more consistent reading.

    A mention that also names the place itself does not count: 新乡 stands for 新乡市 and
    新乡县, and must not make 新乡县 look confirmed by its own city.
    """
    named = {p.adcode for m in mentions if place not in m.places for p in m.places}
    boost = 0.0
    if place.level is PlaceLevel.COUNTY and place.city_code in named:
        boost += CITY_PARENT_BOOST
    if place.level is not PlaceLevel.PROVINCE and place.province_code in named:
        boost += PROVINCE_PARENT_BOOST
    return boost


def _package_file(package: str, name: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.is_file() else None


def read_common_words(dict_text: str, min_freq: int = COMMON_WORD_MIN_FREQ) -> set[str]:
    """Two-character words of a jieba-format dictionary ("word freq tag" lines)."""
    words = set()
    for line in dict_text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 2 and int(parts[1]) >= min_freq:
            words.add(parts[0])
    return words


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of cpca's adcodes.csv, built once per process (about 0.4 s).

    Short-name mentions are checked against jieba's dictionary (jieba is a declared dependency);
    without it, every short-name mention counts.
    """
    adcodes = _package_file("cpca", "resources/adcodes.csv")
    if adcodes is None:
        raise ModuleNotFoundError(
            "the place list comes from the `cpca` package; install it (`pip install -e .`)"
        )
    nations = _package_file("cpca", "resources/56_nations.csv")
    words = _package_file("jieba", "dict.txt")
    return Gazetteer(
        read_places(adcodes.read_text(encoding="utf-8")),
        nations.read_text(encoding="utf-8").split() if nations else (),
        read_common_words(words.read_text(encoding="utf-8")) if words else (),
    )

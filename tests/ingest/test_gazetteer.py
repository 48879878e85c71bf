"""The gazetteer: places from cpca's adcodes.csv, and finding them in report text."""

from __future__ import annotations

import pytest

from ingest.gazetteer import Gazetteer, Place, PlaceLevel, _Matcher, load_gazetteer, short_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def names(places: list[Place]) -> list[str]:
    return [p.name for p in places]


def test_load_is_cached_and_has_the_three_levels(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    (henan,) = gaz.places_named("河南省")
    (xinxiang,) = gaz.places_named("新乡市")
    (huojia,) = gaz.places_named("获嘉县")
    assert [henan.level, xinxiang.level, huojia.level] == [
        PlaceLevel.PROVINCE,
        PlaceLevel.CITY,
        PlaceLevel.COUNTY,
    ]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("获嘉县", ["河南省", "新乡市", "获嘉县"]),
        ("汝州市", ["河南省", "平顶山市", "汝州市"]),  # a county-level city
        ("郏县", ["河南省", "平顶山市", "郏县"]),
        ("朝阳县", ["辽宁省", "朝阳市", "朝阳县"]),
        ("东城区", ["北京市", "东城区"]),  # 北京's 市辖区 grouping row is skipped
    ],
)
def test_path_runs_from_province_to_place(gaz: Gazetteer, name: str, path: list[str]) -> None:
    (place,) = gaz.places_named(name)
    assert names(gaz.path(place)) == path


def test_duplicate_names_are_all_kept(gaz: Gazetteer) -> None:
    provinces = {gaz.path(p)[0].name for p in gaz.places_named("朝阳区")}
    assert provinces == {"北京市", "吉林省"}
    assert len(gaz.by_short["朝阳"]) >= 4  # 朝阳县, 朝阳市 and both 朝阳区


def test_grouping_rows_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.places_named("市辖区") == ()
    assert gaz.places_named("省直辖县级行政区划") == ()


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("获嘉县", "获嘉"),
        ("平顶山市", "平顶山"),
        ("本溪满族自治县", "本溪"),
        ("广西壮族自治区", "广西"),
        ("郏县", None),  # one character left: too short to look for
    ],
)
def test_short_name_drops_the_level_suffix(name: str, short: str | None) -> None:
    assert short_name(name, ["满族", "壮族"]) == short


def test_short_names_in_words_are_found(gaz: Gazetteer) -> None:
    found = gaz.find_mentions("通过云上获嘉APP发布，在《新乡日报》刊发")
    assert [(m.text, m.short) for m in found] == [("获嘉", True), ("新乡", True)]


def test_full_name_wins_over_the_short_name_inside_it(gaz: Gazetteer) -> None:
    (mention,) = gaz.find_mentions("《朝阳县报》")
    assert (mention.text, mention.short, mention.weight) == ("朝阳县", False, 1.0)


@pytest.mark.parametrize("text", ["政府信息公开平台建设", "基层政务公开示范县创建", "重新乡村"])
def test_a_name_that_is_half_of_a_word_is_not_a_mention(gaz: Gazetteer, text: str) -> None:
    # 开平 in 公开平台, 范县 in 示范县, 新乡 in 重新乡村
    assert gaz.find_mentions(text) == []


def test_county_with_its_city_named_beats_the_rest(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("云上获嘉APP，《新乡日报》")
    best = gaz.rank(mentions, kind="县")[0]
    assert best.place.name == "获嘉县"
    assert best.score == pytest.approx(1.0)  # 0.5 for 获嘉 + 0.5 for its city 新乡


def test_a_mention_does_not_confirm_its_own_place_through_the_parent(gaz: Gazetteer) -> None:
    # 新乡 names both 新乡市 and its 新乡县; alone it is not enough for 新乡县.
    ranked = gaz.rank(gaz.find_mentions("《新乡日报》"), kind="县")
    assert ranked == []


def test_level_hint_keeps_only_places_of_that_kind(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("新乡市、新乡市、新乡市与获嘉县")
    assert gaz.rank(mentions)[0].place.name == "新乡市"
    assert gaz.rank(mentions, kind="县")[0].place.name == "获嘉县"


@pytest.mark.parametrize(
    ("name", "regions", "rest", "known"),
    [
        ("平顶山市郏县人民政府", ["平顶山市", "郏县"], "人民政府", True),
        ("汝州市信访局", ["汝州市"], "信访局", True),
        ("示例县教育局", ["示例县"], "教育局", False),
        ("城市管理局", [], "城市管理局", False),
        ("市场监督管理局", [], "市场监督管理局", False),
        ("经济开发区管理委员会", [], "经济开发区管理委员会", False),
        ("县信访局", [], "县信访局", False),
    ],
)
def test_split_region_peels_leading_region_names(
    gaz: Gazetteer, name: str, regions: list[str], rest: str, known: bool
) -> None:
    prefix = gaz.split_region(name)
    assert (prefix.names, prefix.rest, prefix.known) == (regions, rest, known)


def test_resolve_picks_the_duplicate_the_text_supports(gaz: Gazetteer) -> None:
    in_beijing = gaz.resolve("朝阳区", [], gaz.find_mentions("北京市朝阳区"))
    in_changchun = gaz.resolve("朝阳区", [], gaz.find_mentions("长春市朝阳区"))
    assert in_beijing is not None and gaz.path(in_beijing)[0].name == "北京市"
    assert in_changchun is not None and gaz.path(in_changchun)[1].name == "长春市"
    assert gaz.resolve("朝阳区", [], gaz.find_mentions("朝阳区")) is None


def test_a_small_gazetteer_can_be_built_from_places() -> None:
    gaz = Gazetteer(
        [
            Place(adcode="990000000000", name="示例省"),
            Place(adcode="990100000000", name="样本市"),
            Place(adcode="990102000000", name="虚构县"),
        ]
    )
    (mention,) = gaz.find_mentions("虚构县人民政府")
    assert names(gaz.path(mention.places[0])) == ["示例省", "样本市", "虚构县"]


def test_scanning_fallback_finds_what_the_automaton_finds() -> None:
    matcher = _Matcher(["获嘉", "获嘉县", "新乡", "新乡市", "乡市"])
    text = "新乡市获嘉县《新乡日报》"
    expected = [(0, "新乡"), (0, "新乡市"), (1, "乡市"), (3, "获嘉"), (3, "获嘉县"), (7, "新乡")]
    assert sorted(matcher.scan(text)) == expected
    assert sorted(matcher.occurrences(text)) == expected
    # Positions count characters, also past one outside the BMP (4 bytes in UTF-8, 2 in UTF-16).
    shifted = [(start + 2, key) for start, key in expected]
    assert sorted(matcher.occurrences("𠀀 " + text)) == shifted
    assert matcher.automaton is not None  # the automaton, not the fallback, was compared


def test_near_names_differ_in_one_character_but_never_the_level_word(gaz: Gazetteer) -> None:
    near = dict(gaz.near_names("沐阳县"))
    assert near["沭阳县"] == 0 and near["泗阳县"] == 0
    assert "沭阳县" not in dict(gaz.near_names("沭阳县"))  # a name is not near itself
    assert all(name.endswith("县") for name in near)
    assert all(len(name) == 3 for name in near)
    assert "长乐市" not in dict(gaz.near_names("长乐区"))  # only the level word differs

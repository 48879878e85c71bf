"""OCR-misread place names corrected against the gazetteer, only when one place is clearly meant."""

from __future__ import annotations

import pytest

from ingest.gazetteer import Gazetteer, load_gazetteer
from ingest.place_names import correct_place
from ingest.shapes import Shapes, load_shapes


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return load_shapes()


def fix(name: str, gaz: Gazetteer, shapes: Shapes, text: str = "") -> str | None:
    found = correct_place(name, gaz, shapes, gaz.find_mentions(text))
    return found.corrected if found else None


@pytest.mark.parametrize(
    ("printed", "meant"),
    [
        ("沐阳县", "沭阳县"),  # 沭 = 氵朮, 沐 = 氵木
        ("洒洪县", "泗洪县"),  # 泗 = 氵四, 洒 = 氵西
        ("濉宁县", "睢宁县"),  # the water radical added
    ],
)
def test_a_name_one_look_alike_character_from_a_place_is_corrected(
    gaz: Gazetteer, shapes: Shapes, printed: str, meant: str
) -> None:
    assert fix(printed, gaz, shapes) == meant


def test_a_real_place_is_never_corrected(gaz: Gazetteer, shapes: Shapes) -> None:
    assert fix("泗阳县", gaz, shapes) is None  # 泗阳县 exists, though 沭阳县 looks alike


@pytest.mark.parametrize(
    "name",
    [
        "示例县",  # made up: no place is one character away
        "鄠邑区",  # a district newer than the gazetteer: nothing alike
        "长乐区",  # 长乐市 renamed: the level word is never changed
        "平潭综合实验区",
    ],
)
def test_names_without_a_look_alike_place_stay_as_printed(
    gaz: Gazetteer, shapes: Shapes, name: str
) -> None:
    assert fix(name, gaz, shapes) is None


def test_two_places_alike_in_shape_are_no_correction(gaz: Gazetteer, shapes: Shapes) -> None:
    # 苗 looks like 黄 and 蓟 alike: 黄州区 and 蓟州区 are both one character away.
    assert fix("苗州区", gaz, shapes) is None
    # 汫 is a little closer to 洪 (洪江市) than to 沅 (沅江市): still too close to choose.
    assert fix("汫江市", gaz, shapes) is None


def test_the_text_naming_a_parent_place_decides_between_look_alikes(
    gaz: Gazetteer, shapes: Shapes
) -> None:
    assert fix("苗州区", gaz, shapes, "黄冈市委、市政府部署") == "黄州区"
    assert fix("苗州区", gaz, shapes, "天津市各区") == "蓟州区"


def test_a_two_character_name_needs_the_texts_support(gaz: Gazetteer, shapes: Shapes) -> None:
    # 夹县 looks like 郏县, but a single character has too many neighbours to go by shape.
    assert fix("夹县", gaz, shapes) is None
    assert fix("夹县", gaz, shapes, "在平顶山市委的领导下") == "郏县"


def test_the_correction_carries_its_evidence(gaz: Gazetteer, shapes: Shapes) -> None:
    found = correct_place("沐阳县", gaz, shapes, gaz.find_mentions("宿迁市各县区"))
    assert found is not None
    assert found.path == ["江苏省", "宿迁市", "沭阳县"]
    assert (found.printed_parts, found.corrected_parts) == ("氵木", "氵朮")
    assert found.support == ["the text names its city 宿迁市"]
    assert found.runner_up is not None and found.runner_up.similarity < found.similarity
    warning = found.warning(times=3, line=1)
    assert warning.code == "place_name_corrected" and warning.line == 1
    for part in ("沐阳县 (printed 3×)", "read as 沭阳县 (江苏省宿迁市沭阳县)", "氵木 / 氵朮"):
        assert part in warning.message
    assert "the text names its city 宿迁市" in warning.message

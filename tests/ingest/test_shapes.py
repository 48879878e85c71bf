"""Shape similarity of characters: look-alikes OCR confuses score high, other characters low."""

from __future__ import annotations

import pytest

from ingest.shapes import SAME_PARTS, Shapes, load_shapes


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return load_shapes()


def test_a_table_of_parts_decides_the_score() -> None:
    # Made-up characters: B is A plus a dot, C shares nothing with A.
    table = {"A": [["x", "y"]], "B": [["A", "."]], "C": [["p", "q"]], "D": [["x", "y"]]}
    shapes = Shapes(table)
    assert shapes.similarity("A", "A") == 1.0
    assert shapes.similarity("A", "B") == pytest.approx(2 * 2 / (2 + 3))  # A's 2 strokes of B's 3
    assert shapes.similarity("A", "C") == 0.0
    assert shapes.similarity("A", "D") == SAME_PARTS  # the same parts, another character


@pytest.mark.parametrize(("printed", "meant"), [("沐", "沭"), ("洒", "泗"), ("濉", "睢")])
def test_ocr_confusions_are_alike(shapes: Shapes, printed: str, meant: str) -> None:
    assert shapes.similarity(printed, meant) >= 0.75


@pytest.mark.parametrize(("a", "b"), [("己", "已"), ("已", "巳"), ("土", "士")])
def test_characters_made_of_the_same_parts_are_as_alike_as_shapes_get(
    shapes: Shapes, a: str, b: str
) -> None:
    assert shapes.similarity(a, b) == SAME_PARTS


def test_the_character_that_adds_a_stroke_is_closer_than_one_that_swaps_a_part(
    shapes: Shapes,
) -> None:
    # 沭 is 沐 with a dot; 汝, 涡 and 泗 share only the water radical with it.
    close = shapes.similarity("沐", "沭")
    for other in "汝涡泗濮":
        assert close - shapes.similarity("沐", other) >= 0.1, other


@pytest.mark.parametrize(("a", "b"), [("全", "郏"), ("县", "区"), ("木", "口")])
def test_unrelated_shapes_score_low(shapes: Shapes, a: str, b: str) -> None:
    assert shapes.similarity(a, b) < 0.5


def test_similarity_is_symmetric_and_parts_are_shown(shapes: Shapes) -> None:
    assert shapes.similarity("沐", "沭") == shapes.similarity("沭", "沐")
    assert (shapes.parts("沐"), shapes.parts("沭")) == ("氵木", "氵朮")
    assert shapes.parts("一") == "一"  # a single stroke has no parts

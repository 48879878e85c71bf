"""What the app turns answers and reports into: report text reaches Markdown and HTML inert,
unmatched numbers are marked where they stand, and rendered tables highlight exactly the cells
asked for."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ingest.schema import CellStatus
from qa_app.answer.model import Mismatch
from qa_app.answer.views import PassageSpan, table_views
from qa_app.app.markup import fact_value, marked_answer, md_escape, passage_html, table_html
from qa_app.execution.evidence import Fact
from tests.app.helpers import highlighted
from tests.factories import make_report


@pytest.mark.parametrize(
    "hostile",
    [
        "[点此](http://evil.example)",
        "![x](http://evil.example/a.png)",
        "<script>alert(1)</script>",
        "$\\frac{1}{2}$",
        ":red[假的] **粗体** # 标题",
        "1. 列表",
    ],
)
def test_report_text_is_escaped_for_markdown(hostile: str) -> None:
    escaped = md_escape(hostile)
    for special in "[]()<>$:*#.!":
        assert all(
            escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch == special and i > 0
        )
    assert escaped.replace("\\", "") == hostile.replace("\\", "")


def test_line_breaks_survive_escaping() -> None:
    assert md_escape("第一行\n第二行") == "第一行  \n第二行"
    assert md_escape("第一行\r\n第二行") == "第一行  \n第二行"


def test_control_characters_in_names_are_shown_not_acted_on() -> None:
    name = "县政府\x1b[31m红\r覆盖\u202e反转"
    read = md_escape(name).replace("\\\\", "\\")  # as Markdown reads the escaped backslashes
    assert "\x1b" not in read and "\r" not in read and "\u202e" not in read
    assert "\\x1b" in read and "\\r" in read and "\\u202e" in read


def test_each_unmatched_number_is_marked_in_place() -> None:
    text = "行政复议9件，行政诉讼3件，共12件。"
    mismatches = [
        Mismatch(number="9", position=text.index("9"), reason="x"),
        Mismatch(number="12", position=text.index("12"), reason="y"),
        Mismatch(number="5", position=0, reason="stale position: not marked"),
    ]
    assert marked_answer(text, mismatches) == (
        "行政复议:red-background[**9**]件，行政诉讼3件，共:red-background[**12**]件。"
    )


def test_a_table_highlights_the_marked_cells_only() -> None:
    report = make_report(
        s4={"review_total": 7, "review_upheld": 7}, s3={"granted": [1, 0, 0, 0, 0, 0, 1]}
    )
    s3, s4 = table_views(report)[1:]
    assert highlighted(table_html(s4, [("s4", "review_total", None)])) == [
        ("行政复议", "总计", "7")
    ]
    marks = [("s3", "granted", "natural_person"), ("s3", "granted", "total")]
    assert highlighted(table_html(s3, marks)) == [
        ("（一）予以公开", "自然人", "1"),
        ("（一）予以公开", "总计", "1"),
    ]
    assert highlighted(table_html(s3)) == []


def test_the_view_highlight_is_rendered_too() -> None:
    report = make_report(s4={"litigation_direct_total": 3, "litigation_direct_upheld": 3})
    view = table_views(report, highlight=("s4", "litigation_direct_total", None))[2]
    assert highlighted(table_html(view)) == [("行政诉讼｜未经复议直接起诉", "总计", "3")]


def test_passages_are_html_escaped() -> None:
    span = PassageSpan(
        title="五、问题", before="<b>前</b>", passage="<img src=x onerror=1>", after="后"
    )
    soup = BeautifulSoup(passage_html(span), "html.parser")
    assert soup.find("img") is None and soup.find("b") is None
    assert soup.select_one("mark.govqa-passage").get_text() == "<img src=x onerror=1>"


@pytest.mark.parametrize(
    ("raw", "status", "shown"),
    [("", CellStatus.EMPTY, "（空白）"), ("/", CellStatus.NA, "/（不适用）")],
)
def test_a_null_fact_shows_what_was_printed_never_zero(
    raw: str, status: CellStatus, shown: str
) -> None:
    fact = Fact(
        report_id="r", agency="a", year=2024, field="granted", value=None, status=status, raw=raw
    )
    assert fact_value(fact) == shown

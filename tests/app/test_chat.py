"""The chat page over the five seeds: answers with their badge and facts, sources opened from a
fact (the table cell highlighted) and from a citation (the passage highlighted in its section),
the sidebar's filters narrowing the answer, and unmatched numbers marked in red."""

from __future__ import annotations

import csv
import io
import json

import pyarrow as pa
from bs4 import BeautifulSoup
from streamlit.testing.v1 import AppTest

from qa_app.answer.export import facts_csv
from qa_app.answer.model import Answer, Mismatch
from qa_app.app.state import CHAT, Turn
from tests.app.helpers import fact_rows, highlighted, markdown_texts, plain, table_titled

APPEALS = "2024年哪些机关有行政复议或行政诉讼？"


def ask(app: AppTest, question: str) -> AppTest:
    app.chat_input(key="chat_input").set_value(question).run()
    assert not app.exception, app.exception
    return app


def test_an_empty_chat_offers_the_example_questions(app: AppTest) -> None:
    labels = [b.label for b in app.button if (b.key or "").startswith("example-")]
    assert labels == [
        APPEALS,
        "which agencies had appeals in 2024?",
        "总结各单位存在的主要问题",
        "郏县2024年行政复议是9件吗？",
        "哪些报告的数据不符合勾稽关系？",
    ]
    app.button(key="example-3").click().run()
    answer = markdown_texts(app.chat_message[1])
    assert any(t.startswith("不对：郏县人民政府2024年行政复议共7件，而非9件。") for t in answer)
    assert not any((b.key or "").startswith("example-") for b in app.button)


def test_the_appeals_question_names_jiaxian_with_seven_and_lists_the_cells(app: AppTest) -> None:
    ask(app, APPEALS)
    assert plain(app.chat_message[0].markdown[0].value) == APPEALS
    texts = markdown_texts(app.chat_message[1])
    assert texts[0].startswith(":green-badge[✓ 已核验")  # the badge comes first
    body = next(t for t in texts if "郏县人民政府" in t)
    assert "行政复议7件（维持1件、纠正2件、其他2件、尚未审结2件）" in body
    rows = fact_rows(app, 0)
    assert ["郏县人民政府", "2024", "行政复议总计", "", "7", "第80行 · 003.txt"] in rows
    assert {r[0] for r in rows} == {"郏县人民政府"}  # no other seed had appeals in 2024
    downloads = {b.key: b.label for b in app.get("download_button")}
    assert downloads == {"facts-csv-0": "下载事实 CSV", "facts-xlsx-0": "下载事实 XLSX"}
    # what the CSV button serves: the answer's facts, each with its file and line
    (turn,) = app.session_state[CHAT]
    rows = list(csv.DictReader(io.StringIO(facts_csv(turn.answer).decode("utf-8-sig"))))
    review = next(r for r in rows if r["field"] == "review_total")
    assert (review["agency"], review["value"], review["file"], review["line"]) == (
        "郏县人民政府",
        "7",
        "003.txt",
        "80",
    )


def test_a_fact_opens_its_table_with_the_cell_highlighted(app: AppTest) -> None:
    ask(app, APPEALS)
    rows = fact_rows(app, 0)
    index = rows.index(["郏县人民政府", "2024", "行政复议总计", "", "7", "第80行 · 003.txt"])
    app.button(key=f"fact-0-{index}").click().run()
    table = table_titled(app, "四、政府信息公开行政复议、行政诉讼情况")
    assert highlighted(table) == [("行政复议", "总计", "7")]
    assert any(
        "第80行 · 003.txt" in t and "原文 printed: 7" in t for t in map(plain, _captions(app))
    )


def test_a_citation_opens_its_section_with_the_passage_highlighted(app: AppTest) -> None:
    ask(app, "总结获嘉县政务服务和大数据管理局存在的主要问题")
    citations = [b.key for b in app.button if (b.key or "").startswith("cite-0-")]
    assert citations == ["cite-0-0", "cite-0-1"]  # seed 000's problems section is two chunks
    app.button(key="cite-0-1").click().run()
    shown = next(h.value for h in app.html if "govqa-passage" in h.value)
    soup = BeautifulSoup(shown, "html.parser")
    title = soup.div.div.get_text()
    mark = soup.select_one("mark.govqa-passage")
    before = "".join(str(s) for s in mark.previous_siblings if isinstance(s, str))
    assert title == "五、存在的主要问题及改进情况"
    assert "2.优化解读质量，提高解读频率。" in mark.get_text()
    assert "## (一)存在的问题" in before and "2.优化解读质量" not in before


def test_a_year_filter_restricts_the_reports_an_answer_uses(app: AppTest) -> None:
    question = "汝州市信访局2022年收到多少政府信息公开申请？"
    ask(app, question)
    assert any(
        "汝州市信访局2022年：本年新收申请0件" in t for t in markdown_texts(app.chat_message[1])
    )
    app.sidebar.multiselect(key="filter_years").set_value([2024]).run()
    ask(app, question)
    filtered = markdown_texts(app.chat_message[3])
    assert any(t.startswith("没有找到符合条件的报告") for t in filtered)
    assert [plain(c.value) for c in app.chat_message[3].caption] == ["筛选 filters: 2024年"]
    assert not fact_rows_or_none(app, 1)


def test_numbers_the_verifier_could_not_match_are_marked(app: AppTest) -> None:
    text = "郏县人民政府2024年行政复议9件。"
    wrong = Answer(
        question="q",
        answer=text,
        verified=False,
        mismatches=[Mismatch(number="9", position=text.index("9"), reason="no cell holds 9")],
    )
    app.session_state[CHAT] = [Turn(question="q", answer=wrong)]
    app.run()
    values = [m.value for m in app.chat_message[1].markdown]
    assert values[0].startswith(":red-badge[✗ 未通过核验")
    assert "郏县人民政府2024年行政复议:red-background[**9**]件。" in values
    assert "- :red-background[**9**]：no cell holds 9" in values


def fact_rows_or_none(app: AppTest, turn: int) -> list[list[str]]:
    answer = app.chat_message[2 * turn + 1]
    if not any(e.label.startswith("事实 Facts") for e in answer.expander):
        return []
    return fact_rows(app, turn)


def _captions(app: AppTest) -> list[str]:
    return [c.value for c in app.caption]


def chart_data(app: AppTest, turn: int) -> tuple[dict[str, object], list[dict[str, object]]]:
    """The spec and the plotted rows of the chart in the `turn`-th answer."""
    answer = app.chat_message[2 * turn + 1]
    (node,) = [n for n in answer.children.values() if n.type == "vega_lite_chart"]
    (dataset,) = node.proto.datasets
    rows = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return json.loads(node.proto.spec), rows


def test_a_comparison_is_drawn_from_the_same_cells_as_the_facts(app: AppTest) -> None:
    ask(app, "比较郏县人民政府和汝州市信访局的本年新收申请数")
    spec, rows = chart_data(app, 0)
    assert spec["mark"]["type"] == "bar"
    plotted = {row["x"]: row["y"] for row in rows}
    facts = {f"{r[0]}{r[1]}年": float(r[4]) for r in fact_rows(app, 0)}
    assert set(plotted) == {"郏县人民政府2024年", "汝州市信访局2022年"}  # two years: year shown
    assert plotted == facts


def test_an_agency_filter_keeps_other_agencies_out_of_the_answer(app: AppTest) -> None:
    question = "各机关本年新收申请数"
    ask(app, question)
    assert len({r[0] for r in fact_rows(app, 0)}) == 5
    app.sidebar.multiselect(key="filter_agencies").set_value(["郏县人民政府"]).run()
    ask(app, question)
    assert {r[0] for r in fact_rows(app, 1)} == {"郏县人民政府"}
    assert [plain(c.value) for c in app.chat_message[3].caption] == ["筛选 filters: 郏县人民政府"]

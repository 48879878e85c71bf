"""The reports page: the stored reports searchable by agency, region or year; one opened shows
how its metadata was inferred, its tables as printed, its sections, its checks (the ones that
did not pass first), its warnings and its exports."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import plain, table_titled


def open_reports(app: AppTest) -> AppTest:
    app.switch_page("pages_reports.py").run()
    assert not app.exception, app.exception
    return app


def test_the_search_narrows_the_table_of_reports(app: AppTest) -> None:
    open_reports(app)
    table = app.main.dataframe[0].value
    assert len(table) == 5
    app.text_input(key="reports_query").set_value("2022").run()
    table = app.main.dataframe[0].value
    assert sorted(table["机关 agency"]) == [
        "汝州市信访局",
        "涧西区人民政府办公室",
        "获嘉县政务服务和大数据管理局",
    ]
    app.text_input(key="reports_query").set_value("郏县 2024").run()
    assert list(app.main.dataframe[0].value["机关 agency"]) == ["郏县人民政府"]
    assert app.main.caption[0].value == "1 份报告 reports"


def test_an_opened_report_shows_metadata_tables_sections_and_checks(app: AppTest) -> None:
    open_reports(app)
    app.text_input(key="reports_query").set_value("汝州").run()
    (label,) = app.selectbox(key="reports_open").options
    app.selectbox(key="reports_open").set_value(label).run()
    assert not app.exception, app.exception
    assert plain(app.main.subheader[0].value) == "汝州市信访局 2022年"
    meta = next(d.value for d in app.main.dataframe if "方法 method" in d.value.columns)
    assert list(meta["字段 field"]) == ["机关 agency", "地区 region", "年份 year"]
    year = meta[meta["字段 field"] == "年份 year"].iloc[0]
    assert year["值 value"] == "2022" and year["方法 method"] != "none" and year["依据 evidence"]
    for title in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert "<td" in table_titled(app, title)
    assert any("存在的主要问题" in e.label for e in app.main.expander)
    checks = next(d.value for d in app.main.dataframe if "结果 outcome" in d.value.columns)
    outcomes = list(checks["结果 outcome"])
    assert outcomes[0] == "无法核验 not assessable" and outcomes[-1] == "通过 pass"
    assert outcomes == sorted(outcomes, key=lambda o: o == "通过 pass")  # not passing first
    assert {b.label for b in app.get("download_button")} == {"下载表格 CSV", "下载表格 XLSX"}
    assert any(plain(m.value).startswith("#### 解析提示 Warnings") for m in app.main.markdown)

"""The checks page over the five seeds: seeds 000 (获嘉县) and 004 (汝州市信访局) leave cells
of table 三 blank or unreadable, so H2 and H3 cannot be assessed for them; each such item is
listed under its rule and opens the table with the check's cells highlighted."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import highlighted, plain, table_titled


def open_checks(app: AppTest) -> AppTest:
    app.switch_page("pages_checks.py").run()
    assert not app.exception, app.exception
    return app


def listed(app: AppTest, rule: str) -> list[str]:
    """The text of each item listed under `rule` (groups come in rule order, items in the
    order of their 'show' buttons)."""
    items = [plain(m.value) for m in app.main.markdown if "单元格 cells" in m.value]
    keys = [b.key or "" for b in app.main.button if (b.key or "").startswith("check-")]
    assert len(items) == len(keys)
    return [text for text, key in zip(items, keys, strict=True) if key.startswith(f"check-{rule}-")]


def test_not_assessable_identities_are_grouped_by_rule(app: AppTest) -> None:
    open_checks(app)
    assert [s.value for s in app.main.subheader] == [
        "H2 · 办理结果总计=各项办理结果之和",
        "H3 · 总计=各类申请人之和",
    ]
    counts = [c.value for c in app.main.caption if "项: 不符 fail" in c.value]
    for rule, caption in zip(("H2", "H3"), counts, strict=True):
        items = listed(app, rule)
        assert f"— {len(items)} 项: 不符 fail 0 · 无法核验 not assessable {len(items)}" in caption
        assert {t.split(" ")[0] for t in items} == {"获嘉县政务服务和大数据管理局", "汝州市信访局"}
        assert all("无法核验 not assessable" in t and f"{rule} " in t for t in items)
    total = len(listed(app, "H2")) + len(listed(app, "H3"))
    assert plain(app.main.markdown[0].value).startswith(f"共 {total} 项不符或无法核验")
    assert any(c.value.startswith("没有跨年结转") for c in app.main.caption)  # one year each


def test_a_check_opens_the_table_with_its_cells_highlighted(app: AppTest) -> None:
    open_checks(app)
    items = listed(app, "H2")
    index = next(
        i for i, t in enumerate(items) if t.startswith("汝州市信访局") and "H2 自然人" in t
    )
    app.button(key=f"check-H2-{index}").click().run()
    cells = highlighted(table_titled(app, "三、收到和处理政府信息公开申请情况"))
    assert {column for _, column, _ in cells} == {"自然人"}  # H2 runs down one column
    rows = {label for label, _, _ in cells}
    assert "（七）总计" in rows and "（一）予以公开" in rows and len(rows) == len(cells) == 22
    assert any(text == "—" or text.startswith("?") for _, _, text in cells)  # the blank it hit

"""The chaos renderer itself: every quirk of QUIRKS.md is implemented, changes the file, shows
the defect it names, and says in its truth what the file prints (blank is empty, "/" is n/a,
printed totals stay as printed). These tests never parse: they read the rendered text."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from decimal import Decimal

import pytest

from ingest.schema import CellStatus, Report
from ingest.template import MONEY_FIELDS, S3_APPLICANT_KEYS, S4_BLOCKS, S4_RESULTS
from synthetic.chaos import SPECS, ChaosCase, ChaosFormat, Quirk, render_chaos
from synthetic.chaos.render import APPLY
from tests.synthetic.chaos_harness import CaseResult, _judge, cells, make_case

SEEDS = (3, 11, 29, 40, 57)
S3_TITLE, S4_TITLE, S5_TITLE = "三、收到和处理", "四、政府信息公开行政复议", "五、存在的主要问题"
CHEAP = (ChaosFormat.TAB, ChaosFormat.MARKDOWN, ChaosFormat.SPACE, ChaosFormat.HTML)


def _format(quirk: Quirk) -> ChaosFormat:
    return next(f for f in (*CHEAP, *ChaosFormat) if f in SPECS[quirk].formats)


def _text(case: ChaosCase) -> str:
    assert case.file.encoding is not None
    return case.file.data.decode(case.file.encoding)


def _section(text: str, start: str, stop: str) -> str:
    return text.split(start, 1)[1].split(stop, 1)[0]


def test_every_quirk_has_a_spec_and_an_implementation() -> None:
    assert set(SPECS) == set(APPLY) == set(Quirk)
    assert all(spec.formats for spec in SPECS.values())


@pytest.mark.parametrize("quirk", list(Quirk), ids=[q.value for q in Quirk])
def test_every_quirk_changes_the_file(quirk: Quirk) -> None:
    fmt = _format(quirk)
    changed = [
        make_case([quirk], fmt, s).file.data != make_case([], fmt, s).file.data for s in SEEDS
    ]
    assert all(changed), f"{quirk.value} left the {fmt.value} file unchanged for some seeds"


@pytest.mark.parametrize("fmt", [f for f in ChaosFormat if f is not ChaosFormat.DOCX])
def test_a_seed_renders_the_same_bytes_every_time(fmt: ChaosFormat) -> None:
    quirks = [Quirk.LABEL_TYPOS, Quirk.PAGE_FOOTERS, Quirk.SPLIT_TABLE]
    assert make_case(quirks, fmt, 5).file.data == make_case(quirks, fmt, 5).file.data


def test_a_seed_renders_the_same_word_document_every_time() -> None:
    def body(case: ChaosCase) -> bytes:
        with zipfile.ZipFile(io.BytesIO(case.file.data)) as z:
            return z.read("word/document.xml")

    quirks = [Quirk.BROKEN_LABELS, Quirk.S4_THREE_TABLES]
    assert body(make_case(quirks, ChaosFormat.DOCX, 5)) == body(
        make_case(quirks, ChaosFormat.DOCX, 5)
    )


def test_quirks_that_cannot_hold_together_or_in_a_format_are_refused() -> None:
    report = make_case([], ChaosFormat.TAB, 1).truth
    with pytest.raises(ValueError, match="cannot hold together"):
        render_chaos(report, [Quirk.NO_TITLE, Quirk.TITLE_WITHOUT_COUNTY], ChaosFormat.TAB, 1)
    with pytest.raises(ValueError, match="do not apply"):
        render_chaos(report, [Quirk.WORD_HTML], ChaosFormat.TAB, 1)


# ---------------------------------------------------------------- the truth of RECORD quirks


def _generated(seed: int) -> Report:
    return make_case([], ChaosFormat.TAB, seed).truth


@pytest.mark.parametrize("seed", SEEDS)
def test_blank_cells_meaning_zero_are_empty_in_the_truth(seed: int) -> None:
    before, after = (
        cells(_generated(seed)),
        cells(make_case([Quirk.BLANK_ZERO], ChaosFormat.TAB, seed).truth),
    )
    blanked = [k for k, c in after.items() if c.raw == ""]
    assert blanked
    assert all(after[k].status is CellStatus.EMPTY and after[k].value is None for k in blanked)
    assert all(before[k].value == 0 for k in blanked)


@pytest.mark.parametrize("seed", SEEDS)
def test_not_applicable_marks_are_na_in_the_truth(seed: int) -> None:
    truth = cells(make_case([Quirk.NA_MARKS], ChaosFormat.TAB, seed).truth)
    marked = [c for c in truth.values() if c.raw.strip() in {"/", "-", "—", "无", "／"}]
    assert marked and all(c.status is CellStatus.NA and c.value is None for c in marked)


def _contradictions(report: Report) -> list[str]:
    out = []
    for block in S4_BLOCKS:
        parts = sum(report.s4[f"{block.key}_{r.key}"].value or 0 for r in S4_RESULTS[:-1])
        if parts != (report.s4[f"{block.key}_total"].value or 0):
            out.append(block.key)
    for row, cols in report.s3.items():
        if sum(cols[c].value or 0 for c in S3_APPLICANT_KEYS) != (cols["total"].value or 0):
            out.append(row)
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_contradicting_totals_stay_as_printed_in_the_truth(seed: int) -> None:
    assert _contradictions(_generated(seed)) == []
    assert _contradictions(make_case([Quirk.CONTRADICTING_TOTALS], ChaosFormat.TAB, seed).truth)


@pytest.mark.parametrize("seed", SEEDS)
def test_grouped_and_full_width_numbers_keep_their_value(seed: int) -> None:
    quirks = [Quirk.THOUSANDS_SEPARATORS, Quirk.FULL_WIDTH_DIGITS, Quirk.MONEY_DECIMALS]
    truth = cells(make_case(quirks, ChaosFormat.TAB, seed).truth)
    spelled = {k: unicodedata.normalize("NFKC", c.raw) for k, c in truth.items() if c.raw}
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", r) for r in spelled.values())
    assert any(c.raw != unicodedata.normalize("NFKC", c.raw) for c in truth.values())
    for key, raw in spelled.items():
        assert truth[key].value == Decimal(raw.replace(",", ""))  # exactly as printed
    money = [c.raw for (_, f, _), c in truth.items() if f in MONEY_FIELDS]
    assert money and all(re.search(r"[.．][0-9０-９]{2,4}$", raw) for raw in money), money


def test_layout_quirks_leave_the_truth_alone() -> None:
    for quirk in (Quirk.FLATTENED_DIGITS, Quirk.LABEL_TYPOS, Quirk.SPLIT_TABLE, Quirk.OCR_CHARS):
        assert cells(make_case([quirk], _format(quirk), 8).truth) == cells(_generated(8))


def test_an_old_report_has_no_template_cells() -> None:
    case = make_case([Quirk.PRE_2019], ChaosFormat.TAB, 4)
    assert cells(case.truth) == {} and (case.truth.year or 0) < 2019
    assert "统计指标" in _text(case) and "行政复议" in _text(case)


# ---------------------------------------------------------------- the defect shows


def _one_line_body(text: str) -> bool:
    head, _, body = text.partition("==================== 正文 ====================\n")
    return head.startswith("标题:") and body.count("\n") == 1


def _footer_inside(text: str) -> bool:
    pattern = r"^(?:-\s?\d+\s?-|— \d+ —|第 ?\d+ ?页(?: 共 \d+ 页)?|\d+)$"
    return len(re.findall(pattern, text, re.M)) >= 1


def _three_s4_tables(text: str) -> bool:
    rules = [r for r in _section(text, S4_TITLE, S5_TITLE).splitlines() if r.startswith("|---")]
    return len(rules) == 3


def _garbled_s4(text: str) -> bool:
    rows = [r for r in _section(text, S4_TITLE, S5_TITLE).splitlines() if r.startswith("| ")]
    return len(rows) == 2 and rows[0].count(" | ") == 5 and rows[1].count(" | ") == 14


def _radicals(text: str) -> bool:
    return any(0x2E80 <= ord(c) <= 0x2FDF or 0xF900 <= ord(c) <= 0xFAFF for c in text)


def _js_only(text: str) -> bool:
    outside = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    escaped = "<\\/" in text or "\\u003c" in text
    return escaped and "<table" not in outside and "行政复议" not in outside


SHOWS: dict[Quirk, tuple[ChaosFormat, Callable[[str], bool]]] = {
    Quirk.CRAWLER_DUMP: (ChaosFormat.CRAWLER, _one_line_body),
    Quirk.PAGE_FOOTERS: (ChaosFormat.SPACE, _footer_inside),
    Quirk.S4_THREE_TABLES: (ChaosFormat.MARKDOWN, _three_s4_tables),
    Quirk.S4_GARBLED_HEADER: (ChaosFormat.MARKDOWN, _garbled_s4),
    Quirk.APPLICANT_DATA_N: (
        ChaosFormat.TAB,
        lambda t: "数据1" in t or "自然人" not in _section(t, S3_TITLE, S4_TITLE),
    ),
    Quirk.PLACEHOLDER_TABLES: (ChaosFormat.MARKDOWN, lambda t: "| - |" in t),
    Quirk.FLATTENED_DIGITS: (ChaosFormat.CRAWLER, lambda t: bool(re.search(r"\d{5,}", t))),
    Quirk.WORD_HTML: (ChaosFormat.HTML, lambda t: "mso-" in t and "<o:p>" in t),
    Quirk.JS_EMBEDDED: (ChaosFormat.HTML, _js_only),
    Quirk.NAV_JUNK: (ChaosFormat.TAB, lambda t: "首页" in t or "网站" in t or "上一篇" in t),
    Quirk.TRADITIONAL_CHARS: (ChaosFormat.TAB, lambda t: "開" in t or "處" in t or "請" in t),
    Quirk.RADICAL_CODEPOINTS: (ChaosFormat.TAB, _radicals),
    Quirk.BROKEN_LABELS: (ChaosFormat.MARKDOWN, lambda t: "<br>" in t or "\n" in t),
    Quirk.NO_TITLE: (ChaosFormat.TAB, lambda t: "年度报告" not in t.split("一、")[0]),
}


@pytest.mark.parametrize("quirk", list(SHOWS), ids=[q.value for q in SHOWS])
def test_the_rendering_shows_the_defect(quirk: Quirk) -> None:
    fmt, shows = SHOWS[quirk]
    for seed in SEEDS:
        case = make_case([quirk], fmt, seed)
        assert shows(_text(case)), case.describe()


# ---------------------------------------------------------------- the harness's verdicts


def test_the_harness_tells_right_wrong_and_lost_cells_apart() -> None:
    case = make_case([], ChaosFormat.TAB, 2)
    truth = cells(case.truth)
    parsed = dict(truth)
    keys = list(truth)
    number = next(k for k in keys if truth[k].value is not None)
    other = next(k for k in keys if k != number and truth[k].value is not None)
    parsed[number] = truth[number].model_copy(update={"value": (truth[number].value or 0) + 1})
    del parsed[other]
    result = CaseResult(case, total=len(truth))
    _judge(result, truth, parsed)
    assert set(result.wrong) == {number} and set(result.lost) == {other}
    assert result.right == len(truth) - 2
    assert result.silent_losses == {other: result.lost[other]}


def test_digits_run_together_cover_the_columns_of_a_wide_last_cell() -> None:
    """A row whose last value spans two columns (本年增/减 printed over two in a 2019 table 二)
    flattens into one cell covering every position the values covered: the Word grid had a
    position no cell covered and the docx rendering failed."""
    from synthetic.chaos.model import CellKind, GridCell
    from synthetic.chaos.tables import _flatten_row

    row = [
        GridCell("行政事业性收费", CellKind.LABEL),
        GridCell("0", CellKind.VALUE),
        GridCell("0", CellKind.VALUE, cols=2),
        None,
    ]
    flat = _flatten_row(row, into_label=False, checked=True)
    assert len(flat) == len(row)
    run = flat[1]
    assert run is not None and run.text == "00" and run.cols == 3
    assert flat[2:] == [None, None]
    # the sweep's case whose rendering failed that way renders now
    make_case([Quirk.FLATTENED_DIGITS, Quirk.RADICAL_CODEPOINTS], ChaosFormat.DOCX, 1655859710)

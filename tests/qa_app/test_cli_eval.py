"""`govqa eval`: parsed reports scored against hand-read truth (qa_app/bench/scoring.py, truth.py).

Not to be confused with test_eval.py, which evaluates question answering.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ingest.template import S2_FIELDS, S3_COLUMN_KEYS, S3_ROWS, S4_FIELDS, FormatVersion
from qa_app.bench.scoring import (
    Verdict,
    agency_status,
    own_region,
    region_status,
    score_folder,
    score_report,
)
from qa_app.bench.truth import TruthFileError, TruthReport, load_truth
from qa_app.cli import main
from tests.conftest import CORPUS_DIR, REPO
from tests.factories import make_report, render_report_text
from tests.ingest.test_seeds import META, SEEDS, E, M

SEEDS_TRUTH = REPO / "tests" / "data" / "seeds_truth.json"
AGENCY = "示例县人民政府"
REGION = "某某省某某市示例县"


def truth_entry(**overrides: Any) -> dict[str, Any]:
    """A truth entry for make_report(agency=AGENCY): a few cells of each table."""
    entry: dict[str, Any] = {
        "agency": AGENCY,
        "region": REGION,
        "year": 2024,
        "s2": {"licensing_decisions": 550, "admin_fee_amount_wan": 4068.208},
        "s3": {"new_received": {"natural_person": 5, "total": 6}},
        "s4": {"review_upheld": 3, "review_total": 3},
    }
    return entry | overrides


def factory_report(**overrides: Any) -> Any:
    """The report truth_entry() describes, with `overrides` passed to make_report."""
    values: dict[str, Any] = {
        "agency": AGENCY,
        "region": "示例县",
        "s2": {"licensing_decisions": 550, "admin_fee_amount_wan": 4068.208},
        "s3": {"new_received": [5, 0, 0, 0, 0, 1, 6], "total_processed": [5, 0, 0, 0, 0, 1, 6]},
        "s4": {"review_upheld": 3, "review_total": 3},
    }
    return make_report(**(values | overrides))


def write_truth(folder: Path, reports: dict[str, dict[str, Any]]) -> Path:
    path = folder / "truth.json"
    path.write_text(json.dumps({"reports": reports}, ensure_ascii=False), encoding="utf-8")
    return path


def truth_of(tmp_path: Path, **overrides: Any) -> TruthReport:
    """A TruthReport read from a file, the way `govqa eval` reads it."""
    return load_truth(write_truth(tmp_path, {"a.txt": truth_entry(**overrides)})).reports["a.txt"]


def statuses(score: Any) -> dict[str, Verdict]:
    return {c.name: c.status for c in score.cells}


# --- cells -------------------------------------------------------------------------------------


def test_equal_cells_are_right_and_counted_per_section(tmp_path: Path) -> None:
    score = score_report("a.txt", truth_of(tmp_path), factory_report())
    assert set(statuses(score).values()) == {Verdict.RIGHT}
    counts = {k: (c.right, c.wrong, c.missing) for k, c in score.sections.items()}
    assert counts == {"s2": (2, 0, 0), "s3": (2, 0, 0), "s4": (2, 0, 0)}
    assert score.passed


def test_a_null_where_the_truth_has_a_number_is_missing(tmp_path: Path) -> None:
    report = factory_report(s4={"review_upheld": None, "review_total": 3})
    score = score_report("a.txt", truth_of(tmp_path), report)
    assert statuses(score)["s4.review_upheld"] is Verdict.MISSING
    assert (score.sections["s4"].right, score.sections["s4"].missing) == (1, 1)
    assert not score.passed


def test_a_cell_the_report_does_not_have_at_all_is_missing(tmp_path: Path) -> None:
    report = factory_report()
    del report.s3["new_received"]["total"]
    score = score_report("a.txt", truth_of(tmp_path), report)
    assert statuses(score)["s3.new_received.total"] is Verdict.MISSING


def test_a_different_number_is_wrong_and_listed_with_expected_and_got(tmp_path: Path) -> None:
    report = factory_report(s3={"new_received": [50, 0, 0, 0, 0, 1, 6]})
    score = score_report("a.txt", truth_of(tmp_path), report)
    [problem] = score.problems()
    assert (problem.name, problem.status) == ("s3.new_received.natural_person", Verdict.WRONG)
    assert (problem.expected, problem.got, problem.raw) == (5, 50, "50")


def test_a_number_where_the_truth_has_null_is_wrong_and_null_on_both_sides_is_right(
    tmp_path: Path,
) -> None:
    truth = truth_of(tmp_path, s4={"review_upheld": None, "review_total": None})
    score = score_report("a.txt", truth, factory_report(s4={"review_total": None}))
    assert statuses(score)["s4.review_upheld"] is Verdict.WRONG  # the report prints 0
    assert statuses(score)["s4.review_total"] is Verdict.RIGHT


@pytest.mark.parametrize(
    ("printed", "verdict"),
    [(4068.208, Verdict.RIGHT), (4068.21, Verdict.WRONG), (4068.2, Verdict.WRONG)],
)
def test_money_is_compared_to_the_printed_decimals(
    tmp_path: Path, printed: float, verdict: Verdict
) -> None:
    report = factory_report(s2={"licensing_decisions": 550, "admin_fee_amount_wan": printed})
    score = score_report("a.txt", truth_of(tmp_path), report)
    assert statuses(score)["s2.admin_fee_amount_wan"] is verdict


def test_trailing_zeros_of_a_printed_decimal_do_not_matter(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(
        '{"reports": {"a.txt": {"agency": "x", "year": 2023, '
        '"s2": {"admin_fee_amount_wan": 7730.280}}}}',
        encoding="utf-8",
    )
    truth = load_truth(tmp_path / "t.json").reports["a.txt"]
    assert truth.s2["admin_fee_amount_wan"] == Decimal("7730.28")
    report = factory_report(s2={"admin_fee_amount_wan": 7730.28})
    assert statuses(score_report("a.txt", truth, report)) == {
        "s2.admin_fee_amount_wan": Verdict.RIGHT
    }


def test_truth_numbers_are_read_as_exact_decimals(tmp_path: Path) -> None:
    truth = truth_of(tmp_path)
    assert truth.s2["admin_fee_amount_wan"] == Decimal("4068.208")
    assert isinstance(truth.s2["admin_fee_amount_wan"], Decimal)


# --- year, agency, region ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "got", "verdict"),
    [
        ("平潭综合实验区管委会", "平潭综合实验区管委会", Verdict.RIGHT),
        ("平潭综合实验区管委会", "平潭综合实验区", Verdict.RIGHT),
        ("平潭综合实验区", "平潭综合实验区管委会", Verdict.RIGHT),
        ("平潭综合实验区管委会", "平潭综合实验区管理委员会", Verdict.RIGHT),
        ("郏县人民政府", "郟县人民政府", Verdict.RIGHT),  # traditional form
        ("郏县人民政府", "郏县 人民政府", Verdict.RIGHT),  # spacing
        ("沭阳县人民政府", "沐阳县人民政府", Verdict.WRONG),  # OCR: another character
        ("沭阳县人民政府", "沭阳县", Verdict.WRONG),  # the region, not the agency
        ("沭阳县人民政府", "沭阳县人民政府办公室", Verdict.WRONG),  # another body
        ("淮安市洪泽区人民政府", "洪泽区人民政府", Verdict.WRONG),  # the city left out
        ("沭阳县人民政府", None, Verdict.MISSING),
        ("沭阳县人民政府", "", Verdict.MISSING),
    ],
)
def test_agency_rule(expected: str, got: str | None, verdict: Verdict) -> None:
    assert agency_status(expected, got) is verdict


@pytest.mark.parametrize(
    ("path", "own"),
    [
        ("江苏省宿迁市沭阳县", "沭阳县"),
        ("江苏省淮安市洪泽区", "洪泽区"),
        ("福建省平潭综合实验区", "平潭综合实验区"),
        ("河南省平顶山市汝州市", "汝州市"),
        ("河南省平顶山市", "平顶山市"),
        ("北京市朝阳区", "朝阳区"),
        ("新疆维吾尔自治区伊犁哈萨克自治州伊宁县", "伊宁县"),
    ],
)
def test_the_most_specific_part_of_a_region(path: str, own: str) -> None:
    assert own_region(path) == own


@pytest.mark.parametrize(
    ("got", "verdict"),
    [
        ("沭阳县", Verdict.RIGHT),
        ("江苏省宿迁市沭阳县", Verdict.RIGHT),
        ("沐阳县", Verdict.WRONG),
        ("宿迁市", Verdict.WRONG),
        (None, Verdict.MISSING),
    ],
)
def test_region_rule(got: str | None, verdict: Verdict) -> None:
    assert region_status("江苏省宿迁市沭阳县", got) is verdict


def test_a_wrong_region_is_reported_but_does_not_fail_the_report(tmp_path: Path) -> None:
    score = score_report("a.txt", truth_of(tmp_path), factory_report(region="别的县"))
    assert score.region is not None and score.region.status is Verdict.WRONG
    assert score.passed


def test_a_wrong_year_or_agency_fails_the_report_even_with_every_cell_right(
    tmp_path: Path,
) -> None:
    truth = truth_of(tmp_path)
    wrong_year = score_report("a.txt", truth, factory_report(year=2023))
    assert (wrong_year.year.expected, wrong_year.year.got) == (2024, 2023)
    assert wrong_year.year.status is Verdict.WRONG and not wrong_year.passed
    wrong_agency = score_report("a.txt", truth, factory_report(agency="示例市人民政府"))
    assert wrong_agency.agency.status is Verdict.WRONG and not wrong_agency.passed


# --- folders and truth files -------------------------------------------------------------------


def write_report(folder: Path, name: str, **overrides: Any) -> Path:
    path = folder / name
    path.write_text(render_report_text(factory_report(**overrides)), encoding="utf-8")
    return path


def test_a_folder_scores_the_listed_files_and_lists_the_others_as_not_scored(
    tmp_path: Path,
) -> None:
    write_report(tmp_path, "a.txt")
    write_report(tmp_path, "extra.txt")
    truth = write_truth(tmp_path, {"a.txt": truth_entry()})
    scoring = score_folder(tmp_path, truth)
    assert [r.file for r in scoring.reports] == ["a.txt"]
    assert scoring.not_scored == ["extra.txt"]
    assert scoring.absent == []
    assert scoring.passed
    assert (scoring.totals["all"].right, scoring.totals["all"].total) == (6, 6)


def test_a_listed_file_that_is_absent_is_a_problem(tmp_path: Path) -> None:
    write_report(tmp_path, "a.txt")
    truth = write_truth(tmp_path, {"a.txt": truth_entry(), "gone.pdf": truth_entry()})
    scoring = score_folder(tmp_path, truth)
    assert scoring.absent == ["gone.pdf"]
    assert [r.file for r in scoring.reports] == ["a.txt"] and scoring.reports[0].passed
    assert not scoring.passed


def test_a_file_that_fails_to_parse_has_every_cell_missing_and_the_reason(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("会议通知\n请各单位于周五前报送材料。\n", encoding="utf-8")
    scoring = score_folder(tmp_path, write_truth(tmp_path, {"note.txt": truth_entry()}))
    [score] = scoring.reports
    assert score.failure is not None and "does not look like" in score.failure
    assert {c.status for c in score.cells} == {Verdict.MISSING} and len(score.cells) == 6
    assert (score.year.status, score.agency.status) == (Verdict.MISSING, Verdict.MISSING)
    assert not scoring.passed


def test_files_in_subfolders_are_named_by_their_relative_path(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    write_report(tmp_path / "2024", "a.txt")
    scoring = score_folder(tmp_path, write_truth(tmp_path, {"2024/a.txt": truth_entry()}))
    assert [r.file for r in scoring.reports] == ["2024/a.txt"] and scoring.passed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not UTF-8 JSON"),
        ('{"reports": {"a.txt": {"agency": "x"}}}', "reports.a.txt.year"),
        (
            '{"reports": {"a.txt": {"agency": "x", "year": 2024, "s2": {"licencing": 1}}}}',
            "unknown table 二 field(s) licencing",
        ),
        (
            '{"reports": {"a.txt": {"agency": "x", "year": 2024, '
            '"s3": {"granted": {"person": 1}}}}}',
            "unknown column(s) person",
        ),
        (
            '{"reports": {"a.txt": {"agency": "x", "year": 2024, "s4": {"review_total": "七"}}}}',
            "reports.a.txt.s4.review_total",
        ),
    ],
)
def test_a_malformed_truth_file_is_an_error_naming_it(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "truth.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TruthFileError, match=r"truth\.json") as raised:
        load_truth(path)
    assert message in str(raised.value)


# --- the command -------------------------------------------------------------------------------


def run_eval(*args: str) -> Any:
    return CliRunner().invoke(main, ["eval", *map(str, args)])


def test_eval_exits_0_and_prints_the_table_when_everything_is_right(tmp_path: Path) -> None:
    write_report(tmp_path, "a.txt")
    result = run_eval(tmp_path, "--truth", write_truth(tmp_path, {"a.txt": truth_entry()}))
    assert result.exit_code == 0, result.output
    assert "a.txt" in result.output and "2/0/0" in result.output
    assert "6/6 listed cells right" in result.output and "all right" in result.output


def test_eval_exits_1_and_lists_a_wrong_cell_with_expected_and_got(tmp_path: Path) -> None:
    write_report(tmp_path, "a.txt", s4={"review_upheld": 4, "review_total": 3})
    write_report(tmp_path, "b.txt")
    truth = write_truth(tmp_path, {"a.txt": truth_entry()})
    result = run_eval(tmp_path, "--truth", truth)
    assert result.exit_code == 1
    row = next(line for line in result.output.splitlines() if "s4.review_upheld" in line)
    cells = [cell.strip() for cell in row.split("│")][1:6]
    assert cells == ["s4.review_upheld", "3", "4", "4", "wrong"]  # expected, got, printed
    assert "not scored (no truth): b.txt" in result.output
    assert "NOT all right" in result.output


def test_eval_json_is_the_scoring_model(tmp_path: Path) -> None:
    write_report(
        tmp_path, "a.txt", s2={"licensing_decisions": 550, "admin_fee_amount_wan": 4068.21}
    )
    truth = write_truth(tmp_path, {"a.txt": truth_entry(), "gone.txt": truth_entry()})
    result = run_eval(tmp_path, "--truth", truth, "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "folder",
        "truth",
        "reports",
        "absent",
        "not_scored",
        "totals",
        "passed",
    }
    assert (payload["absent"], payload["not_scored"], payload["passed"]) == (
        ["gone.txt"],
        [],
        False,
    )
    [report] = payload["reports"]
    assert report["sections"]["s2"] == {"right": 1, "wrong": 1, "missing": 0, "total": 2}
    assert report["agency"] == {"expected": AGENCY, "got": AGENCY, "status": "right"}
    assert report["year"] == {"expected": 2024, "got": 2024, "status": "right"}
    fee = next(c for c in report["cells"] if c["field"] == "admin_fee_amount_wan")
    assert fee == {
        "section": "s2",
        "field": "admin_fee_amount_wan",
        "column": None,
        "expected": 4068.208,
        "got": 4068.21,
        "raw": "4068.21",
        "status": "wrong",
    }
    total = next(c for c in report["cells"] if c["column"] == "total")
    assert (total["expected"], total["got"]) == (6, 6) and isinstance(total["got"], int)
    assert payload["totals"]["all"] == {"right": 5, "wrong": 1, "missing": 0, "total": 6}


def test_eval_of_a_missing_folder_or_truth_is_an_error(tmp_path: Path) -> None:
    truth = write_truth(tmp_path, {"a.txt": truth_entry()})
    result = run_eval(tmp_path / "nope", "--truth", truth)
    assert result.exit_code == 1 and "Error:" in result.output and "nope" in result.output
    result = run_eval(tmp_path, "--truth", tmp_path / "missing.json")
    assert result.exit_code == 1 and "missing.json" in result.output


def test_eval_without_truth_is_a_usage_error(tmp_path: Path) -> None:
    assert run_eval(tmp_path).exit_code == 2


def test_eval_help_documents_the_exit_code() -> None:
    result = run_eval("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit code: 0 when every listed cell, year and agency is right" in text
    assert "1 otherwise" in text


# --- seeds and the real corpus -----------------------------------------------------------------


def test_seeds_truth_holds_the_hand_typed_values_of_test_seeds() -> None:
    """seeds_truth.json must say what tests/ingest/test_seeds.py says, cell for cell."""
    truth = load_truth(SEEDS_TRUTH).reports
    assert sorted(name[:3] for name in truth) == sorted(SEEDS)
    v2021 = FormatVersion.V2021
    for name, entry in truth.items():
        seed = SEEDS[name[:3]]
        agency, region, year = META[name[:3]]
        assert (entry.agency, entry.year) == (agency, year)
        assert entry.region is not None and own_region(entry.region) == region
        assert entry.s2 == {f: _hand(seed["s2"].get(f, 0)) for f in S2_FIELDS[v2021]}
        assert entry.s3 == {
            r.key: dict(
                zip(S3_COLUMN_KEYS, map(_hand, seed["s3"].get(r.key, [0] * 7)), strict=True)
            )
            for r in S3_ROWS[v2021]
        }
        assert entry.s4 == {f: _hand(seed["s4"].get(f, 0)) for f in S4_FIELDS}


def _hand(value: int | float | str) -> Decimal | None:
    """A value of test_seeds.py as truth.json holds it: empty and missing are null."""
    return None if value in (E, M) else Decimal(str(value))


def test_seeds_score_every_cell_year_and_agency_right(seeds_dir: Path) -> None:
    result = run_eval(seeds_dir, "--truth", SEEDS_TRUTH, "--json")
    payload = json.loads(result.stdout)
    assert payload["totals"]["all"] == {"right": 1000, "wrong": 0, "missing": 0, "total": 1000}
    assert [r["passed"] for r in payload["reports"]] == [True] * 5
    assert result.exit_code == 0


def _cells_by_name(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (".".join(filter(None, (c["section"], c["field"], c["column"]))), c)
        for c in report["cells"]
    ]


@pytest.mark.slow
@pytest.mark.skipif(
    not CORPUS_DIR.is_dir(), reason=f"no real corpus at {CORPUS_DIR} (../shared is absent)"
)
def test_real_corpus_every_listed_cell_year_and_agency_right() -> None:
    """The issue's done-when: `govqa eval ../shared/corpus --truth ../shared/corpus/truth.json`."""
    result = run_eval(CORPUS_DIR, "--truth", CORPUS_DIR / "truth.json", "--json")
    payload = json.loads(result.stdout)
    files = {"hongze-district-2023.pdf", "shuyang-county-2025.txt", "pingtan-2022-crawl.txt"}
    assert {r["file"] for r in payload["reports"]} >= files and payload["absent"] == []
    not_right = [
        f"{r['file']}: {name} expected {v['expected']!r} got {v['got']!r} ({v['status']})"
        for r in payload["reports"]
        for name, v in [*_cells_by_name(r), ("year", r["year"]), ("agency", r["agency"])]
        if v["status"] != "right"
    ]
    assert not_right == []
    assert result.exit_code == 0

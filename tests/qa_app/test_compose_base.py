"""Evidence built by hand for the composer tests (the other test_compose_* modules import the
builders below), and the shared rules: numbers as stored, empty cells in words, coverage."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.schema import CellStatus, ReportRef, Source
from qa_app.answer.compose import compose
from qa_app.answer.verify import verify
from qa_app.execution.evidence import Evidence, Fact
from qa_app.question.plan import Intent, Language, Metric, QueryPlan

JX = ReportRef(
    id="r2d010da56d67", agency="郏县人民政府", agency_key="郏县人民政府",
    region="郏县", year=2024,
)  # fmt: skip
JX23 = ReportRef(
    id="r0a0a0a0a2023", agency="郏县人民政府", agency_key="郏县人民政府",
    region="郏县", year=2023,
)  # fmt: skip
RZ = ReportRef(
    id="r97c00eb0fef3", agency="汝州市信访局", agency_key="汝州市信访局",
    region="汝州市", year=2024,
)  # fmt: skip
JW = ReportRef(
    id="r677eaa4218a0", agency="涧西区人民政府办公室", agency_key="涧西区人民政府办公室",
    region="涧西区", year=2024,
)  # fmt: skip

_RESULTS = ("upheld", "corrected", "other", "pending", "total")


def ref(n: int, year: int = 2024, agency: str | None = None) -> ReportRef:
    """The n-th of many made-up reports (for coverage counts)."""
    name = agency or f"示例{n}县人民政府"
    return ReportRef(id=f"rx{n:010d}", agency=name, agency_key=name, region=None, year=year)


def fact(
    report: ReportRef,
    field: str,
    value: int | float | None,
    *,
    column: str | None = None,
    status: CellStatus | None = None,
    raw: str | None = None,
) -> Fact:
    """A cell as the executor hands it over; None is a blank cell unless `status` says more."""
    if status is None:
        status = CellStatus.EMPTY if value is None else CellStatus.NUMBER
        status = CellStatus.ZERO if value == 0 else status
    return Fact(
        report_id=report.report_id,
        agency=report.agency,
        region=report.region,
        year=report.year,
        field=field,
        column=column,
        value=value,
        status=status,
        raw=raw if raw is not None else ("" if value is None else str(value)),
        source=Source(file=f"{report.report_id}.txt", line=40, row_label=field),
    )


def s3(report: ReportRef, column: str = "total", **rows: int | None) -> list[Fact]:
    return [fact(report, key, value, column=column) for key, value in rows.items()]


def s4_block(report: ReportRef, block: str, values: Sequence[int | None]) -> list[Fact]:
    """The five cells of one table 四 block: upheld, corrected, other, pending, total."""
    return [fact(report, f"{block}_{r}", v) for r, v in zip(_RESULTS, values, strict=True)]


def appeals_facts(
    report: ReportRef,
    review: Sequence[int | None],
    direct: Sequence[int | None] = (0, 0, 0, 0, 0),
    after: Sequence[int | None] = (0, 0, 0, 0, 0),
) -> list[Fact]:
    return (
        s4_block(report, "review", review)
        + s4_block(report, "litigation_direct", direct)
        + s4_block(report, "litigation_after_review", after)
    )


def ask(plan: QueryPlan, reports: list[ReportRef], facts: list[Fact], **more: object):
    """Compose and verify, as the engine does."""
    evidence = Evidence(plan=plan, reports=reports, facts=facts, **more)  # type: ignore[arg-type]
    return verify(compose(evidence, "question"), plan)


def lookup_plan(*keys: str, language: Language = Language.ZH, **more: object) -> QueryPlan:
    metrics = [Metric(key=k) for k in keys]
    return QueryPlan(intent=Intent.LOOKUP, metrics=metrics, language=language, **more)  # type: ignore[arg-type]


# ------------------------------------------------------------------ shared rules


def test_money_is_printed_as_stored_with_its_unit() -> None:
    facts = [fact(JX, "admin_fee_amount_wan", 2561.768)]
    zh = ask(lookup_plan("admin_fee_amount_wan"), [JX], facts)
    en = ask(lookup_plan("admin_fee_amount_wan", language=Language.EN), [JX], facts)
    assert (
        zh.answer.splitlines()[0] == "郏县人民政府2024年：行政事业性收费金额（万元）2561.768万元。"
    )
    assert en.answer.splitlines()[0] == (
        "郏县人民政府, 2024 — administrative fees (10k yuan): 2561.768 wan yuan (万元)."
    )
    assert zh.verified and en.verified


def test_empty_cells_are_said_in_words_never_zero() -> None:
    facts = [
        fact(JX, "new_received", None, column="total"),
        fact(RZ, "new_received", None, column="total", status=CellStatus.NA, raw="/"),
        fact(JW, "new_received", None, column="total", status=CellStatus.MISSING),
    ]
    zh = ask(lookup_plan("new_received"), [JX, RZ, JW], facts)
    assert zh.answer.splitlines()[:3] == [
        "郏县人民政府2024年：本年新收申请空白（未填报）。",
        "汝州市信访局2024年：本年新收申请未填报（原表为“/”）。",
        "涧西区人民政府办公室2024年：本年新收申请未能从原文识别。",
    ]
    en = ask(lookup_plan("new_received", language=Language.EN), [JX, RZ, JW], facts)
    assert en.answer.splitlines()[:3] == [
        "郏县人民政府, 2024 — new requests received: blank (not reported).",
        "汝州市信访局, 2024 — new requests received: not reported (printed “/”).",
        "涧西区人民政府办公室, 2024 — new requests received: could not be read from the source.",
    ]
    assert "0" not in zh.answer.replace("2024", "")


def test_coverage_counts_the_reports_and_names_the_table_they_lack() -> None:
    reports = [ref(n) for n in range(37)]
    facts = [f for r in reports[:35] for f in appeals_facts(r, (0, 0, 0, 0, 0))]
    facts += [f for r in reports[35:] for f in appeals_facts(r, (None,) * 5)]
    plan = lookup_plan("review_total", "litigation_total", appeals=True)
    answer = ask(plan, reports, facts)
    assert answer.answer.splitlines()[-1] == "基于2024年的37份报告；其中2份报告缺少表四数据。"
    assert answer.coverage.reports_considered == 37
    assert answer.coverage.reports_with_values == 35
    assert answer.coverage.reports_missing_values == ["rx0000000035", "rx0000000036"]
    assert answer.coverage.years == [2024]
    assert answer.coverage.text == "基于2024年的37份报告；其中2份报告缺少表四数据"
    en = ask(plan.model_copy(update={"language": Language.EN}), reports, facts)
    assert en.answer.splitlines()[-1] == "Based on 37 reports of 2024; 2 lack table 四."
    assert answer.verified and en.verified


def test_coverage_names_every_table_and_year() -> None:
    facts = s3(JX23, new_received=30) + s3(JX, new_received=None)
    facts += [fact(JX23, "review_total", 1), fact(JX, "review_total", None)]
    answer = ask(lookup_plan("new_received", "review_total"), [JX23, JX], facts)
    assert (
        answer.answer.splitlines()[-1]
        == "基于2023、2024年的2份报告；其中1份报告缺少表三、表四数据。"
    )
    plan = lookup_plan("new_received", "review_total", language=Language.EN)
    en = ask(plan, [JX23, JX], facts)
    assert en.answer.splitlines()[-1] == (
        "Based on 2 reports of 2023, 2024; 1 lacks tables 三 and 四."
    )


def test_plan_notes_and_closest_agencies_are_stated() -> None:
    plan = lookup_plan(
        "new_received",
        notes=["“去年”按2023年理解"],
        agencies=[{"mention": "郏县政府", "matched": ["郏县人民政府"]},
                  {"mention": "夹县", "closest": ["郏县人民政府", "夏县人民政府"]}],
    )  # fmt: skip
    answer = ask(plan, [JX23], s3(JX23, new_received=30))
    assert answer.answer.splitlines() == [
        "郏县人民政府2023年：本年新收申请30件。",
        "基于2023年的1份报告。",
        "说明：“去年”按2023年理解。",
        "说明：未找到机关“夹县”，最接近的是：郏县人民政府、夏县人民政府。",
    ]
    assert answer.notes == [
        "“去年”按2023年理解",
        "未找到机关“夹县”，最接近的是：郏县人民政府、夏县人民政府",
    ]
    assert answer.verified


def test_only_the_facts_used_are_kept_with_their_sources_in_order() -> None:
    facts = s3(JX, new_received=36, granted=12, partially_granted=1, total_processed=36)
    facts += s3(JX, column="natural_person", new_received=30)
    answer = ask(lookup_plan("granted", "new_received"), [JX], facts)
    assert [(f.field, f.column, f.value) for f in answer.facts] == [
        ("granted", "total", 12),
        ("new_received", "total", 36),
    ]
    assert answer.facts[0].source is not None
    assert answer.facts[0].source.file == "r2d010da56d67.txt"

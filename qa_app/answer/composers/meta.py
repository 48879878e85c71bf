"""list_meta and counts of agencies, regions and years: what the corpus holds for the
selection ("2022年有哪些机关的报告", "which years do we have for 郏县", "how many regions").
The numbers are counts of stored reports' metadata, each recorded as a derivation."""

from __future__ import annotations

from ingest.schema import ReportRef
from qa_app.answer.composers.base import Book, Cells, Draft, agency_name, join, tr, years_text
from qa_app.question.plan import Language, Subject

_NAMES = {
    Subject.REPORTS: ("报告", "reports"),
    Subject.AGENCIES: ("机关", "agencies"),
    Subject.REGIONS: ("地区", "regions"),
    Subject.YEARS: ("年份", "years"),
}


def _items(reports: list[ReportRef], subject: Subject, lang: Language) -> list[str]:
    """The distinct values of the subject over the reports, in a stable order."""
    if subject is Subject.YEARS:
        return [str(y) for y in sorted({r.year for r in reports if r.year is not None})]
    if subject is Subject.REGIONS:
        return sorted({r.region for r in reports if r.region})
    if subject is Subject.AGENCIES:
        return sorted({agency_name(r, lang) for r in reports})
    return [_report(r, lang) for r in sorted(reports, key=lambda r: (r.year or 0, r.agency or ""))]


def _report(report: ReportRef, lang: Language) -> str:
    name = agency_name(report, lang)
    if report.year is None:
        return name
    return tr(lang, f"{name}{report.year}年报告", f"{name} ({report.year})")


def _scope(cells: Cells) -> str:
    """'郏县人民政府2022年' — what the selection was narrowed to, for the sentence."""
    lang, plan = cells.lang, cells.evidence.plan
    parts = []
    if plan.filters.regions:  # 示例县有哪些单位: the region, not its agencies again
        parts.append(join(list(plan.filters.regions), lang))
    elif plan.filters.agency_keys:
        named = [n for m in plan.agencies for n in m.matched]
        named = named or sorted({agency_name(r, lang) for r in cells.reports})
        parts.append(join(list(dict.fromkeys(named)), lang))
    if plan.filters.years:
        parts.append(years_text(sorted(plan.filters.years), lang))
    return tr(lang, "".join(parts), ", ".join(parts))


def _count(book: Book, subject: Subject, items: list[str], lang: Language) -> int:
    zh, en = _NAMES[subject]
    n = len(items)
    book.derive(f"count:{subject.value}", tr(lang, f"{zh}数", f"number of {en}"), n,
                f"count of distinct {subject.value} of the selected reports")  # fmt: skip
    return n


def list_meta(cells: Cells, book: Book) -> Draft:
    """The reports, agencies, regions or years of the selection, with how many."""
    lang, subject = cells.lang, cells.evidence.plan.subject
    items = _items(cells.reports, subject, lang)
    zh, en = _NAMES[subject]
    scope = _scope(cells)
    if not items:
        line = tr(lang, f"语料中没有{scope}的{zh}。", f"The corpus has no {en} for {scope}.")
        return Draft(lines=[line])
    n = _count(book, subject, items, lang)
    if subject is Subject.YEARS:
        plural = "s" if n > 1 else ""
        of = f" for {scope}" if scope else ""
        head = tr(
            lang,
            f"语料中{scope}有{n}个年份的报告：",
            f"The corpus has reports of {n} year{plural}{of}: ",
        )
        items = [tr(lang, f"{y}年", y) for y in items]
    else:
        of = tr(lang, f"{scope}的" if scope else "语料中的", f" ({scope})" if scope else "")
        head = tr(lang, f"{of}{zh}共{n}个：", f"{n} {en}{of}: ")
    return Draft(lines=[head + join(items, lang) + tr(lang, "。", ".")])


def count_meta(cells: Cells, book: Book) -> Draft:
    """How many agencies, regions or years the selection has."""
    lang, subject = cells.lang, cells.evidence.plan.subject
    items = _items(cells.reports, subject, lang)
    zh, en = _NAMES[subject]
    n = _count(book, subject, items, lang)
    scope = _scope(cells)
    line = tr(
        lang,
        f"{scope or '语料中'}共有{n}个{zh}：{join(items, lang)}。",
        f"{n} {en}{' for ' + scope if scope else ' in the corpus'}: {join(items, lang)}.",
    )
    return Draft(lines=[line])

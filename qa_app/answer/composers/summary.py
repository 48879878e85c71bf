"""summarize_section: for one report, its enumerated points by part, each run of points
followed by the [passage_id] it was read from; for several, their points grouped into themes
(qa_app/answer/themes.py) ranked by how many reports raise them, each with its examples cited,
the share by year when the selection spans years, and the long tail counted (and, when short,
listed point by point, so a small selection's every point is shown and cited). For one agency
over its years (or when the plan asks, `recurring`): the problems it repeats and what it
promised to fix and then reported again, both sides cited (qa_app/answer/recurrence.py).
Every word of a point is the report's own; every count is recorded as a derivation the
verifier checks.
"""

from __future__ import annotations

from qa_app.answer.composers.base import Book, Cells, Draft, percent, plain, tr
from qa_app.answer.extractive import (
    Part,
    PartKind,
    Point,
    ReportSummary,
    summarize_passages,
)
from qa_app.answer.recurrence import Recurrence, RepeatedProblem, find_recurrence
from qa_app.answer.themes import Theme, ThemePoint, Themes, find_themes
from qa_app.execution.evidence import Citation
from qa_app.question.plan import Language, QueryPlan

_PART_LABELS = {
    PartKind.PROBLEMS: ("存在的主要问题", "problems"),
    PartKind.IMPROVEMENTS: ("改进情况", "improvements"),
}
_SECTION_LABELS = {
    "problems": ("存在的主要问题及改进情况", "problems and improvements"),
    "overview": ("总体情况", "overview"),
    "other": ("其他需要报告的事项", "other matters"),
    "facts": ("表格数据概要", "table facts"),
}


def _who(summary: ReportSummary, lang: Language) -> str:
    name = summary.agency or tr(lang, f"报告{summary.report_id}", f"report {summary.report_id}")
    if summary.year is None:
        return name
    return tr(lang, f"{name}（{summary.year}）", f"{name} ({summary.year})")


def _marker(citations: tuple[Citation, ...]) -> str:
    return "".join(f"[{c.passage_id}]" for c in citations)


def _points(points: list[Point], enumerated: bool, book: Book, lang: Language) -> str:
    """'1. …；2. … [id]': a marker wherever the next point comes from other passages."""
    sep = tr(lang, "；", "; ")
    out = []
    for i, point in enumerate(points):
        text = f"{i + 1}. {point.text}" if enumerated else point.text
        last = i + 1 == len(points)
        if last or points[i + 1].citations != point.citations:
            text += " " + _marker(point.citations)
            for c in point.citations:
                book.cite(c)
        out.append(text)
    return sep.join(out)


def _part_line(summary: ReportSummary, part: Part, section: str, book: Book, lang: Language) -> str:
    zh, en = _PART_LABELS.get(part.kind) or _SECTION_LABELS.get(section, (section, section))
    head = tr(lang, f"{_who(summary, lang)}{zh}：", f"{_who(summary, lang)} — {en}: ")
    return head + _points(part.points, part.enumerated, book, lang)


SHOWN = 12  # themes written out in the answer; all of them are in Answer.themes
PAIRS_SHOWN = 20  # promises reported again written out; all of them are in Answer.recurrence
TAIL_LISTED = 10  # a long tail this short is written out point by point, else only counted


def _part_points(summary: ReportSummary, section: str) -> list[Point]:
    """The points themes are made of: problems for 五 (the problems part, else the whole
    section), every point of any other section."""
    if section == "problems":
        return summary.problem_points
    return [p for part in summary.parts for p in part.points]


def _example(point: ThemePoint, lang: Language) -> str:
    name = point.agency or point.report_id
    who = (
        name
        if point.year is None
        else tr(lang, f"{name}（{point.year}）", f"{name} ({point.year})")
    )
    return f"{who}：{point.text} " + "".join(f"[{pid}]" for pid in point.passage_ids)


def _theme_lines(
    number: int, theme: Theme, n: int, by_year: dict[int, int], book: Book, lang: Language
) -> list[str]:
    """'1. label [id] —— 12/33份报告（36.4%）', its examples, and its share by year."""
    label = _example(theme.examples[0], lang).split("：", 1)[1]
    count = book.derive(f"count:theme:{number}", theme.label, theme.reports, "reports raising it")
    share = book.derive(f"share:theme:{number}", theme.label, theme.share, f"{theme.reports}/{n}")
    head = f"{number}. {label}" + tr(
        lang,
        f" —— {plain(count.value)}/{n}份报告提到（{percent(share.value)}）",
        f" — raised by {plain(count.value)} of {n} reports ({percent(share.value)})",
    )
    lines = [head]
    others = theme.examples[1:]
    if others:
        lines.append(
            tr(lang, "　例：", "   e.g. ")
            + tr(lang, "；", "; ").join(_example(p, lang) for p in others)
        )
    years = sorted(by_year)
    if len(years) >= 2:
        steps = []
        for year in years:
            k = theme.reports_by_year.get(year, 0)
            of = by_year[year]
            rate = book.derive(f"share:theme:{number}:{year}", theme.label, k / of, f"{k}/{of}")
            steps.append(
                tr(lang, f"{year}年{percent(rate.value)}", f"{year}: {percent(rate.value)}")
            )
        lines.append(tr(lang, "　各年提及比例：", "   share by year: ") + " → ".join(steps))
    return lines


def _repeated(themes: Themes, lang: Language) -> str:
    """For one agency over several years: the themes it raised every year."""
    years = sorted(themes.reports_by_year)
    every = [
        i + 1 for i, t in enumerate(themes.themes) if all(t.reports_by_year.get(y) for y in years)
    ]
    if not every:
        return tr(lang, "没有哪个问题在每个年度都被提到。", "No problem was raised every year.")
    listed = (
        "、".join(f"第{i}项" for i in every)
        if lang is Language.ZH
        else ", ".join(f"#{i}" for i in every)
    )
    return tr(lang, f"每个年度都提到的问题：{listed}。", f"Raised every year: {listed}.")


def _cite_all(themes: Themes, passages: list[Citation], book: Book) -> None:
    """Every point's passages join the answer's citations (the JSON's themes name them)."""
    by_id = {c.passage_id: c for c in passages}
    seen = {c.passage_id for c in book.passages}
    members = [m for t in themes.themes for m in t.members] + themes.long_tail
    for member in members:
        for pid in member.passage_ids:
            if pid not in seen and pid in by_id:
                seen.add(pid)
                book.passages.append(by_id[pid])


def _themed(
    summaries: list[ReportSummary],
    section: str,
    passages: list[Citation],
    book: Book,
    lang: Language,
) -> tuple[list[str], Themes]:
    themes = find_themes(summaries, lambda s: _part_points(s, section), section=section)
    n = themes.reports_considered
    years = sorted(themes.reports_by_year)
    for year in years if len(years) >= 2 else ():
        book.derive(f"count:reports:{year}", str(year), themes.reports_by_year[year], "reports")
    label = tr(lang, *_SECTION_LABELS.get(section, (section, section)))
    lines = [
        tr(
            lang,
            f"{label}：{n}份报告的要点归为{len(themes.themes)}个共性主题（按提到的报告数排序）：",
            f"{label}: the points of {n} reports fall into {len(themes.themes)} shared themes "
            f"(by how many reports raise them):",
        )
    ]
    book.derive("count:themes", "themes", len(themes.themes), "themes raised by 2+ reports")
    for i, theme in enumerate(themes.themes[:SHOWN], 1):
        lines += _theme_lines(i, theme, n, themes.reports_by_year, book, lang)
    rest = themes.themes[SHOWN:]
    if rest:
        book.derive("count:themes_not_shown", "themes not shown", len(rest), "themes past the top")
        most = book.derive("count:themes_not_shown_max", "at most", rest[0].reports, "reports")
        lines.append(
            tr(
                lang,
                f"另有{len(rest)}个主题各由不超过{plain(most.value)}份报告提到（见导出或JSON）。",
                f"{len(rest)} more themes are raised by at most {plain(most.value)} reports "
                "each (see the export or the JSON).",
            )
        )
    if themes.long_tail:
        tail = len(themes.long_tail)
        owners = len({p.report_id for p in themes.long_tail})
        book.derive("count:long_tail", "long tail", tail, "points no other report shares")
        book.derive("count:long_tail_reports", "long tail reports", owners, "their reports")
        listed = tail <= TAIL_LISTED
        lines.append(
            tr(
                lang,
                f"另有{tail}个要点没有别的报告提到（来自{owners}份报告）"
                + ("：" if listed else "。"),
                f"{tail} further point(s) appear in one report only ({owners} report(s))"
                + (":" if listed else "."),
            )
        )
        if listed:
            lines += [tr(lang, "　- ", "   - ") + _example(p, lang) for p in themes.long_tail]
    agencies = {s.agency for s in summaries}
    if len(agencies) == 1 and len(years) >= 2 and themes.themes and section != "problems":
        lines.append(_repeated(themes, lang))  # problems: the agency's own grouping, below
    _cite_all(themes, passages, book)
    return lines, themes


def _cite_points(points: list[ThemePoint], passages: list[Citation], book: Book) -> None:
    by_id = {c.passage_id: c for c in passages}
    for point in points:
        for pid in point.passage_ids:
            if pid in by_id:
                book.cite(by_id[pid])


def _repeated_lines(
    r: Recurrence, several: bool, passages: list[Citation], book: Book, lang: Language
) -> list[str]:
    """The problems an agency raised every year, then those of several years, each cited."""
    who = (r.agency or "") if several else ""
    every = [p for p in r.repeated if p.years == r.years]
    some = [p for p in r.repeated if p.years != r.years]
    sep = tr(lang, "；", "; ")
    for problem in r.repeated:
        _cite_points(problem.points, passages, book)
    lines = []
    if every:
        lines.append(
            tr(
                lang,
                f"{who}每个年度都提到的问题：",
                f"{who + ': ' if who else ''}raised every year: ",
            )
            + sep.join(f"{p.label} {_all_ids(p)}" for p in every)
        )
    elif not several:
        lines.append(
            tr(lang, "没有哪个问题在每个年度都被提到。", "No problem was raised every year.")
        )
    if some and not several:
        lines.append(
            tr(lang, "在几个年度重复提到的问题：", "Raised again in some years: ")
            + sep.join(f"{p.label}（{_years(p.years, lang)}）{_all_ids(p)}" for p in some)
        )
    return lines


def _years(years: list[int], lang: Language) -> str:
    return tr(lang, "、".join(map(str, years)) + "年", ", ".join(map(str, years)))


def _all_ids(problem: RepeatedProblem) -> str:
    return "".join(dict.fromkeys(_ids(m) for m in problem.points))


def _recurrence_lines(
    found: list[Recurrence], passages: list[Citation], book: Book, lang: Language
) -> list[str]:
    """Per agency: the improvements it promised and reported again as problems later, both
    sides cited; the number compared to the number of promises that had a later report."""
    lines: list[str] = []
    several = len(found) > 1
    shown = 0
    for k, r in enumerate(found):
        name = r.agency or ""
        lines += _repeated_lines(r, several, passages, book, lang)
        if not r.promises:
            if not several:
                lines.append(
                    tr(
                        lang,
                        "“改进情况”中没有可与以后年度的问题比对的要点。",
                        "No improvement point has a later report to be held against.",
                    )
                )
            continue
        n = book.derive(f"count:promised_again:{k}", name, len(r.promised_again), "pairs")
        of = book.derive(f"count:promises:{k}", name, r.promises, "improvement points")
        who = f"{name}" if several else ""
        if not r.promised_again:
            if several:
                continue
            lines.append(
                tr(
                    lang,
                    f"{who}“改进情况”中的{plain(of.value)}项改进要点，没有在以后年度的报告中"
                    "又作为问题提出。",
                    f"None of the {plain(of.value)} improvement points was raised again as a "
                    "problem in a later report.",
                )
            )
            continue
        lines.append(
            tr(
                lang,
                f"{who}说要改进、此后又作为问题提出的（{plain(n.value)}处；"
                f"比对了{plain(of.value)}项改进要点）：",
                f"{who + ': ' if who else ''}promised to fix, then reported again as a problem "
                f"({plain(n.value)} pair(s); {plain(of.value)} improvement points compared):",
            )
        )
        for pair in r.promised_again:
            if shown == PAIRS_SHOWN:
                break
            shown += 1
            p, q = pair.promised, pair.reported
            lines.append(
                tr(
                    lang,
                    f"　- {p.year}年承诺：{p.text} {_ids(p)} → "
                    f"{q.year}年又报告：{q.text} {_ids(q)}",
                    f"   - promised in {p.year}: {p.text} {_ids(p)} → reported again in "
                    f"{q.year}: {q.text} {_ids(q)}",
                )
            )
            _cite_points([p, q], passages, book)
    total = sum(len(r.promised_again) for r in found)
    if total > shown:
        rest = book.derive("count:promised_again_not_shown", "not shown", total - shown, "pairs")
        lines.append(
            tr(
                lang,
                f"另有{plain(rest.value)}处未列出（见JSON）。",
                f"{plain(rest.value)} more are not listed (see the JSON).",
            )
        )
    return lines


def _ids(point: ThemePoint) -> str:
    return "".join(f"[{pid}]" for pid in point.passage_ids)


def _recurring(
    plan: QueryPlan,
    summaries: list[ReportSummary],
    passages: list[Citation],
    book: Book,
    lang: Language,
) -> tuple[list[str], list[Recurrence]]:
    """For a problems summary of one agency over its years (or when asked: 说要改进又出现的,
    年年都有): what each agency repeats and the promises it reported again (recurrence.py).
    Asked with no agency of two years, say what it needs."""
    one_agency = len({s.agency for s in summaries}) == 1
    if plan.section != "problems" or not (plan.recurring or one_agency):
        return [], []
    found = find_recurrence(summaries)
    if not found:
        if not plan.recurring:
            return [], []
        return [
            tr(
                lang,
                "比对承诺与后来的问题需要同一机关至少两个年度的报告，所选报告中没有。",
                "Holding promises against later problems needs two years of one agency's "
                "reports; the selection has none.",
            )
        ], []
    return _recurrence_lines(found, passages, book, lang), found


def summarize_section(cells: Cells, book: Book) -> Draft:
    """One report: its points, part by part, cited. Several: their points grouped into themes,
    ranked by how many reports raise them, with examples and the long tail counted."""
    plan, lang = cells.evidence.plan, cells.lang
    passages = [p for p in cells.evidence.passages if p.section == plan.section]
    order = {r.report_id: i for i, r in enumerate(cells.reports)}
    summaries = sorted(
        summarize_passages(passages), key=lambda s: order.get(s.report_id, len(order))
    )
    summaries = [s for s in summaries if s.parts]
    themes = None
    if len(summaries) >= 2:
        lines, themes = _themed(summaries, plan.section, passages, book, lang)
    else:
        lines = [
            _part_line(s, part, plan.section, book, lang) for s in summaries for part in s.parts
        ]
    more, recurrence = _recurring(plan, summaries, passages, book, lang)
    # Asked about repeats and promises (plan.recurring), that is the answer: it leads, the
    # themes follow as context. Otherwise it is the context, after the themes.
    lines = more + lines if plan.recurring else lines + more
    if not lines:
        label = tr(lang, *_SECTION_LABELS.get(plan.section, (plan.section, plan.section)))
        lines = [
            tr(
                lang,
                f"所选报告中没有找到“{label}”部分的内容。",
                f"No text of the {label} section was found in the selected reports.",
            )
        ]
    summarized = {s.report_id for s in summaries}
    missing = {r.report_id: {"section"} for r in cells.reports if r.report_id not in summarized}
    return Draft(lines=lines, missing=missing, themes=themes, recurrence=recurrence)

"""What the planner tells the user about its reading, in the question's language.

Notes are shown with the answer (plan.notes): every guess the planner made (a relative year,
a region read as its government, an ambiguous or unknown name) is said, never silently taken.
"""

from __future__ import annotations

from qa_app.plan import Language

NOTES: dict[str, tuple[str, str]] = {
    "relative_year": (
        "“{expr}”按语料中最新的报告年份{latest}年推算",
        "'{expr}' counted from the latest report year in the corpus ({latest})",
    ),
    "relative_unresolved": (
        "“{expr}”无法换算成年份：语料中还没有带年份的报告",
        "'{expr}' could not be turned into a year: the corpus has no dated reports",
    ),
    "region_read_as": (
        "“{mention}”按{name}理解（{region}的其他单位：{others}）",
        "'{mention}' read as {name} (other agencies in {region}: {others})",
    ),
    "region_read_as_only": ("“{mention}”按{name}理解", "'{mention}' read as {name}"),
    "region_all": (
        "“{mention}”按{region}的全部{n}个单位理解：{names}",
        "'{mention}' taken as all {n} agencies in {region}: {names}",
    ),
    "department_read_as": ("“{mention}”按{name}理解", "'{mention}' read as {name}"),
    "ambiguous": (
        "“{mention}”可指{n}个单位：{names}；均予列出",
        "'{mention}' fits {n} agencies: {names}; all of them are answered",
    ),
    "unknown_agency": (
        "语料中没有“{mention}”的报告{closest}",
        "the corpus has no reports from '{mention}'{closest}",
    ),
    "closest": ("；最接近的名称：{names}", "; closest names: {names}"),
    "carry_ambiguous": (
        "“结转”按“结转下年度继续办理”理解（上年转来的请问“上年结转”）",
        "'结转' read as carried forward to next year (ask for 上年结转 for carried over)",
    ),
    "s2_column_default": (
        "表二该行没有所问的栏目，按其主要栏目回答",
        "that row of table 二 has no such column; its main column is answered",
    ),
    "column_ignored": (
        "申请人类别只适用于表三（收到和处理申请情况），已忽略",
        "applicant types apply to table 三 (requests) only, so they were ignored",
    ),
    "no_metric": (
        "问题中没有报告里能查到的指标（如收到申请、予以公开、不予公开、行政复议、行政诉讼、"
        "行政许可、行政处罚），也不是总结或核查类问题",
        "the question names no figure the reports contain (e.g. requests received, granted, "
        "denied, reconsiderations, lawsuits, licensing, penalties) and asks for no summary "
        "or check",
    ),
    "no_claim_metric": (
        "要核对的数字{value}对应哪个指标，问题中没有说明",
        "the number to check ({value}) is not tied to any figure the reports contain",
    ),
    "verify_what": (
        "要核对哪个数字？请写明单位、年份、指标和数字，例如：郏县人民政府2024年行政复议是9件吗",
        "which figure should be checked? Name the agency, year, figure and number, e.g. "
        "did 郏县人民政府 have 9 reconsiderations in 2024?",
    ),
    "no_claim_value": (
        "没有找到要核对的数字，给出报告中的数值及出处",
        "no number to check was given; the reported value and its source are shown",
    ),
    "summed": (
        "未指定单位：对符合条件的全部报告求和",
        "no agency named: the figure is summed over all matching reports",
    ),
    "compare_years_default": ("比较的年份取{years}", "comparing the years {years}"),
    "top_n_default": (
        "未给出名次数，列出前{n}名",
        "no number of results given; the top {n} are listed",
    ),
    "other_handling_versions": (
        "“其他处理”在2021版表格中分三行，在2019版中为一行，均予列出",
        "'other handling' is three rows in the 2021 template and one in 2019; all are listed",
    ),
}


class Notes:
    """The notes of one plan, rendered in the question's language, each at most once."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.items: list[str] = []

    def add(self, key: str, **values: object) -> None:
        zh, en = NOTES[key]
        text = (zh if self.language is Language.ZH else en).format(**values)
        if text not in self.items:
            self.items.append(text)

    def names(self, names: list[str] | tuple[str, ...]) -> str:
        return ("、" if self.language is Language.ZH else ", ").join(names)

    def closest(self, names: tuple[str, ...]) -> str:
        if not names:
            return ""
        zh, en = NOTES["closest"]
        return (zh if self.language is Language.ZH else en).format(names=self.names(names))

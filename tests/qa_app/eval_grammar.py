"""The evaluation grammar of issue 14: templates x glossary x agencies x years -> questions in
Chinese and English, formal and colloquial, for every intent, each with the facts it must be
answered with, computed here from the generator's records (never from govqa's output).

Run `python -m tests.qa_app.eval_grammar` for the per-intent table over a fresh small corpus.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ingest.numbers import exact_decimal
from ingest.parse import parse_file
from ingest.schema import Report
from ingest.template import FIELD_CATALOG
from qa_app.answer.model import Answer
from qa_app.question.lexicon import MIN_LITERAL
from qa_app.question.vocabulary import GlossaryEntry, glossary, topics
from synthetic import FileKind, generate_corpus, render_file

YEARS = (2020, 2021, 2022, 2023, 2024)
N_AGENCIES = 6
SEED = 20250
GAP = (0, 2022)  # the first agency's report of this year is left out: a missing year
Check = Callable[[Answer], list[str]]


@dataclass
class Question:
    text: str
    intent: str  # what the question asks, by the grammar (not by the planner)
    language: str  # zh | en
    register: str  # formal | colloquial
    check: Check
    structured: bool = True


def corpus_records() -> list[Report]:
    """The evaluation corpus: N_AGENCIES agencies x YEARS, one report left out (GAP)."""
    records = generate_corpus(N_AGENCIES, YEARS, SEED)
    agencies = list(dict.fromkeys(r.agency for r in records))
    gap_agency, gap_year = agencies[GAP[0]], GAP[1]
    return [r for r in records if not (r.agency == gap_agency and r.year == gap_year)]


# ---------------------------------------------------------------- truth from the records

_SECTION = {key: section for (section, key) in FIELD_CATALOG}
_DENIED = [k for k in _SECTION if k.startswith("denied_")]
_UNABLE = [k for k in _SECTION if k.startswith("unable_")]
_NOT_PROCESSED = [k for k in _SECTION if k.startswith("not_processed_")]


def cell(report: Report, key: str, column: str = "total") -> Decimal | None:
    """A record's cell as a Decimal, None when blank or absent (never 0)."""
    section = _SECTION[key]
    if section == "s3":
        found = report.s3.get(key, {}).get(column)
    else:
        found = getattr(report, section).get(key)
    if found is None or found.value is None:
        return None
    return exact_decimal(found.value)


def _sum(report: Report, keys: Sequence[str], column: str = "total") -> Decimal | None:
    values = [cell(report, k, column) for k in keys]
    return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[misc]


def truth(report: Report, key: str, column: str = "total") -> Decimal | None:
    """The value of a field or derived measure, by the design's definitions."""
    if key in _SECTION:
        return cell(report, key, column)
    if key == "litigation_total":
        return _sum(report, ["litigation_direct_total", "litigation_after_review_total"])
    if key == "denied_total":
        return _sum(report, _DENIED, column)
    if key == "unable_total":
        return _sum(report, _UNABLE, column)
    if key == "not_processed_total":
        return _sum(report, _NOT_PROCESSED, column)
    if key == "disclosure_rate":
        top, bottom = (
            _sum(report, ["granted", "partially_granted"], column),
            cell(report, "total_processed", column),
        )
        return None if top is None or not bottom else top / bottom
    if key == "correction_rate":
        top, all_, pending = (
            cell(report, k) for k in ("review_corrected", "review_total", "review_pending")
        )
        if top is None or all_ is None or pending is None or all_ - pending == 0:
            return None
        return top / (all_ - pending)
    raise KeyError(key)


RATES = {"disclosure_rate", "correction_rate"}


def shown(value: Decimal, key: str) -> str:
    """How an answer prints the value: counts and money as stored, rates in percent."""
    if key in RATES:
        return f"{float(value) * 100:.1f}%"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


# ---------------------------------------------------------------- checks


def _sourced(answer: Answer) -> list[str]:
    problems = [
        f"fact {f.field} of {f.agency} has no source"
        for f in answer.facts
        if f.value is not None and f.source is None
    ]
    if not answer.verified:
        problems.append(f"not verified: {[m.number for m in answer.mismatches]}")
    return problems


def value_check(report: Report, key: str, column: str, expected: Decimal) -> Check:
    """The answer carries the report's cell (or the derived value) and prints it."""

    def check(answer: Answer) -> list[str]:
        problems = _sourced(answer)
        if key in _SECTION:
            hits = [
                f
                for f in answer.facts
                if (f.agency, f.year) == (report.agency, report.year)
                and f.field == key
                and (f.column or "total") == column
            ]
            if not hits or exact_decimal(hits[0].value) != expected:
                problems.append(f"no fact {key}[{column}] = {expected} of {report.agency}")
        else:
            hits_d = [d for d in answer.derived if d.name == key]
            if not any(abs(exact_decimal(d.value) - expected) < Decimal("1e-9") for d in hits_d):
                problems.append(f"no derived {key} = {expected}")
        if shown(expected, key) not in answer.answer:
            problems.append(f"{shown(expected, key)} not in the answer")
        return problems

    return check


def derived_check(name_prefix: str, expected: Decimal, text: str) -> Check:
    def check(answer: Answer) -> list[str]:
        problems = _sourced(answer)
        ok = [
            d
            for d in answer.derived
            if d.name.startswith(name_prefix)
            and abs(exact_decimal(d.value) - expected) < Decimal("1e-9")
        ]
        if not ok:
            problems.append(f"no derived {name_prefix} = {expected}")
        if text not in answer.answer:
            problems.append(f"{text!r} not in the answer")
        return problems

    return check


def names_check(expected: Iterable[str], absent: Iterable[str] = ()) -> Check:
    wanted, unwanted = sorted(set(expected)), sorted(set(absent))

    def check(answer: Answer) -> list[str]:
        problems = [] if answer.verified else ["not verified"]
        problems += [f"{n} missing" for n in wanted if n not in answer.answer]
        problems += [f"{n} should not be there" for n in unwanted if n in answer.answer]
        return problems

    return check


def reports_check(
    expected_ids: set[tuple[str | None, int | None]], *, passages: bool = False
) -> Check:
    """A composite answer: the condition's cells are exactly those of the expected reports;
    passages (if any) come only from them."""

    def check(answer: Answer) -> list[str]:
        problems = _sourced(answer)
        got = {(f.agency, f.year) for f in answer.facts}
        if got != expected_ids:
            problems.append(f"selected {sorted(got)} != {sorted(expected_ids)}")
        cited = {(p.agency, p.year) for p in answer.passages}
        if not cited <= expected_ids:
            problems.append(f"passages from {sorted(cited - expected_ids)}")
        if passages and expected_ids and not cited:
            problems.append("no passage cited")
        if answer.plan is None or len(answer.plan.steps) != 2:
            problems.append("the plan does not show both steps")
        return problems

    return check


def no_fact_check(mention: str) -> Check:
    def check(answer: Answer) -> list[str]:
        problems = [f"facts {[f.agency for f in answer.facts]}"] if answer.facts else []
        if not any(mention in n for n in answer.notes):
            problems.append(f"no note names {mention}")
        return problems

    return check


# ---------------------------------------------------------------- templates

ZH_FORMAL = ("{agency}{year}年{phrase}是多少？", "{year}年{agency}的{phrase}有多少")
ZH_COLLOQUIAL = ("{agency}{year}年{phrase}？", "{year}年{agency}{phrase}",
                 "{region}{year}年{phrase}？", "{year}年{region}那边{phrase}")  # fmt: skip
EN = ("What is the {phrase} for {agency} in {year}?", "{agency}, {year}: {phrase}?",
      "How many {phrase} did {agency} have in {year}?", "{year} {phrase} at {agency}?")  # fmt: skip


def _edition(year: int) -> str:
    return "v2019" if year <= 2020 else "v2021"


def _available(key: str, year: int) -> bool:
    if key in _SECTION:
        info = next(i for (_s, k), i in FIELD_CATALOG.items() if k == key)
        return _edition(year) in {v.value for v in info.versions}
    return key in DERIVED_KEYS


DERIVED_KEYS = {"denied_total", "unable_total", "not_processed_total", "disclosure_rate",
                "correction_rate", "litigation_total"}  # fmt: skip


def lookups(records: Sequence[Report], rng: random.Random) -> list[Question]:
    """Every glossary phrasing of every field, in a report whose edition prints it, with a
    value; a column's phrasings with the requests received."""
    out: list[Question] = []
    by_year: dict[int, list[Report]] = defaultdict(list)
    for r in records:
        by_year[r.year or 0].append(r)
    for entry in glossary().entry:
        key, column = ("new_received", entry.column) if entry.is_column else (entry.key, "total")
        years = [y for y in YEARS if _available(key, y)]
        if not years:
            continue
        for phrase, language, register in _phrasings(entry):
            candidates = [
                r for y in years for r in by_year[y] if truth(r, key, column or "total") is not None
            ]
            if not candidates:
                continue
            templates = {"zh": ZH_FORMAL if register == "formal" else ZH_COLLOQUIAL, "en": EN}
            asked = _column_question(phrase, language) if entry.is_column else phrase
            k = min(TEMPLATES_PER_PHRASING, len(templates[language]))
            for template in rng.sample(templates[language], k):
                report = rng.choice(candidates)
                expected = truth(report, key, column or "total")
                assert expected is not None
                if "{region}" in template and not _is_government(report):
                    template = templates[language][0]
                text = template.format(
                    agency=report.agency, region=report.region, year=report.year, phrase=asked
                )
                check = value_check(report, key, column or "total", expected)
                out.append(Question(text, "lookup", language, register, check))
    return out


TEMPLATES_PER_PHRASING = 2  # each phrasing asked in two templates, of two reports


def _is_government(report: Report) -> bool:
    """A region alone (示例县) names its government: only such reports are asked that way."""
    rest = (report.agency or "").removeprefix(report.region or "")
    return rest in ("人民政府", "人民政府办公室")


def _phrasings(entry: GlossaryEntry) -> Iterable[tuple[str, str, str]]:
    """Every phrasing the glossary reads literally (Chinese words of 3+ characters: shorter
    ones such as 其他 need the context terms.toml gives them)."""
    for phrase in (entry.formal, *entry.short):
        if len(phrase) >= MIN_LITERAL:
            yield phrase, "zh", "formal"
    for phrase in entry.zh:
        if len(phrase) >= MIN_LITERAL:
            yield phrase, "zh", "colloquial"
    for phrase in entry.en:
        yield phrase, "en", "formal"


def _column_question(phrase: str, language: str) -> str:
    return f"{phrase}提出的申请" if language == "zh" else f"requests from {phrase}"


DIFF_PAIRS = (
    (
        "licensing_decisions",
        "penalty_decisions",
        "行政许可",
        "行政处罚",
        "licensing decisions",
        "penalty decisions",
    ),
    (
        "granted",
        "partially_granted",
        "予以公开",
        "部分公开",
        "requests granted in full",
        "partially granted requests",
    ),
    (
        "penalty_decisions",
        "coercion_decisions",
        "行政处罚",
        "行政强制",
        "penalty decisions",
        "coercion decisions",
    ),
    ("review_total", "litigation_total", "行政复议", "行政诉讼", "reconsiderations", "lawsuits"),
)
DIFF_ZH = (
    "{agency}{year}年{a}比{b}多多少",
    "{year}年{agency}的{a}和{b}相差多少件",
    "{agency}{year}年{a}比{b}多出几件",
)
DIFF_EN = (
    "How many more {a} than {b} did {agency} have in {year}?",
    "What is the difference between {a} and {b} for {agency} in {year}?",
)


def differences(records: Sequence[Report], rng: random.Random) -> list[Question]:
    out = []
    for report in records:
        for a, b, za, zb, ea, eb in DIFF_PAIRS:
            x, y = truth(report, a), truth(report, b)
            if x is None or y is None:
                continue
            formula = f"{shown(x, a)}-{shown(y, b)}={shown(x - y, a)}"
            zh = rng.choice(DIFF_ZH).format(agency=report.agency, year=report.year, a=za, b=zb)
            en = rng.choice(DIFF_EN).format(agency=report.agency, year=report.year, a=ea, b=eb)
            out.append(
                Question(zh, "derive", "zh", "colloquial", derived_check("diff:", x - y, formula))
            )
            out.append(
                Question(en, "derive", "en", "formal", derived_check("diff:", x - y, formula))
            )
    return out


GROWTH_ZH = (
    "{agency}{year}年{phrase}比上年增长了百分之几",
    "{agency}{year}年{phrase}的增长率是多少",
)
GROWTH_EN = ("By what percentage did {phrase} of {agency} change in {year}?",)
GROWTH_FIELDS = (
    ("new_received", "收到的申请", "requests received"),
    ("total_processed", "办结的申请", "requests processed"),
    ("granted", "予以公开的申请", "requests granted in full"),
)


def growths(records: Sequence[Report], rng: random.Random) -> list[Question]:
    out = []
    index = {(r.agency, r.year): r for r in records}
    for report in records:
        earlier = index.get((report.agency, (report.year or 0) - 1))
        if earlier is None:
            continue
        for key, zh_phrase, en_phrase in GROWTH_FIELDS:
            x, y = truth(report, key), truth(earlier, key)
            if x is None or not y:
                continue
            growth = (x - y) / y
            formula = f"({shown(x, key)}-{shown(y, key)})/{shown(y, key)}"
            text = f"{float(abs(growth)) * 100:.1f}%"
            for template, language in [
                (rng.choice(GROWTH_ZH), "zh"),
                (rng.choice(GROWTH_EN), "en"),
            ]:
                phrase = zh_phrase if language == "zh" else en_phrase
                q = template.format(agency=report.agency, year=report.year, phrase=phrase)
                out.append(
                    Question(
                        q,
                        "derive",
                        language,
                        "colloquial",
                        derived_check("growth:", growth, formula),
                    )
                )
                assert text
    return out


SHARE_ZH = ("{year}年全部机关{phrase}占办理结果总计的比例", "{year}年总体上{phrase}的占比是多少")
SHARE_EN = ("What share of requests were {phrase} across all agencies in {year}?",)
SHARE_FIELDS = (
    ("granted", "予以公开", "granted in full"),
    ("partially_granted", "部分公开", "partially granted"),
    ("not_processed_total", "不予处理", "not processed"),
)


def shares(records: Sequence[Report], rng: random.Random) -> list[Question]:
    out = []
    for year in YEARS:
        in_year = [r for r in records if r.year == year]
        for key, zh_phrase, en_phrase in SHARE_FIELDS:
            pairs = [(truth(r, key), truth(r, "total_processed")) for r in in_year]
            usable = [(a, b) for a, b in pairs if a is not None and b is not None]
            top = sum((a for a, _ in usable), Decimal(0))
            bottom = sum((b for _, b in usable), Decimal(0))
            if not bottom:
                continue
            formula = f"{shown(top, key)}/{shown(bottom, key)}"
            for template in SHARE_ZH:
                q = template.format(year=year, phrase=zh_phrase)
                out.append(
                    Question(
                        q, "derive", "zh", "formal", derived_check("share:", top / bottom, formula)
                    )
                )
            for template in SHARE_EN:
                q = template.format(year=year, phrase=en_phrase)
                out.append(
                    Question(
                        q, "derive", "en", "formal", derived_check("share:", top / bottom, formula)
                    )
                )
    return out


PER_REPORT_ZH = "{year}年各机关{phrase}的占比分别是多少"
PER_REPORT_EN = "What share of requests did each agency report as {phrase} in {year}?"


def per_report_shares(records: Sequence[Report]) -> list[Question]:
    """A rate per agency: every report's own share, with its formula."""
    out = []
    for year in YEARS:
        in_year = [r for r in records if r.year == year]
        for key, zh_phrase, en_phrase in SHARE_FIELDS:
            texts = []
            for r in in_year:
                top, bottom = truth(r, key), truth(r, "total_processed")
                if top is not None and bottom:
                    texts.append(f"{shown(top, key)}/{shown(bottom, key)}")
            check = names_check(texts)
            out.append(Question(PER_REPORT_ZH.format(year=year, phrase=zh_phrase), "derive",
                                "zh", "colloquial", check))  # fmt: skip
            out.append(Question(PER_REPORT_EN.format(year=year, phrase=en_phrase), "derive",
                                "en", "formal", check))  # fmt: skip
    return out


def metas(records: Sequence[Report]) -> list[Question]:
    out = []
    agencies = sorted({r.agency for r in records if r.agency})
    for year in YEARS:
        present = {r.agency for r in records if r.year == year and r.agency}
        absent = set(agencies) - present
        for text, language in (
            (f"{year}年有哪些机关的报告", "zh"),
            (f"{year}年的报告都是哪些单位的", "zh"),
            (f"Which agencies have reports for {year}?", "en"),
        ):
            out.append(
                Question(text, "list_meta", language, "colloquial", names_check(present, absent))
            )
        n = sum(1 for r in records if r.year == year)
        for text, language in (
            (f"{year}年有多少份报告", "zh"),
            (f"How many reports are there for {year}?", "en"),
        ):
            out.append(Question(text, "count_reports", language, "formal", names_check([str(n)])))
    for agency in agencies:
        years = sorted(r.year for r in records if r.agency == agency and r.year)
        missing = [y for y in YEARS if y not in years]
        for text, language in (
            (f"{agency}有哪几年的报告", "zh"),
            (f"Which years do we have for {agency}?", "en"),
            (f"语料里{agency}有哪些年份的报告", "zh"),
        ):
            out.append(
                Question(
                    text,
                    "list_meta",
                    language,
                    "colloquial",
                    names_check([str(y) for y in years], [str(y) for y in missing]),
                )
            )
        for year in missing:
            for text, language in (
                (f"{agency}{year}年收到多少申请", "zh"),
                (f"How many requests did {agency} receive in {year}?", "en"),
            ):
                out.append(Question(text, "missing_year", language, "formal", _missing(years)))
    regions = sorted({r.region for r in records if r.region})
    out.append(Question("语料里有哪些地区", "list_meta", "zh", "colloquial", names_check(regions)))
    out.append(
        Question(
            "How many regions are in the corpus?",
            "count_reports",
            "en",
            "formal",
            names_check([str(len(regions))]),
        )
    )
    return out


def _missing(years: list[int]) -> Check:
    def check(answer: Answer) -> list[str]:
        problems = [f"facts {[(f.agency, f.year) for f in answer.facts]}"] if answer.facts else []
        if not any(all(str(y) in n for y in years) for n in answer.notes):
            problems.append(f"no note lists the years {years}")
        return problems

    return check


def lists_and_ranks(records: Sequence[Report]) -> list[Question]:
    out = []
    for year in YEARS:
        in_year = [r for r in records if r.year == year]
        with_review = {r.agency for r in in_year if (truth(r, "review_total") or 0) > 0}
        without = {r.agency for r in in_year} - with_review
        for text, language in (
            (f"{year}年哪些机关有行政复议", "zh"),
            (f"Which agencies had administrative reconsiderations in {year}?", "en"),
        ):
            out.append(
                Question(
                    text,
                    "list_where",
                    language,
                    "formal",
                    names_check(with_review, without if with_review else ()),
                )
            )
        values = [(truth(r, "new_received"), r.agency) for r in in_year]
        values = [(v, a) for v, a in values if v is not None]
        best = max(v for v, _ in values)
        leaders = [a for v, a in values if v == best]
        if len(leaders) == 1:
            for text, language in (
                (f"{year}年收到申请最多的是哪个机关", "zh"),
                (f"Which agency received the most requests in {year}?", "en"),
            ):
                out.append(
                    Question(
                        text,
                        "rank",
                        language,
                        "colloquial",
                        names_check([*leaders, shown(best, "new_received")]),
                    )
                )
        total = sum((v for v, _ in values), Decimal(0))
        if len(values) == len(in_year):
            for text, language in (
                (f"{year}年所有机关一共收到多少申请", "zh"),
                (f"How many requests did all agencies receive in total in {year}?", "en"),
            ):
                out.append(
                    Question(
                        text,
                        "aggregate",
                        language,
                        "colloquial",
                        names_check([shown(total, "new_received")]),
                    )
                )
    for report in records[:: max(1, len(records) // 8)]:
        value = truth(report, "review_total")
        if value is None:
            continue
        claim = value + 1
        q = f"{report.agency}{report.year}年行政复议是{shown(claim, 'review_total')}件吗？"
        out.append(
            Question(
                q,
                "verify_claim",
                "zh",
                "colloquial",
                names_check(["不对", shown(value, "review_total")]),
            )
        )
        n = shown(value, "review_total")
        q = f"Did {report.agency} have {n} reconsiderations in {report.year}?"
        out.append(Question(q, "verify_claim", "en", "formal", names_check(["Yes"])))
    return out


def composites(records: Sequence[Report]) -> list[Question]:
    out = []
    for year in (None, *YEARS):
        scope = [r for r in records if year is None or r.year == year]
        prefix_zh = f"{year}年" if year else ""
        suffix_en = f" in {year}" if year else ""
        corrected = {(r.agency, r.year) for r in scope if (truth(r, "review_corrected") or 0) > 0}
        for text, language in (
            (f"总结{prefix_zh}行政复议被纠正的机关存在的主要问题", "zh"),
            (
                "Summarize the problems of agencies whose reconsiderations were corrected"
                + suffix_en,
                "en",
            ),
        ):
            out.append(Question(text, "composite", language, "formal", reports_check(corrected)))
        for n in (50, 100, 200):
            busy = {(r.agency, r.year) for r in scope if (truth(r, "new_received") or 0) > n}
            for text, language in (
                (f"{prefix_zh}申请量超过{n}件的机关哪些提到了人员不足", "zh"),
                (
                    f"Which agencies with more than {n} requests{suffix_en} "
                    "mention staff shortages?",
                    "en",
                ),
            ):
                out.append(Question(text, "composite", language, "colloquial", reports_check(busy)))
    return out


MENTION_ZH = ("{year}年哪些机关提到了{topic}", "{year}年的报告里谁提及{topic}")
MENTION_EN = ("Which agencies mention {topic} in {year}?",)


def mentions(records: Sequence[Report]) -> list[Question]:
    """Which reports of a year mention a topic: by the topic's words (topics.toml) found in
    the records' narrative sections."""
    out = []
    for topic in topics():
        for year in YEARS:
            said = {
                (r.agency, r.year)
                for r in records
                if r.year == year
                and any(w in s.text for s in r.sections.values() for w in topic.zh)
            }
            for template in MENTION_ZH:
                q = template.format(year=year, topic=topic.zh[0])
                out.append(Question(q, "mentions", "zh", "colloquial", cited_check(said)))
            for template in MENTION_EN:
                q = template.format(year=year, topic=topic.en[0])
                out.append(Question(q, "mentions", "en", "formal", cited_check(said)))
    return out


def cited_check(expected: set[tuple[str | None, int | None]]) -> Check:
    def check(answer: Answer) -> list[str]:
        problems = [] if answer.verified else [f"not verified: {answer.mismatches[:2]}"]
        cited = {(p.agency, p.year) for p in answer.passages}
        if cited != expected:
            problems.append(f"cited {sorted(cited)} != {sorted(expected)}")
        return problems

    return check


def safety(records: Sequence[Report]) -> list[Question]:
    """Places the corpus lacks, named like the corpus's own agencies."""
    out = []
    for place in ("上海市", "北京市", "杭州市", "淮安市"):
        for dept in ("人民政府", "人民政府办公室", "人民政府办公厅"):
            name = place + dept
            out.append(
                Question(
                    f"{name}2024年收到多少申请",
                    "not_in_corpus",
                    "zh",
                    "formal",
                    no_fact_check(name),
                )
            )
    return out


def build(records: Sequence[Report], seed: int = SEED) -> list[Question]:
    """Every question of the grammar over `records`, in a fixed order."""
    rng = random.Random(seed)
    return [
        *lookups(records, rng),
        *differences(records, rng),
        *growths(records, rng),
        *shares(records, rng),
        *per_report_shares(records),
        *metas(records),
        *lists_and_ranks(records),
        *composites(records),
        *mentions(records),
        *safety(records),
    ]


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, question: Question, problems: list[str]) -> None:
        self.total[question.intent] += 1
        if problems:
            self.failures.append((question.text, problems))
        else:
            self.right[question.intent] += 1

    def table(self) -> str:
        rows = ["| intent | questions | correct | accuracy |", "|---|---:|---:|---:|"]
        for intent in sorted(self.total):
            n, k = self.total[intent], self.right[intent]
            rows.append(f"| {intent} | {n} | {k} | {k / n:.1%} |")
        n, k = sum(self.total.values()), sum(self.right.values())
        rows.append(f"| **all** | {n} | {k} | {k / n:.1%} |")
        return "\n".join(rows)


def run(questions: Iterable[Question], ask: Callable[[str], Answer]) -> Score:
    score = Score()
    for question in questions:
        try:
            problems = question.check(ask(question.text))
        except Exception as exc:
            problems = [f"{type(exc).__name__}: {exc}"]
        score.add(question, problems)
    return score


def parsed_reports(records: Sequence[Report], folder: Path) -> list[Report]:
    """The records rendered as text files and parsed back, as ingest would store them: every
    cell then has its source (file, line, labels)."""
    out = []
    for i, record in enumerate(records):
        rendered = render_file(record, FileKind.TAB if i % 2 else FileKind.PIPE)
        path = folder / f"{i:03d}{rendered.suffix}"
        path.write_bytes(rendered.data)
        out.append(parse_file(path))
    return out


def coverage(questions: Sequence[Question]) -> dict[str, int]:
    return dict(Counter(f"{q.language}/{q.register}" for q in questions))


if __name__ == "__main__":  # pragma: no cover - a report for people, the test asserts it
    import tempfile
    import time

    from tests.qa_app.small_corpus import store_reports

    records = corpus_records()
    questions = build(records)
    folder = Path(tempfile.mkdtemp())
    corpus = store_reports(folder, parsed_reports(records, folder))
    started = time.perf_counter()
    score = run(questions, corpus.ask)
    elapsed = time.perf_counter() - started
    print(score.table())
    print(f"{len(questions)} questions, {coverage(questions)}, {elapsed:.1f}s")
    for text, problems in score.failures[:40]:
        print("FAIL", text, problems)

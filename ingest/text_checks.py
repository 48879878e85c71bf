"""T1: the narrative's figures held against the tables ("共收到申请258件" while table 三 says 285).

A figure is a claim about a table cell only when its clause names the quantity right before
it ("收到…申请258件", "予以公开12件", "行政复议3件", "行政事业性收费2.5万元") and says nothing
that makes it another quantity: another year (2023年, 上年, 同比), a part of the agency
(本级, 乡镇, 街道, 所属…), a change (增长, 减少), or another unit (条 of information, 人次).
Precision matters more than recall: a clause that is not plainly about the reported total is
left alone. Each claim found gives one result, pass or fail, naming the sentence and the cell;
a claim whose cell has no number gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ingest.numbers import exact_decimal
from ingest.numerals import NumberKind, find_numbers
from ingest.schema import CellRef, CheckOutcome, CheckResult, CheckRule, Report

__all__ = ["Claim", "find_claims", "text_checks"]


@dataclass(frozen=True)
class Quantity:
    """A table quantity the narrative may state: its words, its cells (summed), its unit."""

    key: str
    label: str
    words: tuple[str, ...]
    cells: tuple[CellRef, ...]
    unit: str = "件"


def _s3(row: str) -> tuple[CellRef, ...]:
    return (CellRef(section="s3", row=row, column="total"),)


# Order matters: the first quantity whose word ends closest before the figure wins.
QUANTITIES: tuple[Quantity, ...] = (
    Quantity("carried_over", "上年结转", ("上年结转", "上一年度结转", "上年度结转"),
             _s3("carried_over")),
    Quantity("carried_forward", "结转下年度", ("结转下年度继续办理", "结转下年度", "结转下一年度",
             "结转至下年度", "结转下年"), _s3("carried_forward")),
    Quantity("new_received", "新收申请",
             ("收到政府信息公开申请", "收到信息公开申请", "收到申请", "受理政府信息公开申请",
              "受理信息公开申请", "受理申请", "新收政府信息公开申请", "新收申请",
              "接收政府信息公开申请", "接收申请", "收到依申请公开申请"),
             _s3("new_received")),
    Quantity("granted", "予以公开", ("予以公开",), _s3("granted")),
    Quantity("partially_granted", "部分公开", ("部分公开",), _s3("partially_granted")),
    Quantity("review_total", "行政复议", ("行政复议", "申请复议"),
             (CellRef(section="s4", row="review_total"),)),
    Quantity("litigation_total", "行政诉讼", ("行政诉讼",),
             (CellRef(section="s4", row="litigation_direct_total"),
              CellRef(section="s4", row="litigation_after_review_total"))),
    Quantity("licensing_decisions", "行政许可", ("行政许可",),
             (CellRef(section="s2", row="licensing_decisions"),)),
    Quantity("penalty_decisions", "行政处罚", ("行政处罚",),
             (CellRef(section="s2", row="penalty_decisions"),)),
    Quantity("admin_fee_amount_wan", "行政事业性收费", ("行政事业性收费",),
             (CellRef(section="s2", row="admin_fee_amount_wan"),), unit="万元"),
)  # fmt: skip

# Words that make a clause's figure something other than the report's total for its year.
OTHER_TIME = (
    "上年同期", "同比", "去年", "上一年", "上年度", "较上年", "比上年", "环比", "累计", "历年",
    "以来", "前年", "近三年", "近五年", "季度", "月份", "上半年", "下半年",
)  # fmt: skip
PART_OF = ("本级", "乡镇", "街道", "社区", "所属", "下属", "各部门", "各单位", "区直", "县直",
           "市直", "其中涉及", "分别", "其中由", "平均", "人均", "每件", "其中通过", "网上",
           "当面", "信函", "传真", "电子邮件", "平台", "网站")  # fmt: skip
CHANGE = ("增长", "增加", "减少", "下降", "上升", "持平", "多", "少于", "超过", "以上", "以下",
          "约", "近", "余")  # fmt: skip
WINDOW = 10  # most characters between the quantity's words and its figure
# What ends a sentence (a line break ends one too, without belonging to it); every sentence
# pattern below is built from it.
_SENTENCE_END = "。；;！？!?"
_CLAUSE = re.compile(rf"[^{_SENTENCE_END}\n，,]+")
_SENTENCE = re.compile(rf"[^{_SENTENCE_END}\n]+[{_SENTENCE_END}]?")
_CARRY_WORDS = re.compile(r"上一?年度?结转|结转下一?年度?")
_YEAR = re.compile(r"(?:19|20)\d\d\s*年|[〇零一二三四五六七八九]{4}年")
# Any quantity's words: a clause without one holds no claim (`_quantity` would find nothing),
# so it is passed over before its numbers are looked for (most narrative clauses have none).
_QUANTITY_WORD = re.compile("|".join(re.escape(w) for q in QUANTITIES for w in q.words))
# A quantity's words end at most WINDOW characters before its figure: only this tail of the
# text before a figure can hold them.
_TAIL = WINDOW + max(len(w) for q in QUANTITIES for w in q.words)
_SENTENCE_END_SET = frozenset(_SENTENCE_END)
_SENTENCE_BREAK = re.compile(rf"[{_SENTENCE_END}\n]")
# Everything up to the last sentence break before an end position: the greedy .* goes there at
# once and backs off only to the break (one C call, not one rfind per break character).
_UP_TO_BREAK = re.compile(rf".*[{_SENTENCE_END}\n]", re.DOTALL)
# Precompiled once: these run per clause and per figure.
_OTHER_WORD = re.compile("|".join(re.escape(w) for w in OTHER_TIME + PART_OF))
_CHANGE_WORD = re.compile("|".join(re.escape(w) for w in CHANGE))
_GAP_FIGURE = re.compile(r"\d|[条项]")
_UNITS = frozenset(q.unit[-1] for q in QUANTITIES)  # 件, 元: a claim's figure is followed by one


@dataclass(frozen=True)
class Claim:
    """A figure the narrative states about a table quantity, and the sentence stating it."""

    quantity: Quantity
    value: Decimal
    sentence: str
    figure: str


def _other_year(text: str, year: int | None) -> bool:
    """The clause names a year other than the report's."""
    for m in _YEAR.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not digits or year is None or int(digits) != year:
            return True
    return False


def _quantity(before: str) -> Quantity | None:
    """The quantity whose words end closest before the figure, within WINDOW characters."""
    before = before[-_TAIL:]  # the same gaps: a farther word is outside the window anyway
    if not _QUANTITY_WORD.search(before):
        return None
    best: tuple[int, Quantity] | None = None
    for q in QUANTITIES:
        for word in q.words:
            at = before.rfind(word)
            if at < 0:
                continue
            gap = len(before) - (at + len(word))
            if gap <= WINDOW and (best is None or gap < best[0]):
                best = (gap, q)
    if best is None:
        return None
    gap_text = before[len(before) - best[0] :]
    if _GAP_FIGURE.search(gap_text):  # another figure or its unit sits between them
        return None
    return best[1]


def _claims_in(sentence: str, year: int | None) -> list[Claim]:
    claims: list[Claim] = []
    for clause in _CLAUSE.finditer(sentence):
        text = clause.group()
        if not _QUANTITY_WORD.search(text) or not any(u in text for u in _UNITS):
            continue  # no quantity named, or no figure in a claim's unit
        plain = _CARRY_WORDS.sub("", text)  # 上年结转 is this year's quantity
        if _OTHER_WORD.search(plain) or _other_year(text, year):
            continue
        for m in find_numbers(text):
            if m.kind is not NumberKind.NUMBER:
                continue
            value, after = m.value, text[m.end : m.end + 3]
            if m.text.endswith("万") and after.startswith("元"):
                value, after = value / 10000, "万" + after  # 2.5万元 is read as 25000
            before = text[: m.start]
            quantity = _quantity(before)
            if quantity is None or not after.startswith(quantity.unit):
                continue
            if _CHANGE_WORD.search(before[-3:] + after[len(quantity.unit) :]):
                continue
            figure = m.text.removesuffix("万") + quantity.unit
            claims.append(Claim(quantity, value, sentence.strip(), figure))
    return claims


def _quantity_sentences(text: str) -> Iterator[str]:
    """The sentences of `text` (as _SENTENCE reads them) that hold a quantity's words, found
    from the words: most sentences of a narrative hold none and are never looked at."""
    end = 0
    for word in _QUANTITY_WORD.finditer(text):
        if word.start() < end:
            continue  # in the sentence just given
        last = _UP_TO_BREAK.match(text, 0, word.start())  # the sentence starts after it
        start = 0 if last is None else last.end()
        stop = _SENTENCE_BREAK.search(text, word.end())
        end = len(text) if stop is None else stop.start()
        yield text[start : end + 1] if text[end : end + 1] in _SENTENCE_END_SET else text[start:end]


@lru_cache(maxsize=256)
def find_claims(text: str, year: int | None) -> tuple[Claim, ...]:
    """Every claim of a narrative text (cached: proofreading reruns the checks often)."""
    out: list[Claim] = []
    for sentence in _quantity_sentences(text):
        out += _claims_in(sentence, year)
    return tuple(out)


def _table_value(report: Report, quantity: Quantity) -> Decimal | None:
    total = Decimal(0)
    for ref in quantity.cells:
        cell = report.cell(ref)
        if cell is None or cell.value is None:
            return None
        total += exact_decimal(cell.value)
    return total


_TABLE = {"s2": "表二", "s3": "表三", "s4": "表四"}


def text_checks(report: Report) -> list[CheckResult]:
    """T1 for every claim of the report's narrative sections."""
    results: list[CheckResult] = []
    for key, section in report.sections.items():
        for claim in find_claims(section.text, report.year):
            table = _table_value(report, claim.quantity)
            if table is None:
                continue
            ok = table == claim.value
            where = _TABLE[claim.quantity.cells[0].section]
            shown = format(table.normalize(), "f") + claim.quantity.unit
            message = (
                f"T1 {claim.quantity.label}: 文字“{claim.sentence}”称{claim.figure}，"
                f"{where}“{claim.quantity.label}”为{shown}"
            )
            results.append(
                CheckResult(
                    rule=CheckRule.T1,
                    scope=f"{key}:{claim.quantity.key}",
                    outcome=CheckOutcome.PASS if ok else CheckOutcome.FAIL,
                    cells=list(claim.quantity.cells),
                    lhs=float(claim.value),
                    rhs=float(table),
                    message=message,
                )
            )
    return results

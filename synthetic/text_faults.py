"""Narrative faults for testing check T1: figures the text states that contradict the tables,
and decoy figures that look like table quantities but are not (another year, a sub-unit, 条
of information, a change), which T1 must leave alone.

`contradict` rewrites one report's narrative so it states a wrong figure for a quantity the
tables hold (digits, Chinese numerals or 万元); `add_decoys` appends sentences a careless
reader might mistake for the report's totals.
"""

from __future__ import annotations

import random

from ingest.schema import Report, Section, SectionKey

__all__ = ["add_decoys", "chinese_numeral", "contradict"]

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """0..9999 in Chinese (二百五十八; 十二 for 12)."""
    if n == 0:
        return "零"
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, n = divmod(n, size)
        if digit:
            if zero:
                out += "零"
            out += ("" if unit == "十" and not out and digit == 1 else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _total(report: Report, row: str) -> int:
    cell = report.s3.get(row, {}).get("total")
    return int(cell.value) if cell is not None and cell.value is not None else 0


def _wrong(rng: random.Random, right: int) -> int:
    return right + rng.choice((1, 2, 3, 5, 9, 10, 27, 100)) * rng.choice(
        (1, -1) if right > 30 else (1,)
    )


def _with_overview(report: Report, text: str) -> Report:
    sections = dict(report.sections)
    old = sections[SectionKey.OVERVIEW]
    sections[SectionKey.OVERVIEW] = Section(key=old.key, title=old.title, text=text)
    return report.model_copy(update={"sections": sections})


def contradict(rng: random.Random, report: Report) -> Report:
    """The report with one sentence stating a figure the tables contradict."""
    year = report.year
    kind = rng.choice(("received", "granted", "review", "fee", "received_cn"))
    if kind == "received":
        wrong = _wrong(rng, _total(report, "new_received"))
        sentence = f"本年度共收到政府信息公开申请{wrong}件。"
    elif kind == "received_cn":
        wrong = _wrong(rng, _total(report, "new_received"))
        sentence = f"{year}年，共受理政府信息公开申请{chinese_numeral(wrong)}件。"
    elif kind == "granted":
        wrong = _wrong(rng, _total(report, "granted"))
        sentence = f"办结的申请中，予以公开{wrong}件。"
    elif kind == "review":
        cell = report.s4.get("review_total")
        right = int(cell.value) if cell is not None and cell.value is not None else 0
        sentence = f"全年因政府信息公开被申请行政复议{chinese_numeral(_wrong(rng, right))}件。"
    else:
        cell = report.s2.get("admin_fee_amount_wan")
        right = float(cell.value) if cell is not None and cell.value is not None else 0.0
        wrong = round(right + rng.choice((0.5, 1.2, 3.0, 12.5)), 2)
        sentence = f"本年度行政事业性收费{wrong:g}万元。"
    return _with_overview(report, report.sections[SectionKey.OVERVIEW].text + "\n" + sentence)


def add_decoys(rng: random.Random, report: Report) -> Report:
    """The report with 2–4 sentences whose figures are not the report's table quantities."""
    year = report.year or 2022
    n = rng.randint(300, 900)
    pool = (
        f"{year - 1}年共收到政府信息公开申请{n}件，",
        f"上年同期受理申请{n + 3}件。",
        f"其中县本级收到政府信息公开申请{n // 3}件，",
        f"各乡镇（街道）共受理申请{n // 5}件。",
        f"全年主动公开政府信息{n * 7}条，其中予以公开的政策文件{n // 2}条。",
        f"较上年增加{rng.randint(2, 40)}件。",
        f"通过网上平台收到申请{n // 4}件，",
        f"近三年累计收到政府信息公开申请{n * 3}件。",
        f"{year - 2}年行政复议{rng.randint(1, 9)}件。",
        f"本年度行政处罚案件同比下降{rng.randint(2, 30)}件。",
        f"所属单位予以公开{n // 6}件。",
        f"共办理人大代表建议{rng.randint(3, 40)}件、政协提案{rng.randint(3, 40)}件。",
    )
    sentences = rng.sample(pool, rng.randint(2, 4))
    text = report.sections[SectionKey.OVERVIEW].text + "\n" + "".join(sentences)
    return _with_overview(report, text)

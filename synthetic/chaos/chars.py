"""TEXT quirks: labels with typos, stray spaces and line breaks; characters as OCR, traditional
script or a PDF font's look-alike code points print them; narrative figures that disagree with
the tables. Cell values are left alone, except the odd OCR'd digit (its truth stays the number:
a parser may repair it or null it with a warning, never read another number).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache

import opencc

from ingest.template import SectionKey
from synthetic.chaos.context import Chaos
from synthetic.chaos.model import CellKind, Doc, GridCell, Role, TableName, Text
from synthetic.chaos.quirks import ChaosFormat, Quirk
from synthetic.chaos.tables import insert_at_section
from synthetic.render_pdf import LOOKALIKES

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Characters a careless typist or a tired proof-reader swaps in.
_TYPO_SWAPS = {
    "予": "于", "处": "外", "务": "条", "审": "宙", "结": "给", "申": "甲", "请": "清",
    "息": "急", "理": "里", "办": "为", "转": "传", "续": "读", "制": "剬", "维": "唯",
    "政": "正", "复": "夏", "议": "义", "规": "现", "章": "意", "权": "杈", "提": "是",
}  # fmt: skip
_INSERTS = "法的之行性事"
# What OCR reads for what (both directions where both are common).
OCR_SWAPS = {
    "已": "己", "己": "已", "沭": "沐", "例": "列", "日": "曰", "未": "末", "人": "入",
    "土": "士", "干": "千", "析": "折", "处": "外", "县": "昙", "示": "未",
}  # fmt: skip
OCR_DIGITS = {"0": "OoD", "1": "lI", "5": "S", "8": "B"}
# CJK Radicals Supplement code points that PDF fonts emit for ordinary ideographs.
_SUPPLEMENT = {
    "民": "\u2ea0", "门": "\u2ed4", "长": "\u2ed3", "风": "\u2edb", "见": "\u2ec5",
    "车": "\u2ecb", "页": "\u2eda", "马": "\u2ee2", "飞": "\u2edc", "黄": "\u2ee9",
    "齐": "\u2eec", "贝": "\u2ec9", "角": "\u2ec6", "青": "\u2ed8",
}  # fmt: skip
# CJK Compatibility Ideographs (NFKC folds them back).
_COMPAT = {"不": "\uf967", "更": "\uf901", "行": "\ufa08", "料": "\uf9be", "金": "\uf90a"}
RADICALS: dict[str, str] = {k: chr(v) for k, v in LOOKALIKES.items()} | _SUPPLEMENT
LOOK_ALIKES: dict[str, str] = RADICALS | _COMPAT


def label_cells(doc: Doc) -> list[GridCell]:
    """Row labels and column headers of the record's tables."""
    return [
        c
        for t in doc.tables()
        if t.name is not TableName.OTHER
        for row in t.rows
        for c in row
        if c is not None and c.kind is not CellKind.VALUE and c.text.strip()
    ]


def _split_number(text: str) -> tuple[str, str]:
    m = _NUMBERING.match(text)
    return (m.group(0), text[m.end() :]) if m else ("", text)


def typo(text: str, rng: random.Random) -> str:
    """`text` with one typo after its numbering: characters dropped, one inserted, one
    swapped for a look-alike, or two transposed."""
    prefix, rest = _split_number(text)
    if len(rest) < 4:
        return text
    op = rng.choice(("drop", "drop", "insert", "swap_char", "transpose"))
    swappable = [i for i, c in enumerate(rest) if c in _TYPO_SWAPS]
    if op == "swap_char" and swappable:
        i = rng.choice(swappable)
        rest = rest[:i] + _TYPO_SWAPS[rest[i]] + rest[i + 1 :]
    elif op == "insert":
        i = rng.randrange(1, len(rest))
        rest = rest[:i] + rng.choice(_INSERTS) + rest[i:]
    elif op == "transpose":
        i = rng.randrange(len(rest) - 1)
        rest = rest[:i] + rest[i + 1] + rest[i] + rest[i + 2 :]
    else:
        i = rng.randrange(1, len(rest) - 2)
        n = rng.randint(1, min(3, len(rest) - 3))
        rest = rest[:i] + rest[i + n :]
    return prefix + rest


_KNOWN_TYPOS = {"其他法律行政法规禁止公开": "其他法律行政止公开", "行政复议": "行政法复议"}


def label_typos(ch: Chaos) -> None:
    """Typos in row labels, column headers and section titles (其他法律行政止公开, 行政法复议)."""
    doc, rng = ch.document, ch.rng
    cells = label_cells(doc)
    chosen = [c for c in cells if rng.random() < 0.2] or rng.sample(cells, min(2, len(cells)))
    for cell in chosen:
        known = [k for k in _KNOWN_TYPOS if k in cell.text]
        if known and rng.random() < 0.5:
            cell.text = cell.text.replace(known[0], _KNOWN_TYPOS[known[0]], 1)
        else:
            cell.text = typo(cell.text, rng)
    titles = [t for t in doc.texts(Role.SECTION) if rng.random() < 0.15]
    for t in titles:
        t.text = (
            t.text.replace("行政复议", "行政法复议") if "行政复议" in t.text else typo(t.text, rng)
        )
    ch.note(Quirk.LABEL_TYPOS, f"{len(chosen)} labels, {len(titles)} section titles")


def _insert(text: str, rng: random.Random, what: Callable[[], str], n: int) -> str:
    for _ in range(n):
        if len(text) < 2:
            break
        i = rng.randrange(1, len(text))
        text = text[:i] + what() + text[i:]
    return text


def label_spaces(ch: Chaos) -> None:
    """Spaces inside labels: 社会公益 组织, 办 理结果, 总 计."""
    rng = ch.rng
    cells = [c for c in label_cells(ch.document) if len(c.text) >= 2 and rng.random() < 0.35]
    for cell in cells:
        cell.text = _insert(
            cell.text, rng, lambda: rng.choice((" ", " ", "  ", "\u3000")), rng.randint(1, 2)
        )
    ch.note(Quirk.LABEL_SPACES, f"{len(cells)} labels")


def broken_labels(ch: Chaos) -> None:
    """Labels broken across lines (a wrapped cell), group labels one character a line."""
    rng = ch.rng
    cells = [
        c
        for c in label_cells(ch.document)
        if len(c.text) >= 4 and rng.random() < (0.6 if len(c.text) > 14 else 0.3)
    ]
    for cell in cells:
        prefix, rest = _split_number(cell.text)
        if len(rest) >= 2:
            i = rng.randrange(1, len(rest))
            cell.text = prefix + rest[:i] + "\n" + rest[i:]
    vertical = ch.fmt in (ChaosFormat.SPACE, ChaosFormat.PDF) and rng.random() < 0.6
    ch.document.output.vertical_groups = vertical
    ch.note(Quirk.BROKEN_LABELS, f"{len(cells)} labels broken, vertical groups: {vertical}")


# ---------------------------------------------------------------- characters


def every_text(
    doc: Doc, fn: Callable[[str], str], *, tables: bool = True, prose: bool = True
) -> None:
    """Apply `fn` to every heading and paragraph and to every label and header cell."""
    if prose:
        for t in doc.texts():
            t.text = fn(t.text)
    if tables:
        for cell in label_cells(doc):
            cell.text = fn(cell.text)


def _ocr(text: str, rng: random.Random, p: float) -> str:
    out = []
    for c in text:
        if c in OCR_SWAPS and rng.random() < p:
            c = OCR_SWAPS[c]
        out.append(c)
    return "".join(out)


def _ocr_digits(text: str, rng: random.Random, p: float) -> str:
    return "".join(
        rng.choice(OCR_DIGITS[c]) if c in OCR_DIGITS and rng.random() < p else c for c in text
    )


def ocr_chars(ch: Chaos) -> None:
    """OCR confusions: 己/已, 沐/沭, 列/例 in names and text, O for 0 and l for 1 in figures,
    now and then in a table cell."""
    doc, rng = ch.document, ch.rng
    every_text(doc, lambda s: _ocr(s, rng, 0.3))
    for t in doc.texts(Role.BODY):
        t.text = _ocr_digits(t.text, rng, 0.15)
    values = [
        c
        for t in doc.tables()
        for row in t.rows
        for c in row
        if c is not None and c.kind is CellKind.VALUE and c.text
    ]
    hit = [c for c in values if rng.random() < 0.03]
    for cell in hit:
        cell.text = _ocr_digits(cell.text, rng, 0.5)
    ch.note(Quirk.OCR_CHARS, f"{len(hit)} value cells touched")


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional_chars(ch: Chaos) -> None:
    """Traditional characters (郟縣, 處理, 公開): the whole text, only the tables, or only prose."""
    where = ch.rng.choice(("all", "all", "tables", "prose"))
    convert = _to_traditional().convert
    every_text(ch.document, convert, tables=where != "prose", prose=where != "tables")
    ch.note(Quirk.TRADITIONAL_CHARS, where)


def radical_codepoints(ch: Chaos) -> None:
    """A PDF font's look-alike code points (⺠ ⻔ ⻓ ⻛, Kangxi radicals, compatibility ideographs)
    for ordinary characters, the same characters each time."""
    rng = ch.rng
    # A PDF's CID font has no glyphs for compatibility ideographs: only radicals reach its text.
    table = RADICALS if ch.fmt is ChaosFormat.PDF else LOOK_ALIKES
    font = str.maketrans({k: v for k, v in table.items() if rng.random() < 0.85})
    every_text(ch.document, lambda s: s.translate(font))
    ch.note(Quirk.RADICAL_CODEPOINTS, f"{len(font)} characters mapped")


# ---------------------------------------------------------------- narrative figures


def _other_number(m: re.Match[str], rng: random.Random) -> str:
    digits = m.group(0)
    if len(digits) >= 2 and rng.random() < 0.6 and len(set(digits)) > 1:
        i = rng.randrange(len(digits) - 1)
        return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    return str(int(digits) + rng.randint(1, 9))


def narrative_contradicts(ch: Chaos) -> None:
    """Figures in the text that disagree with the tables, some right before the tables."""
    doc, rng = ch.document, ch.rng
    for t in doc.texts(Role.BODY):
        t.text = re.sub(
            r"\d+", lambda m: _other_number(m, rng) if rng.random() < 0.5 else m.group(0), t.text
        )
    s3 = doc.report.s3
    new = int(s3["new_received"]["total"].value or 0) + rng.randint(1, 30)
    person = int(s3["new_received"]["natural_person"].value or 0) + rng.randint(0, 5)
    text = (
        f"本年度共收到政府信息公开申请{new}件，其中自然人申请{person}件，"
        f"法人或其他组织申请{max(0, new - person)}件，上年结转{rng.randint(0, 9)}件。"
    )
    insert_at_section(doc, SectionKey.REQUESTS, [Text(text, Role.BODY, SectionKey.REQUESTS)])
    review, litigation = rng.randint(1, 20), rng.randint(1, 9)
    appeals = f"本年度因政府信息公开被申请行政复议{review}件，提起行政诉讼{litigation}件。"
    insert_at_section(doc, SectionKey.APPEALS, [Text(appeals, Role.BODY, SectionKey.APPEALS)])
    ch.note(Quirk.NARRATIVE_CONTRADICTS, text)

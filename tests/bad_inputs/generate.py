"""Bad inputs, made on demand (nothing binary is committed): files that are not reports, damaged
reports, mis-encoded reports, odd tables, hostile names. Each comes with what a user should be
told about it; tests/bad_inputs/test_bad_inputs.py holds govqa to that."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

from synthetic.formats import FileKind, render_file
from synthetic.records import generate_corpus

HUGE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class BadInput:
    """A file to ingest and the outcome a user should see: `status` is failed,
    ingested_with_warnings or ingested; `says` are phrases the reason or a warning contains."""

    name: str
    write: Callable[[Path], None]
    status: str
    says: tuple[str, ...] = ()
    checks: dict[str, object] = field(default_factory=dict)  # field -> value expected in s2/s3/s4


AGENCIES = 16


def report_text(index: int = 0) -> str:
    """The `index`-th of a set of clean synthetic 2024 reports, each of its own agency, as
    tab-separated text (it parses without warnings)."""
    report = generate_corpus(AGENCIES, (2024,), 11)[index]
    return render_file(report, FileKind.TAB).data.decode("utf-8")


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def _between(text: str, start: str, end: str | None) -> tuple[int, int]:
    a = text.index(start)
    b = text.index(end, a) if end else len(text)
    return a, b


def without_tables(text: str) -> str:
    """Sections 二, 三 and 四 removed, headings and all: only the narrative is left."""
    a, _ = _between(text, "## 二、", None)
    _, b = _between(text, "## 四、", "## 五、")
    return text[:a] + text[b:]


def only_section_four(text: str) -> str:
    """The title and table 四, nothing else."""
    title = text.strip().splitlines()[0]
    a, b = _between(text, "## 四、", "## 五、")
    return f"{title}\n\n{text[a:b]}"


def duplicate_sections(text: str) -> str:
    """Section 五 printed twice (a copy-paste slip on a website)."""
    a, b = _between(text, "## 五、", "## 六、")
    return text[:b] + text[a:b] + text[b:]


def with_s2_row(text: str, label: str, value: str) -> str:
    """Table 二's row `label` with `value` in its first number cell."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if cells[0] == label:
            cells[1] = value
            lines[i] = "\t".join(cells)
            return "\n".join(lines) + "\n"
    raise ValueError(f"no row {label!r}")


def with_s3_total(text: str, row_prefix: str, value: str) -> str:
    """Table 三's row starting `row_prefix` with `value` in its 总计 cell (the last number)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(row_prefix):
            cells = line.split("\t")
            last = max(j for j, c in enumerate(cells) if c.strip().isdigit())
            cells[last] = value
            lines[i] = "\t".join(cells)
            return "\n".join(lines) + "\n"
    raise ValueError(f"no row {row_prefix!r}")


def thousands(text: str) -> str:
    """A full-width count in table 二 and a count with a thousands separator in table 三."""
    return with_s3_total(with_s2_row(text, "规章", "１２３"), "一、本年新收", "1,234")


def old_format_2017() -> str:
    """A report of 2017 (before the 2019 template): narrative with figures in the text and a
    free-form statistics list, none of the template's tables."""
    return (
        "示例县人民政府办公室2017年政府信息公开工作年度报告\n\n"
        "本报告根据《中华人民共和国政府信息公开条例》要求编制。\n\n"
        "一、概述\n\n2017年，我办认真贯彻落实政府信息公开工作要求，全年主动公开政府信息356条。\n\n"
        "二、主动公开政府信息情况\n\n通过政府网站公开信息300条，通过政务微博公开56条。\n\n"
        "三、依申请公开政府信息情况\n\n全年共受理政府信息公开申请12件，均已按时答复。\n\n"
        "四、政府信息公开的收费及减免情况\n\n未收取任何费用。\n\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n\n全年未发生相关行政复议和诉讼。\n\n"
        "六、政府信息公开工作存在的主要问题及改进情况\n\n信息公开的及时性有待提高。\n"
    )


def page_404() -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head>"
        "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p>"
        "<a href='/'>返回首页</a></body></html>"
    ).encode()


def _pdf(draw: Callable[[Canvas], None], encrypt: object | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=encrypt)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """A page with drawings and no text layer, as a scanner makes."""

    def draw(c: Canvas) -> None:
        for i in range(40):
            c.rect(50 + i * 10, 400 + (i % 7) * 12, 8, 8, fill=1)

    return _pdf(draw)


def encrypted_pdf() -> bytes:
    encrypt = pdfencrypt.StandardEncryption("user-pw", ownerPassword="owner-pw")
    return _pdf(lambda c: c.drawString(72, 720, "Annual report"), encrypt)


def truncated_pdf() -> bytes:
    report = generate_corpus(1, (2024,), 5)[0]
    data = render_file(report, FileKind.PDF).data
    return data[: len(data) // 3]


def jpeg_as_pdf() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(2000)


def noise(size: int = 4096) -> bytes:
    return random.Random(5).randbytes(size)


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml inflates to 1 GB of zeros (about 1 MB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(1024):
                member.write(chunk)
    return buffer.getvalue()


def huge(path: Path) -> None:
    """A 200 MB file, sparse on disk: the size is real, the disk cost is not."""
    with path.open("wb") as f:
        f.write(report_text(10).encode())
        f.truncate(HUGE_BYTES)


def mixed_encodings(text: str) -> bytes:
    """The report in UTF-8 with its section 五 in GBK: a page assembled from two sources."""
    a, b = _between(text, "## 五、", "## 六、")
    return text[:a].encode() + text[a:b].encode("gbk") + text[b:].encode()


def cases() -> list[BadInput]:
    """Every bad input; those that are reports are of different agencies, so none replaces
    another when they are ingested together."""
    text = report_text
    return [
        BadInput("empty.txt", _bytes(b""), "failed", ("is empty",)),
        BadInput("whitespace.txt", _bytes(b"  \n\t\r\n   \n"), "failed", ("is empty",)),
        BadInput("noise.txt", _bytes(noise()), "failed", ("binary",)),
        BadInput("photo.pdf", _bytes(jpeg_as_pdf()), "failed", ("JPEG",)),
        BadInput("scan.pdf", _bytes(scanned_pdf()), "failed", ("needs OCR",)),
        BadInput("locked.pdf", _bytes(encrypted_pdf()), "failed", ("password",)),
        BadInput("cut.pdf", _bytes(truncated_pdf()), "failed", ("damaged",)),
        BadInput("huge.txt", huge, "failed", ("200.0 MB", "limit")),
        BadInput("bomb.docx", _bytes(zip_bomb_docx()), "failed", ("zip bomb",)),
        BadInput("404.html", _bytes(page_404()), "failed", ("does not look like",)),
        BadInput("gbk.txt", _text(text(1), "gbk"), "ingested"),
        BadInput("mixed.txt", _bytes(mixed_encodings(text(2))), "ingested_with_warnings",
                 ("GBK",)),
        BadInput("no-tables.txt", _text(without_tables(text(3))), "ingested_with_warnings",
                 ("二、三、四 not found",)),
        BadInput("only-four.txt", _text(only_section_four(text(4))), "ingested_with_warnings",
                 ("二、三 not found",)),
        BadInput("twice.txt", _text(duplicate_sections(text(5))), "ingested_with_warnings",
                 ("五、存在的主要问题及改进情况' repeats",)),
        BadInput("2017.txt", _text(old_format_2017()), "ingested_with_warnings",
                 ("predates the template of 2019",)),
        BadInput("letters.txt", _text(with_s2_row(text(6), "规章", "l2")),
                 "ingested_with_warnings", ("规章/本年制发件数 holds 'l2', not a number",),
                 {"regulations_issued": None}),
        BadInput("negative.txt", _text(with_s2_row(text(7), "规章", "-3")),
                 "ingested_with_warnings", ("holds '-3': a count cannot be negative",),
                 {"regulations_issued": -3}),
        BadInput("thousands.txt", _text(thousands(text(8))),
                 "ingested", (), {"regulations_issued": 123, "new_received": 1234}),
        BadInput("a;rm -rf ~ $(reboot) `id` &.txt", _text(text(9)), "ingested"),
    ]  # fmt: skip

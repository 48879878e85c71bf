"""What an agency name looks like, where a report signs with it, and what a title line is.

An agency is a name, never a fragment of a sentence. A candidate (from a title, a header, a
signature line, a file name) is kept only if it

- is 2 to MAX_NAME characters of Chinese, with no punctuation, brackets or digits;
- does not start with a word that opens a clause (根据, 现将, 关于印发) and holds no 的, 印发,
  通知 or 格式 (words of a sentence citing the template), and is no self-reference (本站);
- ends with an agency word (人民政府, 办公室, 局, 委员会, 管委会, 中心, 厅, …) or is only a
  region name (郏县, 平潭综合实验区), which `ingest.metadata` completes with its governing body.

A signature (stamp) line is such a name on a line of its own: among the last SIGNATURE_TAIL
lines, or the few lines under the title, followed by a date line (2026年1月23日) or ending the
text. A crawler dump without line breaks signs at the end of its one body line:
"…情况。 郏县人民政府 2024年1月20日".

A title is a short line that is the report's own title ("郏县人民政府2024年政府信息公开工作年度
报告"), not a sentence that cites the template (依据《中华人民共和国政府信息公开工作年度报告
格式》…, 现将…年度报告向社会公布。).
"""

from __future__ import annotations

import re

from ingest.normalize import match_key

__all__ = ["clean_line", "name_problem", "signature_names", "title_problem"]

MAX_NAME = 40
MAX_TITLE = 60
SIGNATURE_TAIL = 8
UNDER_TITLE = 4
CJK = "\u4e00-\u9fff"
AGENCY_ENDINGS = (
    "人民政府", "政府", "办公室", "办公厅", "办事处", "管理委员会", "管委会", "委员会", "委",
    "局", "厅", "署", "办", "中心", "院", "部", "所", "站", "馆", "队", "社", "会", "处", "科",
    "公署", "总局", "分局", "支队", "大队",
)  # fmt: skip
REGION_ENDINGS = ("县", "市", "区", "旗", "州", "盟", "镇", "乡", "街道")
_NOT_A_NAME = re.compile(rf"[^{CJK}]")
# Words that open a clause, never a name. Single characters that also begin place names are
# not here (和县, 将乐县, 从江县, 本溪市).
_JOINING_START = re.compile(r"^(?:及|与|或|按照|根据|依据|关于印发|现将|对于|经过)")
_FRAGMENT = re.compile(r"的|印发|通知|规定|条例|格式|年度报告|工作报告")
_DATE_LINE = re.compile(
    r"^[(（\[]?\s*(?:20\d{2}|二[〇零○O0][一二三四五六七八九〇零○]{2})\s*年"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*[)）\]]?$"
)
_INLINE_SIGNATURE = re.compile(
    rf"(?:^|[。！？；;\s])([{CJK}]{{2,{MAX_NAME}}})\s*[(（]?\s*20\d{{2}}\s*年\s*\d{{1,2}}\s*月"
    r"\s*\d{1,2}\s*日\s*[)）]?\s*$"
)
_MARKUP = re.compile(r"^[\s#>*_\-]+|[\s*_]+$")
_SENTENCE_MARKS = re.compile(r"[，。；！？,;!?]")
_CITED = re.compile(r"[《〈<][^》〉>]*政府信息公开")
_CITING = re.compile(r"印发|根据|依据|按照|参照|规定")
_SELF = re.compile(rf"^[本我该][{CJK}]$")  # 本站, 我局: a self-reference, not a name


def name_problem(name: str) -> str | None:
    """Why `name` (simplified, no spaces) cannot be an agency name; None when it can be one."""
    if not 2 <= len(name) <= MAX_NAME:
        return f"{len(name)} characters is not the length of a name"
    if _NOT_A_NAME.search(name):
        return "it holds punctuation, brackets, digits or letters, as a sentence does"
    if _JOINING_START.match(name) or _FRAGMENT.search(name):
        return "it reads as part of a sentence"
    if _SELF.match(name):
        return "it is a self-reference (本站, 我局), not a name"
    if not name.endswith(AGENCY_ENDINGS + REGION_ENDINGS):
        return "it ends in no agency word (人民政府, 办公室, 局, 委员会, …) nor a region word"
    return None


def title_problem(line: str) -> str | None:
    """Why a line found as the title is not the report's own title; None when it is one."""
    text = line.strip()
    if len(text.replace(" ", "")) > MAX_TITLE:
        return "too long for a title"
    if _SENTENCE_MARKS.search(text):
        return "it is a sentence"
    cited = _CITED.search(text)
    if cited and text.lstrip("#* ").find(cited.group(0)) > 0:
        return "it cites another document's title"
    if re.search(r"(?:年度报告|年报)\s*格式", text):
        return "it names the template, not a report"
    if _CITING.search(text.split("政府信息公开")[0]):
        return "it cites the template (印发, 根据, …), as a sentence does"
    if _opens_inside_brackets(text):
        return "it starts inside brackets: a piece of a wrapped sentence"
    return None


def _opens_inside_brackets(text: str) -> bool:
    """定)和关于印发…: a closing bracket before any opening one."""
    closing = re.search(r"[)）〕\]】]", text)
    opening = re.search(r"[(（〔\[【]", text)
    return closing is not None and (opening is None or closing.start() < opening.start())


def clean_line(line: str) -> str:
    """A line without markdown marks and spaces: how a signature line is compared."""
    return _MARKUP.sub("", line).replace(" ", "").replace("\u3000", "")


def signature_names(text: str, title_line: int | None = None) -> list[tuple[str, int]]:
    """(name, 1-based line) of lines that are an agency name signing the report."""
    lines = [(n, clean_line(t)) for n, t in enumerate(text.splitlines(), 1)]
    filled = [(n, t) for n, t in lines if t]
    found: list[tuple[str, int]] = []
    title_at = _index(filled, title_line) if title_line is not None else None
    for k, (number, line) in enumerate(filled):
        next_line = filled[k + 1][1] if k + 1 < len(filled) else None
        near_end = k >= len(filled) - SIGNATURE_TAIL
        under_title = title_at is not None and 0 < k - title_at <= UNDER_TITLE
        dated = next_line is not None and _DATE_LINE.match(next_line) is not None
        last = next_line is None
        signs = (near_end and (dated or last)) or (under_title and dated)
        if signs and name_problem(line) is None:
            found.append((line, number))
    inline = _INLINE_SIGNATURE.search(filled[-1][1] if filled else "")
    if inline and len(filled[-1][1]) > MAX_NAME and name_problem(inline.group(1)) is None:
        found.append((inline.group(1), filled[-1][0]))
    return found


def _index(filled: list[tuple[int, str]], line_number: int) -> int:
    """Where the line of that number sits among the non-empty lines (-1 if absent)."""
    return next((k for k, (n, _) in enumerate(filled) if n == line_number), -1)


def agency_key(agency: str, region_path: list[str]) -> str:
    """The form reports of one agency are matched by across years: match_key of the name without
    the parent places its report may or may not write (淮安市洪泽区人民政府 and 洪泽区人民政府 are
    one agency when its region is 江苏省›淮安市›洪泽区)."""
    name = agency
    for parent in region_path[:-1]:
        name = name.removeprefix(parent)
    return match_key(name)

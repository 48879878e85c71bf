"""Crawler and web-page header lines on top of a report: `标题: …`, `发布机构: …`, `原文链接: …`.

A crawler's text dump (and a copied 政府信息公开 page) starts with labelled lines, then often a
`==== 正文 ====` line. They are read as a header only when at least two known labels appear in
the first HEADER_LINES lines (one "来源：" in a report's first paragraph is not a header). A
line may hold several labels (`索引号：… 发布机构：… 生成日期：…`). An empty value is no value:
`发布机构: ` says nothing about the agency.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

__all__ = ["AGENCY_LABELS", "SOURCE_LABELS", "Header", "read_header", "strip_label"]

HEADER_LINES = 15
MIN_LABELS = 2
TITLE_LABELS = ("标题", "题名", "文章标题", "信息名称")
SOURCE_LABELS = ("信息来源", "文章来源", "来源")  # may name a news source, not the agency
AGENCY_LABELS = ("发布机构", "发文机关", "发文机构", "发布单位", *SOURCE_LABELS)
DATE_LABELS = ("发布时间", "发布日期", "成文日期", "生成日期", "日期")
URL_LABELS = ("原文链接", "原文地址", "链接", "网址", "URL", "url")
OTHER_LABELS = ("文号", "发文字号", "索引号", "栏目", "本地目录", "主题分类", "分类", "有效性")
_LABELS = sorted(
    [*TITLE_LABELS, *AGENCY_LABELS, *DATE_LABELS, *URL_LABELS, *OTHER_LABELS], key=len, reverse=True
)
_LABEL = re.compile(rf"(?P<label>{'|'.join(_LABELS)})\s*[:：]\s*")
_BODY_MARK = re.compile(r"^\s*[=＝\-—]{2,}\s*正\s*文\s*[=＝\-—]{2,}\s*$")


class Header(BaseModel):
    """What the labelled lines say; None where a label is absent or empty."""

    title: str | None = None
    agency: str | None = None
    agency_label: str | None = Field(None, description="The label the agency came from.")
    date: str | None = None
    url: str | None = None
    lines: list[int] = Field(default_factory=list, description="1-based header line numbers.")


def strip_label(line: str) -> str:
    """标题: 郏县…年度报告 -> 郏县…年度报告; any other line unchanged."""
    match = _LABEL.match(line.strip())
    if match and match.group("label") in TITLE_LABELS:
        return line.strip()[match.end() :].strip()
    return line


def read_header(text: str) -> Header | None:
    """The header on top of `text`, or None when the text does not start with one."""
    fields: dict[str, str] = {}
    lines: list[int] = []
    for number, line in enumerate(text.splitlines()[:HEADER_LINES], 1):
        if _BODY_MARK.match(line):
            break
        pairs = _pairs(line)
        if pairs:
            lines.append(number)
            for label, value in pairs:
                fields.setdefault(label, value)
    if len(fields) < MIN_LABELS:
        return None
    agency_label = _first(fields, AGENCY_LABELS)
    return Header(
        title=_value(fields, TITLE_LABELS),
        agency=fields[agency_label] if agency_label else None,
        agency_label=agency_label,
        date=_value(fields, DATE_LABELS),
        url=_value(fields, URL_LABELS),
        lines=lines,
    )


def _pairs(line: str) -> list[tuple[str, str]]:
    """(label, value) of a line that starts with a known label; [] for any other line."""
    matches = list(_LABEL.finditer(line))
    if not matches or line[: matches[0].start()].strip():
        return []
    ends = [m.start() for m in matches[1:]] + [len(line)]
    return [
        (m.group("label"), line[m.end() : end].strip())
        for m, end in zip(matches, ends, strict=True)
    ]


def _first(fields: dict[str, str], labels: tuple[str, ...]) -> str | None:
    """The first of the labels (in order of preference) that has a non-empty value."""
    return next((label for label in labels if fields.get(label)), None)


def _value(fields: dict[str, str], labels: tuple[str, ...]) -> str | None:
    label = _first(fields, labels)
    return fields[label] if label else None

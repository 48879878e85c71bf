"""Chinese and English words -> canonical metrics, applicant columns, intent cues, comparisons.

The words are data (vocabulary/terms.toml, cues.toml); this module compiles them once and reads
a question with them. Matching is longest-first and non-overlapping, so the most specific phrase
decides: 不予公开 is not 公开, 复议后起诉 is not 复议, 上年结转 is not 去年.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from index.filters import Level
from ingest.normalize import normalize_text, to_simplified
from ingest.template import S2_ROWS, S3_ROWS
from qa_app.question.numerals import parse_any_number
from qa_app.question.plan import DERIVED, Comparison, Metric, field_section
from qa_app.question.vocabulary import Cue, GlossaryEntry, Slot, TermRow, cues, glossary, terms
from qa_app.question.vocabulary.models import GROUP_TOTALS, S2_COLUMN_ALIASES, S2_COLUMNS
from qa_app.question.years import NumberHit, find_numbers

MASK = "□"  # stands in for a matched metric word, so cues can see "没有□" but not the word


@dataclass(frozen=True, slots=True)
class TermHit:
    """A lexicon word found in the question."""

    start: int
    end: int
    row: TermRow


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    row: TermRow
    order: int


def _template_rows() -> list[TermRow]:
    """The printed labels of tables 二 and 三 as terms: every canonical field has its own words."""
    rows = []
    for version_rows in S3_ROWS.values():
        for spec in version_rows:
            words = [_plain(w) for w in (*spec.labels, spec.zh)]
            words += [w.split(":")[-1] for w in words if ":" in w]
            escaped = _escaped(w for w in words if len(w) >= 4)
            rows.append(TermRow(table="s3", slot=Slot.METRIC, values=(spec.key,), zh=escaped))
    for s2rows in S2_ROWS.values():
        for s2row in s2rows:
            for col in s2row.fields:
                escaped = _escaped([_plain(col.zh)])
                rows.append(TermRow(table="s2", slot=Slot.METRIC, values=(col.key,), zh=escaped))
    return rows


MIN_LITERAL = 3  # shorter Chinese words (其他, 涉密) need the context terms.toml gives them


def _glossary_rows(base: Sequence[_Pattern]) -> list[TermRow]:
    """The glossary phrasings that terms.toml does not already read as their entry, as literal
    terms: a field (or derived measure) as a metric, an applicant column as a column. Phrasings
    the combining rules read right (行政复议维持 = block x result) stay theirs, so that what
    follows them (…，纠正了几件) still combines."""
    rows = []
    for entry in glossary().entry:
        zh = [w for w in map(_plain, entry.chinese) if len(w) >= MIN_LITERAL]
        en = [w.lower() for w in entry.en]
        zh = [w for w in zh if not _reads_as(base, w, entry)]
        en = [w for w in en if not _reads_as(base, w, entry)]
        if not (zh or en):
            continue
        if entry.is_column:
            assert entry.column is not None
            values, slot, table = (entry.column,), Slot.COLUMN, "column"
        else:
            values, slot, table = (entry.key,), Slot.METRIC, "glossary"
        rows.append(
            TermRow(table=table, slot=slot, values=values, zh=_escaped(zh), en=_escaped(en))
        )
    return rows


def _reads_as(patterns: Sequence[_Pattern], phrase: str, entry: GlossaryEntry) -> bool:
    """Whether `patterns` alone read `phrase` as the entry's field (or column), nothing else."""
    reading = read_metrics(_scan(patterns, phrase))
    if entry.is_column:
        return reading.columns == [entry.column]
    return reading.keys == [entry.key] and not reading.columns


def _plain(label: str) -> str:
    """A label as it reads in a normalized question (full-width punctuation folded)."""
    return to_simplified(normalize_text(label))


def _escaped(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(re.escape(w) for w in dict.fromkeys(words))


def _compiled(rows: Sequence[TermRow], first: int = 0) -> list[_Pattern]:
    compiled = []
    for order, row in enumerate(rows, start=first):
        for zh in row.zh:
            compiled.append(_Pattern(re.compile(zh), row, order))
        for en in row.en:
            compiled.append(_Pattern(re.compile(rf"(?<![a-z0-9]){en}(?![a-z0-9])"), row, order))
    return compiled


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    rows = [*terms(), *_template_rows()]
    base = _compiled(rows)
    return tuple(base + _compiled(_glossary_rows(base), first=len(rows)))


def scan_terms(text: str) -> list[TermHit]:
    """Lexicon words in `text` (normalized, simplified), longest first, not overlapping."""
    return _scan(_patterns(), text)


def _scan(patterns: Sequence[_Pattern], text: str) -> list[TermHit]:
    lowered = text.lower()
    found = [
        (m.start(), m.end(), p.order, p.row)
        for p in patterns
        for m in p.regex.finditer(lowered)
        if m.end() > m.start()
    ]
    found.sort(key=lambda f: (f[0] - f[1], f[0], f[2]))
    taken = [False] * len(text)
    hits = []
    for start, end, _order, row in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        hits.append(TermHit(start, end, row))
    return sorted(hits, key=lambda h: h.start)


@dataclass
class MetricReading:
    """The metrics a question names, in the order it names them."""

    keys: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    appeals: bool = False
    notes: list[str] = field(default_factory=list)  # notes.toml keys
    spans: list[tuple[int, int]] = field(default_factory=list)
    weak: bool = False  # the keys come only from the bare 申请 / received


def read_metrics(hits: Sequence[TermHit]) -> MetricReading:
    """Combine the words into canonical keys: groups vs their rows, table 四 blocks x results,
    table 二 rows x columns, and the bare 申请 that only counts when nothing else is named."""
    out = MetricReading()
    placed: list[tuple[int, str]] = []  # (position, key)
    by_slot: dict[Slot, list[TermHit]] = {}
    for hit in hits:
        by_slot.setdefault(hit.row.slot, []).append(hit)
        if hit.row.slot is not Slot.NEUTRAL:
            out.spans.append((hit.start, hit.end))
        if hit.row.note and hit.row.note not in out.notes:
            out.notes.append(hit.row.note)
    for hit in by_slot.get(Slot.METRIC, []):
        placed += [(hit.start, key) for key in hit.row.values]
    placed += _groups(by_slot.get(Slot.GROUP, []), {k for _, k in placed}, out)
    by_slot[Slot.BLOCK] = _not_qualifiers(by_slot.get(Slot.BLOCK, []), by_slot.get(Slot.METRIC, []))
    out.appeals = bool(by_slot.get(Slot.APPEALS))
    placed += _appeals_blocks(by_slot, out)
    placed += _s2(by_slot.get(Slot.S2_ROW, []), by_slot.get(Slot.S2_COL, []), out)
    s3_named = any(_is_s3(k) for _, k in placed)
    out.weak = not placed  # only 申请/收到 name a figure, if anything does
    if by_slot.get(Slot.RECEIVE) and (s3_named or not placed):
        placed.append((by_slot[Slot.RECEIVE][0].start, "new_received"))
    elif by_slot.get(Slot.WEAK) and not placed:
        placed.append((by_slot[Slot.WEAK][0].start, "new_received"))
    for _pos, key in sorted(placed, key=lambda p: p[0]):
        if key not in out.keys:
            out.keys.append(key)
    for hit in by_slot.get(Slot.COLUMN, []):
        out.columns += [c for c in hit.row.values if c not in out.columns]
    return out


def _not_qualifiers(blocks: list[TermHit], metrics: list[TermHit]) -> list[TermHit]:
    """行政复议纠错率: a block right before a rate only says whose rate it is."""
    rates = {h.start for h in metrics if any(k in DERIVED for k in h.row.values)}
    return [b for b in blocks if not ({b.end, b.end + 1} & rates)]


def _groups(hits: Iterable[TermHit], named: set[str], out: MetricReading) -> list[tuple[int, str]]:
    """不予公开 means denied_total, unless a denial reason (国家秘密) is named too."""
    placed = []
    for hit in hits:
        group = hit.row.values[0]
        if not any(k.startswith(f"{group}_") for k in named):
            placed += [(hit.start, key) for key in GROUP_TOTALS[group]]
            if group == "other":
                out.notes.append("other_handling_versions")
    return placed


def _appeals_blocks(
    by_slot: dict[Slot, list[TermHit]], out: MetricReading
) -> list[tuple[int, str]]:
    """Table 四: each block named (or both, for "appeals") times each result named (or total)."""
    blocks: list[tuple[int, str]] = []
    for hit in by_slot.get(Slot.APPEALS, []) + by_slot.get(Slot.BLOCK, []):
        blocks += [(hit.start, b) for b in hit.row.values]
    results = [r for h in by_slot.get(Slot.RESULT, []) for r in h.row.values]
    if not blocks:
        return []
    names = {b for _, b in blocks}
    if names & {"litigation_direct", "litigation_after_review"}:
        blocks = [(p, b) for p, b in blocks if b != "litigation"]  # the specific block decides
    placed = []
    for pos, block in blocks:
        for result in dict.fromkeys(results) or ["total"]:
            if block == "litigation" and result == "total":
                placed.append((pos, "litigation_total"))
            elif block == "litigation":
                placed += [
                    (pos, f"{b}_{result}") for b in ("litigation_direct", "litigation_after_review")
                ]
            else:
                placed.append((pos, f"{block}_{result}"))
    return placed


def _s2(rows: list[TermHit], cols: list[TermHit], out: MetricReading) -> list[tuple[int, str]]:
    """Table 二: each row named with each of its columns named, else the row's main column."""
    placed = []
    wanted = [c for hit in cols for c in hit.row.values]
    for hit in rows:
        row = hit.row.values[0]
        keys = [
            f"{row}_{S2_COLUMN_ALIASES.get((row, c), c)}"
            for c in wanted
            if S2_COLUMN_ALIASES.get((row, c), c) in S2_COLUMNS[row]
        ]
        if wanted and not keys:
            out.notes.append("s2_column_default")
        placed += [(hit.start, k) for k in keys or [f"{row}_{S2_COLUMNS[row][0]}"]]
    return placed


def _is_s3(key: str) -> bool:
    """Table 三 fields, and rates or totals made only of them, take an applicant column."""
    spec = DERIVED.get(key)
    if spec is not None:
        return all(field_section(k) == "s3" for k in (*spec.numerator, *spec.denominator))
    return field_section(key) == "s3"


def build_metrics(reading: MetricReading) -> tuple[list[Metric], bool]:
    """Metric objects: table 三 keys once per applicant column named. True if a column was
    named but no table 三 metric can take it."""
    metrics: list[Metric] = []
    for key in reading.keys:
        columns = reading.columns if reading.columns and _is_s3(key) else [None]
        metrics += [Metric(key=key, column=c) for c in columns]
    ignored = bool(reading.columns) and not any(_is_s3(k) for k in reading.keys)
    return metrics, ignored


# ---------------------------------------------------------------- cues


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[tuple[Cue, re.Pattern[str]], ...]:
    return tuple((cue, re.compile(p)) for cue, pats in cues().cues.items() for p in pats)


def mask(text: str, spans: Iterable[tuple[int, int]], char: str = MASK) -> str:
    """`text` with each span overwritten by `char` (same length, so positions still hold)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = char * (end - start)
    return "".join(chars)


def find_cues(text: str) -> dict[Cue, int]:
    """Each cue present and where it first occurs, in masked lower-cased text."""
    lowered = text.lower()
    found: dict[Cue, int] = {}
    for cue, pattern in _cue_patterns():
        m = pattern.search(lowered)
        if m and (cue not in found or m.start() < found[cue]):
            found[cue] = m.start()
    return found


def find_level(text: str) -> Level | None:
    """The administrative level a question restricts to (县级, cities), if one."""
    lowered = text.lower()
    levels = [lv for lv, pats in cues().levels.items() if any(re.search(p, lowered) for p in pats)]
    return levels[0] if len(levels) == 1 else None


@dataclass
class Quantities:
    """Numbers in the question that are not years: top-N, comparisons, stated values."""

    top_n: int | None = None
    comparison: Comparison | None = None
    zero: bool = False
    loose: list[NumberHit] = field(default_factory=list)  # numbers no pattern claimed


def find_quantities(text: str) -> Quantities:
    """Top-N first, then comparisons with a number, then "none"; what is left is loose."""
    lowered = text.lower()
    out = Quantities()
    taken: list[tuple[int, int]] = []
    words = cues()
    for pattern in words.top_n:
        m = re.search(pattern, lowered)
        if m and (n := parse_any_number(m.group("n"))) and 1 <= n <= 1000:
            out.top_n, taken = int(n), [*taken, m.span()]
            break
    for comparison in words.comparisons:
        m = re.search(comparison.pattern, mask(lowered, taken, " "))
        if m and (n := parse_any_number(m.group("n"))) is not None:
            out.comparison, taken = Comparison(op=comparison.op, value=n), [*taken, m.span()]
            break
    rest = mask(lowered, taken, " ")
    out.zero = any(re.search(p, rest) for p in words.zero)
    out.loose = find_numbers(rest)
    for pattern in words.en_claim:
        for m in re.finditer(pattern, rest):
            value = parse_any_number(m.group("n"))
            if value is not None and not any(h.start == m.start("n") for h in out.loose):
                out.loose.append(NumberHit(value, m.start("n"), m.end("n")))
    out.loose.sort(key=lambda h: h.start)
    return out


# ---------------------------------------------------------------- figures that name a year

_YEAR_WORDS = ("去年", "今年", "上一年", "上年", "本年", "明年", "下年", "last year", "this year",
               "previous year")  # fmt: skip


@lru_cache(maxsize=1)
def _year_word_figures() -> re.Pattern[str] | None:
    """The figures' phrasings (glossary, template labels) that contain a relative-year word:
    去年没办完的申请 names carried_over, not the year before."""
    phrases = [re.escape(_plain(w)) for e in glossary().entry for w in e.chinese]
    phrases += [re.escape(w.lower()) for e in glossary().entry for w in e.en]
    phrases += [w for row in _template_rows() for w in row.zh]
    words = {w for w in phrases if any(y in w.replace("\\", "") for y in _YEAR_WORDS)}
    if not words:
        return None
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


def figure_spans(text: str) -> list[tuple[int, int]]:
    """Where phrasings of figures that contain a year word occur in `text`, so that the year
    reader leaves them to the lexicon."""
    pattern = _year_word_figures()
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text.lower()) if m.end() > m.start()]

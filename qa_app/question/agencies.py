"""The agencies the corpus has reports for, and finding them in a question.

People write agency names loosely: 郟县人民政府 (traditional), 郏县政府, 汝州信访局, 汝州 信访局,
信访局 alone, or only the region (郏县). Every stored name is indexed once under each of those
forms, compared through `match_key`, in one Aho–Corasick automaton, so a question is read in one
pass whatever the size of the corpus. A name that looks like an agency but is not stored comes
back as an unknown hit with the closest stored names, so the answer can say so.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import ahocorasick

from index.filters import Level
from index.sqlstore import ReportRow
from ingest.gazetteer import SHORT_STOPWORDS, short_name
from ingest.normalize import match_key, normalize_text, to_simplified
from qa_app.question.agency_words import (
    AGENCY_LIKE,
    LEVEL_CHARS,
    LEVEL_DEPARTMENTS,
    NOT_STANDALONE,
    REGION_AT_START,
    department_forms,
    place_before_level,
    place_ending_at,
    plausible_agency,
    plausible_region,
    region_before,
    segments,
    strip_fillers,
)

_LEVELS = {"县": Level.COUNTY, "旗": Level.COUNTY, "市": Level.CITY, "区": Level.DISTRICT}
_KEY_DROP = re.compile(r"[\s\W_]", re.UNICODE)
_GOVERNMENTS = ("人民政府", "人民政府办公室")  # what a bare region name most often means
_PRIORITY = {"name": 0, "dept": 1, "region": 2}
# What an indexed form stands for: ("name", agency key, None), ("dept", department, level
# character or None) or ("region", region key, None).
Target = tuple[str, str, str | None]


def prepare_text(text: str) -> str:
    """A question as the planner reads it: NFKC, simplified, whitespace runs folded."""
    return re.sub(r"\s+", " ", to_simplified(normalize_text(text))).strip()


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """One agency of the corpus: its name as printed, its key, region and report years."""

    name: str
    key: str
    region: str | None
    region_key: str | None
    department: str  # the key after the region: 人民政府, 信访局
    years: tuple[int, ...]

    @property
    def level(self) -> Level | None:
        return _LEVELS.get(self.region[-1]) if self.region else None


class HitKind(StrEnum):
    NAME = "name"  # the agency's name, full or shortened, with its region
    DEPARTMENT = "department"  # the department without a region (信访局): maybe several
    REGION = "region"  # only a region (郏县): its government if it has one, else all of it
    UNKNOWN = "unknown"  # agency-like or region-like, but not in the corpus


@dataclass(frozen=True, slots=True)
class AgencyHit:
    """A name in the question and the stored agencies it stands for."""

    mention: str
    start: int  # offsets into prepare_text(question)
    end: int
    kind: HitKind
    agencies: tuple[AgencyEntry, ...] = ()
    others: tuple[AgencyEntry, ...] = ()  # REGION: the region's other agencies, not chosen
    region: str | None = None
    closest: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """Several agencies fit equally well (信访局 when two regions have one)."""
        return self.kind in (HitKind.NAME, HitKind.DEPARTMENT) and len(self.agencies) > 1


@dataclass(frozen=True, slots=True)
class _Occurrence:
    start: int  # in key space
    end: int
    kind: str  # name | dept | region
    targets: tuple[Target, ...]

    @property
    def key(self) -> str:
        return self.targets[0][1]


class AgencyDirectory:
    """Every stored agency, indexed by the forms a question may use for it."""

    def __init__(self, entries: Iterable[AgencyEntry]) -> None:
        self.entries = tuple(sorted(entries, key=lambda e: e.key))
        # (agency key, year) -> template edition, when built from stored rows
        self.editions: dict[tuple[str | None, int | None], str] = {}
        self._by_key = {e.key: e for e in self.entries}
        self._by_region: dict[str, list[AgencyEntry]] = defaultdict(list)
        self._by_department: dict[str, list[AgencyEntry]] = defaultdict(list)
        self._index: dict[str, set[Target]] = defaultdict(set)
        for entry in self.entries:
            self._add(entry)
        self._automaton = ahocorasick.Automaton()
        for form in self._index:
            self._automaton.add_word(form, form)
        if self._index:
            self._automaton.make_automaton()

    @classmethod
    def from_rows(cls, rows: Sequence[ReportRow]) -> AgencyDirectory:
        """One entry per distinct agency_key: its most printed name and region, all its years."""
        names: dict[str, Counter[str]] = defaultdict(Counter)
        regions: dict[str, Counter[str]] = defaultdict(Counter)
        years: dict[str, set[int]] = defaultdict(set)
        editions: dict[tuple[str | None, int | None], str] = {}
        for row in rows:
            key = row.agency_key or (match_key(row.agency) if row.agency else None)
            if row.format_version:
                editions[key, row.year] = str(row.format_version)
            if not key:
                continue
            names[key][row.agency or key] += 1
            if row.region:
                regions[key][row.region] += 1
            if row.year is not None:
                years[key].add(row.year)
        directory = cls(
            make_entry(names[k].most_common(1)[0][0], _top(regions[k]), years[k], key=k)
            for k in names
        )
        directory.editions = editions
        return directory

    def editions_of(self, keys: Sequence[str] | None, years: Sequence[int] | None) -> set[str]:
        """The template editions (v2019, v2021) of the stored reports of these agencies (all:
        None) in these years (all: None or empty)."""
        return {
            edition
            for (key, year), edition in self.editions.items()
            if (keys is None or key in keys) and (not years or year in years)
        }

    @property
    def latest_year(self) -> int | None:
        return max((y for e in self.entries for y in e.years), default=None)

    def get(self, name: str) -> AgencyEntry | None:
        return self._by_key.get(match_key(name))

    def in_region(self, region: str) -> tuple[AgencyEntry, ...]:
        return tuple(self._by_region.get(match_key(region), ()))

    def closest(self, mention: str, n: int = 3) -> tuple[str, ...]:
        """The stored names nearest to `mention` (difflib on match_key), best first."""
        keys = difflib.get_close_matches(match_key(mention), list(self._by_key), n=n, cutoff=0.3)
        return tuple(self._by_key[k].name for k in keys)

    def _add(self, entry: AgencyEntry) -> None:
        """Index the entry under its name, its region x department forms, and its department
        alone (for 信访局, 县政府办), so that one automaton pass finds every form."""
        self._by_department[entry.department].append(entry)
        name: Target = ("name", entry.key, None)
        self._index[entry.key].add(name)
        departments = department_forms(entry.department)
        for form in departments:
            if len(form) >= 3 and form not in NOT_STANDALONE:
                self._index[form].add(("dept", entry.department, None))
        char = entry.region[-1] if entry.region else ""
        if entry.department in LEVEL_DEPARTMENTS and char in LEVEL_CHARS:
            for form in LEVEL_DEPARTMENTS[entry.department]:
                self._index[char + form].add(("dept", entry.department, char))
        if entry.region_key is None:
            return
        self._by_region[entry.region_key].append(entry)
        for region in region_forms(entry.region or ""):
            self._index[region].add(("region", entry.region_key, None))
            for form in departments:
                self._index[region + form].add(name)

    def match(self, text: str) -> list[AgencyHit]:
        """Agency mentions in a question, in order; unknown agency-like names included.
        Offsets index `prepare_text(text)` (the same text if it was prepared already)."""
        text = prepare_text(text)
        keyed, positions = _keyed(text)
        found = self._occurrences(keyed)
        hits = self._resolve(found, keyed)
        known = {i for span in [*found, *hits] for i in range(span.start, span.end)}
        hits = _merge_unknown(hits, self._unknown(keyed, known), keyed)
        located = [_located(h, text, positions) for h in hits]
        located += [
            h
            for h in _english_unknown(text)
            if not any(h.start < k.end and k.start < h.end for k in located)
        ]
        located = [
            replace(h, closest=self.closest(h.mention)) if h.kind is HitKind.UNKNOWN else h
            for h in located
        ]
        return sorted(located, key=lambda h: (h.start, h.end))

    def _occurrences(self, keyed: str) -> list[_Occurrence]:
        """Indexed forms in the key text: longest first, then name > department > region."""
        if not self._index:
            return []
        candidates = []
        for end, form in self._automaton.iter(keyed):
            targets = tuple(sorted(self._index[form], key=lambda t: (t[0], t[1], t[2] or "")))
            kinds = {t[0] for t in targets}
            kind = "dept" if "dept" in kinds else "name" if "name" in kinds else "region"
            candidates.append(_Occurrence(end - len(form) + 1, end + 1, kind, targets))
        candidates.sort(key=lambda o: (o.start - o.end, _PRIORITY[o.kind], o.start))
        taken = [False] * len(keyed)
        chosen = []
        for occ in candidates:
            if not any(taken[occ.start : occ.end]):
                taken[occ.start : occ.end] = [True] * (occ.end - occ.start)
                chosen.append(occ)
        return sorted(chosen, key=lambda o: o.start)

    def _resolve(self, found: list[_Occurrence], keyed: str) -> list[AgencyHit]:
        hits: list[AgencyHit] = []
        used: set[int] = set()  # region occurrences taken by a department next to them
        regions = {i: o for i, o in enumerate(found) if o.kind == "region"}
        covered = {i for o in found for i in range(o.start, o.end)}
        for i, occ in enumerate(found):
            if occ.kind == "name":
                entries = tuple(self._by_key[t[1]] for t in occ.targets if t[0] == "name")
                hits.append(AgencyHit("", occ.start, occ.end, HitKind.NAME, entries))
            elif occ.kind == "dept":
                hits.append(self._department(i, found, keyed, regions, used, covered))
        hits += [self._region(occ) for i, occ in regions.items() if i not in used]
        return hits

    def _department(
        self,
        i: int,
        found: list[_Occurrence],
        keyed: str,
        regions: dict[int, _Occurrence],
        used: set[int],
        covered: set[int],
    ) -> AgencyHit:
        """信访局: with the region right before it (汝州的信访局), else narrowed by regions named
        elsewhere, else every agency of that department (ambiguous if several)."""
        occ = found[i]
        entries = [
            e
            for kind, dept, char in occ.targets
            if kind == "dept"
            for e in self._by_department[dept]
            if char is None or (e.region or "").endswith(char)
        ]
        prev = found[i - 1] if i > 0 else None
        if prev is not None and i - 1 in regions and keyed[prev.end : occ.start] in ("", "的"):
            used.add(i - 1)
            paired = tuple(e for e in entries if e.region_key == prev.key)
            kind = HitKind.NAME if paired else HitKind.UNKNOWN
            return AgencyHit("", prev.start, occ.end, kind, paired)
        stranger = region_before(keyed, occ.start, covered)
        if stranger is None:  # 上海市 + 人民政府办公厅: a place the corpus lacks, then a department
            stranger = place_ending_at(keyed, occ.start, covered)
        if stranger is None and any(char for _k, _d, char in occ.targets):
            # 上海市人民政府办公厅: the level form 市人民政府 took the 市 of a place the corpus
            # lacks; that place with its 市 is a region, so the name is unknown, not ambiguous
            stranger = place_before_level(keyed, occ.start, covered)
        if stranger is not None:  # 火星市教育局: a department of a region the corpus lacks
            end = occ.end
            tail = AGENCY_LIKE.match(keyed[occ.end :])
            if tail is not None and keyed[occ.end : occ.end + tail.end()]:
                end = occ.end + tail.end()  # 办公厅: the rest of the unknown name
            return AgencyHit("", stranger, end, HitKind.UNKNOWN)
        context = {j: r.key for j, r in regions.items() if j not in used}
        narrowed = [e for e in entries if e.region_key in context.values()]
        if narrowed:
            used.update(
                j for j, key in context.items() if any(e.region_key == key for e in narrowed)
            )
            entries = narrowed
        return AgencyHit("", occ.start, occ.end, HitKind.DEPARTMENT, tuple(dict.fromkeys(entries)))

    def _region(self, occ: _Occurrence) -> AgencyHit:
        """郏县 alone: its 人民政府 (or 人民政府办公室) when it has one, else all its agencies."""
        entries = self._by_region[occ.key]
        preferred = next((e for d in _GOVERNMENTS for e in entries if e.department == d), None)
        chosen = (preferred,) if preferred else tuple(entries)
        others = tuple(e for e in entries if e not in chosen)
        region = entries[0].region
        return AgencyHit("", occ.start, occ.end, HitKind.REGION, chosen, others, region)

    def _unknown(self, keyed: str, blocked: set[int]) -> list[AgencyHit]:
        """Agency-like (火星市气象局) or region-like (北京市) names that nothing matched."""
        hits = []
        for start, segment in segments(keyed, blocked):
            m = AGENCY_LIKE.search(segment)
            if m is not None:
                offset, mention = strip_fillers(segment[: m.end()])
                if plausible_agency(mention):
                    begin = start + offset
                    hits.append(AgencyHit("", begin, begin + len(mention), HitKind.UNKNOWN))
                    continue
            offset, rest = strip_fillers(segment)
            r = REGION_AT_START.match(rest)
            begin = start + offset
            if r is None or not plausible_region(r[0]) or begin + r.end() in blocked:
                continue  # not a place, or an outer region before a known name (平顶山市郏县)
            hits.append(AgencyHit("", begin, begin + r.end(), HitKind.UNKNOWN, region=r[0]))
        return hits


# An agency named in English: capitalised words ending in an agency noun ("Mars Weather
# Bureau"). The corpus names agencies in Chinese, so such a name is never a stored one.
_ENGLISH_AGENCY = re.compile(
    r"\b(?:[A-Z][\w'&-]*\s+){1,6}(?:Bureau|Office|Department|Commission|Committee|Government|"
    r"Agency|Administration|Ministry|Council|Authority|Cent(?:er|re))\b"
)


def _english_unknown(text: str) -> list[AgencyHit]:
    """Agencies named in English; stored agencies are matched by their Chinese names."""
    return [
        AgencyHit(m.group(0), m.start(), m.end(), HitKind.UNKNOWN)
        for m in _ENGLISH_AGENCY.finditer(text)
    ]


def make_entry(name: str, region: str | None, years: Iterable[int], key: str = "") -> AgencyEntry:
    """An entry with its region split off the name (from the stored region, else the name)."""
    key = key or match_key(name)
    department = key
    region_key = match_key(region) if region else None
    if region_key and (i := key.find(region_key)) >= 0 and len(key) > i + len(region_key):
        department = key[i + len(region_key) :]
    elif (m := REGION_AT_START.match(key)) and m.end() < len(key) and plausible_region(m[0]):
        department = key[m.end() :]
        if region is None:
            region, region_key = m[0], m[0]
    return AgencyEntry(name, key, region, region_key, department, tuple(sorted(set(years))))


def region_forms(region: str) -> set[str]:
    """汝州市 -> {汝州市, 汝州}; 郏县 -> {郏县} (a one-character stem is no name)."""
    forms = {match_key(region)} if region else set()
    short = short_name(to_simplified(region)) if region else None
    if short and short not in SHORT_STOPWORDS:
        forms.add(match_key(short))
    return forms


def _merge_unknown(hits: list[AgencyHit], unknown: list[AgencyHit], keyed: str) -> list[AgencyHit]:
    """汝州市 + 公安局: a known region right before an unknown department is one unknown name."""
    regions = {h.end: h for h in hits if h.kind is HitKind.REGION}
    for i, hit in enumerate(unknown):
        region = regions.get(hit.start) or regions.get(hit.start - 1)
        if region is not None and keyed[region.end : hit.start] in ("", "的"):
            hits.remove(region)
            unknown[i] = replace(hit, start=region.start)
    return hits + unknown


def _top(counter: Counter[str]) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def _keyed(text: str) -> tuple[str, list[int]]:
    """match_key of `text` char by char, with the position in `text` of each key char."""
    chars, positions = [], []
    for i, char in enumerate(text):
        if not _KEY_DROP.match(char):
            lowered = char.lower()
            chars.append(lowered)
            positions += [i] * len(lowered)
    return "".join(chars), positions


def _located(hit: AgencyHit, text: str, positions: list[int]) -> AgencyHit:
    """The hit with its offsets and mention in the question's own text, not in key space."""
    start, end = positions[hit.start], positions[hit.end - 1] + 1
    return replace(hit, mention=text[start:end], start=start, end=end)

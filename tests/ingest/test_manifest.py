"""Manifests: the user's agency, region, year and URL per file, overriding inference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import ManifestError
from ingest.manifest import (
    Manifest,
    ManifestEntry,
    apply_manifest,
    find_manifest,
    load_manifest,
    write_entry,
)
from ingest.schema import InferenceMethod, Inferred, ReportMeta

HEADER = "file,agency,region,year,url\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def inferred_meta() -> ReportMeta:
    return ReportMeta(
        title="信访局2022年政府信息公开工作年度报告",
        agency=Inferred(value="汝州市信访局", method=InferenceMethod.TITLE, confidence=0.75),
        region=Inferred(value="汝州市", method=InferenceMethod.TEXT, confidence=0.55),
        year=Inferred(value=2022, method=InferenceMethod.TITLE, confidence=0.95),
        region_path=["河南省", "平顶山市", "汝州市"],
    )


def test_csv_rows_become_entries_with_blanks_as_none(tmp_path: Path) -> None:
    path = write(
        tmp_path / "manifest.csv",
        HEADER + "a.txt,郏县人民政府,郏县,2024,https://example.org/a\nsub/b.pdf,,,2023,\n",
    )
    manifest = load_manifest(path)
    a, b = manifest.entries
    assert (a.file, a.agency, a.region, a.year, a.url) == (
        "a.txt",
        "郏县人民政府",
        "郏县",
        2024,
        "https://example.org/a",
    )
    assert (b.file, b.agency, b.region, b.year, b.url) == ("sub/b.pdf", None, None, 2023, None)
    assert a.origin == "manifest.csv line 2"


def test_csv_with_bom_and_in_gb18030_reads_the_same(tmp_path: Path) -> None:
    text = HEADER + "a.txt,郏县人民政府,郏县,2024,\n"
    with_bom = load_manifest(write(tmp_path / "bom" / "manifest.csv", "\ufeff" + text))
    gb = load_manifest(write(tmp_path / "gb" / "manifest.csv", text, encoding="gb18030"))
    for manifest in (with_bom, gb):
        (entry,) = manifest.entries
        assert (entry.file, entry.agency, entry.year) == ("a.txt", "郏县人民政府", 2024)


def test_csv_header_case_spaces_and_extra_columns_are_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", " File , Year ,notes\na.txt, 2022 ,checked by hand\n")
    (entry,) = load_manifest(path).entries
    assert (entry.file, entry.year, entry.agency) == ("a.txt", 2022, None)


def test_traditional_names_are_simplified(tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.csv", HEADER + "a.txt,郟縣人民政府,郟縣,,\n")
    (entry,) = load_manifest(path).entries
    assert (entry.agency, entry.region) == ("郏县人民政府", "郏县")


def test_json_list_and_json_mapping(tmp_path: Path) -> None:
    listed = [
        {"file": "a.txt", "agency": "郏县人民政府", "year": 2024},
        {"file": "b.txt", "year": "2023"},
    ]
    mapped = {"a.txt": {"agency": "郏县人民政府", "year": 2024}, "b.txt": {"year": "2023"}}
    for name, data in (("list", listed), ("map", mapped)):
        path = write(tmp_path / name / "manifest.json", json.dumps(data, ensure_ascii=False))
        a, b = load_manifest(path).entries
        assert (a.file, a.agency, a.year) == ("a.txt", "郏县人民政府", 2024)
        assert (b.file, b.agency, b.year) == ("b.txt", None, 2023)


def test_lookup_by_relative_path_then_by_bare_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "manifest.csv",
        HEADER + "2022/a.txt,A2022,,2022,\n2023/a.txt,A2023,,2023,\nb.txt,B,,,\n",
    )
    manifest = load_manifest(path)
    assert manifest.lookup(tmp_path / "2023" / "a.txt").agency == "A2023"
    assert manifest.lookup(tmp_path / "deep" / "er" / "b.txt").agency == "B"
    assert manifest.lookup(tmp_path / "2024" / "a.txt") is None  # listed only in other folders
    assert manifest.lookup(tmp_path / "c.txt") is None


def test_windows_separators_in_the_manifest_match(tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.csv", HEADER + "sub\\a.txt,A,,,\n./b.txt,B,,,\n")
    manifest = load_manifest(path)
    assert manifest.lookup(tmp_path / "sub" / "a.txt").agency == "A"
    assert manifest.lookup(tmp_path / "b.txt").agency == "B"


def test_an_ambiguous_bare_name_is_an_error_naming_both(tmp_path: Path) -> None:
    path = write(tmp_path / "m" / "manifest.csv", HEADER + "2022/a.txt,A,,,\n2023/a.txt,B,,,\n")
    manifest = load_manifest(path)
    with pytest.raises(ManifestError) as caught:
        manifest.lookup(tmp_path / "elsewhere" / "a.txt")
    message = str(caught.value)
    assert "2022/a.txt" in message and "2023/a.txt" in message and "line 2" in message


def test_apply_overrides_every_given_field(tmp_path: Path) -> None:
    entry = ManifestEntry(
        file="a.txt",
        agency="郏县人民政府",
        region="郏县",
        year=2024,
        url="https://example.org/a",
        origin="manifest.csv line 2",
    )
    meta = apply_manifest(inferred_meta(), entry)
    for field, value in ((meta.agency, "郏县人民政府"), (meta.region, "郏县"), (meta.year, 2024)):
        assert (field.value, field.method, field.confidence) == (
            value,
            InferenceMethod.MANIFEST,
            1.0,
        )
        assert field.evidence == "manifest.csv line 2"
    assert meta.url == "https://example.org/a"
    assert meta.region_path == ["河南省", "平顶山市", "郏县"]
    assert meta.title == "信访局2022年政府信息公开工作年度报告"


def test_apply_leaves_fields_the_entry_does_not_give(tmp_path: Path) -> None:
    before = inferred_meta()
    meta = apply_manifest(before, ManifestEntry(file="a.txt", year=2021))
    assert (meta.year.value, meta.year.method) == (2021, InferenceMethod.MANIFEST)
    assert meta.agency == before.agency and meta.region == before.region
    assert meta.region_path == before.region_path and meta.url is None


def test_lookup_then_apply(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", HEADER + "r/004.txt,,,2023,\n")
    manifest = load_manifest(find_manifest(tmp_path))  # type: ignore[arg-type]
    entry = manifest.lookup(tmp_path / "r" / "004.txt")
    assert entry is not None
    assert apply_manifest(inferred_meta(), entry).year.value == 2023


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("manifest.csv", "agency,year\nX,2022\n", ["line 1", "'file'"]),
        ("manifest.csv", "", ["line 1", "'file'"]),
        (
            "manifest.csv",
            HEADER + "a.txt,,,2022,\nb.txt,,,二〇二二,\n",
            ["line 3", "year", "二〇二二"],
        ),
        ("manifest.csv", HEADER + "a.txt,,,22,\n", ["line 2", "year"]),
        ("manifest.csv", HEADER + ",X,,2022,\n", ["line 2", "'file'"]),
        ("manifest.csv", HEADER + "a.txt,,,,\n./a.txt,,,,\n", ["twice", "line 2", "line 3"]),
        ("manifest.json", '[\n{"file": "a.txt"},\n{"file": "b.txt",}\n]', ["line 3", "JSON"]),
        ("manifest.json", '[{"file": "a.txt"}, "b.txt"]', ["item 2", "object"]),
        ("manifest.json", '[{"file": "a.txt", "year": 20.5}]', ["item 1", "year"]),
        ("manifest.json", '[{"file": "a.txt", "year": true}]', ["item 1", "year"]),
        ("manifest.json", '{"a.txt": {"year": "soon"}}', ["'a.txt'", "year"]),
        ("manifest.json", '"a.txt"', ["list"]),
    ],
)
def test_bad_manifests_name_the_file_the_row_and_the_problem(
    tmp_path: Path, name: str, content: str, expected: list[str]
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_json_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.json", '[{"file": "郏县.txt"}]', encoding="gb18030")
    with pytest.raises(ManifestError, match="UTF-8"):
        load_manifest(path)


def test_a_missing_manifest_file_is_a_manifest_error(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="cannot be read"):
        load_manifest(tmp_path / "manifest.csv")


def test_find_manifest(tmp_path: Path) -> None:
    assert find_manifest(tmp_path) is None
    write(tmp_path / "manifest.json", "[]")
    assert find_manifest(tmp_path) == tmp_path / "manifest.json"
    write(tmp_path / "manifest.csv", HEADER)
    with pytest.raises(ManifestError, match="one manifest per folder"):
        find_manifest(tmp_path)


def test_an_empty_manifest_matches_nothing(tmp_path: Path) -> None:
    manifest = load_manifest(write(tmp_path / "manifest.csv", HEADER))
    assert manifest == Manifest(path=tmp_path / "manifest.csv", entries=[])
    assert manifest.lookup(tmp_path / "a.txt") is None


def test_write_entry_creates_a_manifest_that_loads_back(tmp_path: Path) -> None:
    entry = ManifestEntry(file="a.txt", agency="示例县人民政府", region="示例县", year=2024)
    path = write_entry(tmp_path, entry)
    assert path == tmp_path / "manifest.csv"
    (loaded,) = load_manifest(path).entries
    assert (loaded.file, loaded.agency, loaded.region, loaded.year, loaded.url) == (
        "a.txt",
        "示例县人民政府",
        "示例县",
        2024,
        None,
    )


def test_write_entry_replaces_the_files_row_and_keeps_the_others(tmp_path: Path) -> None:
    rows = "a.txt,旧机关,,2020,\nb.txt,郏县人民政府,郏县,2024,\n"
    write(tmp_path / "manifest.csv", HEADER + rows)
    write_entry(tmp_path, ManifestEntry(file="a.txt", agency="示例县教育局", year=2023))
    entries = {e.file: (e.agency, e.year) for e in load_manifest(tmp_path / "manifest.csv").entries}
    assert entries == {"a.txt": ("示例县教育局", 2023), "b.txt": ("郏县人民政府", 2024)}


def test_write_entry_leaves_a_json_manifest_alone(tmp_path: Path) -> None:
    write(tmp_path / "manifest.json", "[]")
    with pytest.raises(ManifestError, match="is JSON"):
        write_entry(tmp_path, ManifestEntry(file="a.txt", agency="示例县人民政府"))
    assert not (tmp_path / "manifest.csv").exists()

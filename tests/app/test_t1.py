"""T1 end to end: seed 003 (郏县, 36 new requests in table 三) with one sentence added to its
narrative claiming 63. The disagreement is listed on the Checks page under T1, answered when
asked which reports' text disagrees with their tables (Chinese and English), and reported by
`govqa check`; the untouched seeds raise no T1 alarm anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.embedding_cache import CachedEmbedder
from qa_app.cli import main
from qa_app.engine import Engine
from qa_app.settings import Settings
from tests.app.conftest import open_app
from tests.app.test_checks import listed
from tests.conftest import seed_path

CLAIM = "本年共收到政府信息公开申请63件。"
ANCHOR = "在依申请公开过程中，"
JIA = "郏县人民政府"


def contradicted(folder: Path) -> Path:
    text = seed_path("003").read_text(encoding="utf-8")
    assert ANCHOR in text and "一、本年新收政府信息公开申请数量\t\t35\t0\t0\t0\t0\t1\t36" in text
    path = folder / "003-t1.txt"
    path.write_text(text.replace(ANCHOR, CLAIM + ANCHOR, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def t1_store(tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder) -> Path:
    folder = tmp_path_factory.mktemp("t1")
    contradicted(folder)
    for prefix in ("000", "004"):  # two untouched seeds: no T1 alarm of theirs may appear
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    data = tmp_path_factory.mktemp("t1-data")
    engine = Engine(Settings(data_dir=data), embedder=shared_embedder)
    outcomes = engine.ingest([folder])
    engine.close()
    assert [o.status.value for o in outcomes].count("failed") == 0
    return data


def test_the_checks_page_lists_the_disagreement_under_t1(
    t1_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    app = open_app(t1_store, monkeypatch)
    app.switch_page("pages_checks.py").run()
    assert not app.exception, app.exception
    assert "T1 · 文字所述数字=表格数据" in [s.value for s in app.main.subheader]
    t1 = listed(app, "T1")
    assert len(t1) == 1 and t1[0].startswith(JIA)
    assert "63" in t1[0] and "36" in t1[0]


@pytest.mark.parametrize(
    "question",
    ["哪些报告的文字和表格不一致", "Which reports' text disagrees with their tables?"],
)
def test_asking_which_texts_disagree_names_the_sentence_and_the_cell(
    t1_store: Path, shared_embedder: CachedEmbedder, question: str
) -> None:
    engine = Engine(Settings(data_dir=t1_store), embedder=shared_embedder)
    try:
        answer = engine.ask(question)
    finally:
        engine.close()
    assert answer.plan.intent.value == "find_inconsistent"
    t1 = [line for line in answer.answer.splitlines() if "T1" in line]
    assert t1, answer.answer
    body = "\n".join(t1) + answer.answer
    assert JIA in answer.answer and CLAIM.rstrip("。") in body and "36" in body
    assert answer.verified, answer.mismatches


def test_govqa_check_reports_t1(tmp_path: Path) -> None:
    path = contradicted(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output  # exit 1 is for files that cannot be parsed
    problems = json.loads(result.stdout)["problems"]
    t1 = [p["check"] for p in problems if p["check"]["rule"] == "T1"]
    assert [(c["outcome"], c["lhs"], c["rhs"]) for c in t1] == [("fail", 63, 36)]
    assert CLAIM.rstrip("。") in t1[0]["message"]
    clean = CliRunner().invoke(main, ["check", str(seed_path("003")), "--json"])
    assert not [p for p in json.loads(clean.stdout)["problems"] if p["check"]["rule"] == "T1"]
    text = CliRunner().invoke(main, ["check", str(path)])
    assert "1 failed identities" in text.output
    (line,) = [ln for ln in text.output.splitlines() if ln.startswith("FAIL ")]
    assert JIA in line and "T1" in line and "63" in line and "36" in line

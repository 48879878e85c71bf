"""Streamlit's Markdown turns :material/name:, :material_name: and :streamlit: into icons even
when the colons are backslash-escaped (it matches them after escapes are resolved), and
:red[…] into colour. Report text holding them is shown as typed on the Reports page: what
reaches the page, read as Markdown would read it, matches none of Streamlit's icon patterns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.embedding_cache import CachedEmbedder
from qa_app.app.markup import WORD_JOINER
from qa_app.engine import Engine
from qa_app.settings import Settings
from tests.app.conftest import open_app
from tests.app.helpers import plain
from tests.bad_inputs.generate import report_text

HOSTILE = ":material/warning: :red[危险] :streamlit: :material_home:"
# What Streamlit's frontend turns into icons: on the raw source, then on text nodes.
ICONS = re.compile(r":material/|:material_\w+:|:streamlit:")
COLOUR = re.compile(r"(?<!\\):red\[")


def test_directives_in_report_text_are_shown_as_typed(
    tmp_path: Path, shared_embedder: CachedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = report_text(6).replace("一、总体情况", f"一、总体情况\n{HOSTILE}注意。", 1)
    (folder / "r.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    engine = Engine(Settings(data_dir=data), embedder=shared_embedder)
    (outcome,) = engine.ingest([folder / "r.txt"])
    engine.close()
    assert outcome.report_id
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    app = open_app(data, monkeypatch)
    app.switch_page("pages_reports.py").run()
    (label,) = app.selectbox(key="reports_open").options
    app.selectbox(key="reports_open").set_value(label).run()
    assert not app.exception, app.exception
    sources = [m.value for m in app.main.markdown] + [e.label for e in app.main.expander]
    holding = [s for s in sources if "red" in s and "warning" in s]
    assert holding, sources  # the section text is on the page
    for source in holding:
        assert not ICONS.search(source) and not COLOUR.search(source), source
        read = plain(source)  # escapes resolved, as Streamlit's icon matcher sees the text
        assert not ICONS.search(read), read
        assert HOSTILE in read.replace(WORD_JOINER, "")  # and the reader sees it as typed

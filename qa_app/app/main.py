"""`streamlit run qa_app/app/main.py` (what `govqa app` starts): the sidebar, then the page
the user chose. The one place where the app shows a govqa error (st.error)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ingest.errors import GovqaError
from ingest.redact import redact_logs
from qa_app.app import components_sidebar, gate, state
from qa_app.app.markup import md_escape

HERE = Path(__file__).parent
PAGES = (  # file, title, icon, URL path
    ("pages_chat.py", "问答 Chat", ":material/chat:", "chat"),
    ("pages_reports.py", "报告 Reports", ":material/description:", "reports"),
    ("pages_checks.py", "勾稽核验 Checks", ":material/rule:", "checks"),
    ("pages_upload.py", "上传 Upload", ":material/upload_file:", "upload"),
)


def main() -> None:
    # an emoji favicon is drawn in the browser; a :material/…: one is fetched from Google
    st.set_page_config(page_title="govqa", page_icon="🧾", layout="wide")
    redact_logs()
    if not gate.admitted():
        return
    pages = [
        st.Page(HERE / name, title=title, icon=icon, url_path=path, default=i == 0)
        for i, (name, title, icon, path) in enumerate(PAGES)
    ]
    page = st.navigation(pages)
    try:
        components_sidebar.render(state.engine())
        page.run()
    except GovqaError as exc:
        st.error(f"Error: {md_escape(str(exc))}")  # names files: shown literally


# Streamlit runs this file as __main__; a spawned parser process re-imports the main module
# as __mp_main__ and must not draw (or open the stores) there.
if __name__ == "__main__":
    main()

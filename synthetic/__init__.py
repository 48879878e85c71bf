"""Synthetic annual reports: fictional agencies, valid records, and faithful text renderings.

Tests and demos use them where real reports are too few: every identity holds by construction
(or is broken on purpose), and every rendering can be parsed back and compared with the record.
"""

from synthetic.agencies import AGENCIES, Agency, AgencyLevel, AgencySize, catalogue
from synthetic.corpus import write_demo_corpus
from synthetic.formats import FileKind, RenderedFile, render_file
from synthetic.records import generate_corpus, generate_report, version_for_year
from synthetic.render_text import TextStyle, render_text

__all__ = [
    "AGENCIES",
    "Agency",
    "AgencyLevel",
    "AgencySize",
    "FileKind",
    "RenderedFile",
    "TextStyle",
    "catalogue",
    "generate_corpus",
    "generate_report",
    "render_file",
    "render_text",
    "version_for_year",
    "write_demo_corpus",
]

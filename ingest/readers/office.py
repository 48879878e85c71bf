"""Old and other office formats (.doc, .wps, .rtf, .odt) -> .docx by LibreOffice, then the
DOCX reader.

LibreOffice runs headless (`soffice --headless --convert-to docx`) in a temporary directory
with a profile of its own, so it never meets a user's running instance and leaves nothing
behind. A missing LibreOffice is an error that names the file and the Debian package that
provides the converter; a file LibreOffice cannot convert is an error that says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.document import Document
from ingest.errors import UnreadableFileError
from ingest.schema import SourceFormat

PACKAGE = "libreoffice-writer-nogui"  # Debian's smallest package that gives soffice for Writer
CONVERT_SECONDS = 120.0
_SUFFIX = {SourceFormat.DOC: ".doc", SourceFormat.RTF: ".rtf", SourceFormat.ODT: ".odt"}
_NAMES = {SourceFormat.DOC: "Word 97-2003 (.doc/.wps)", SourceFormat.RTF: "RTF",
          SourceFormat.ODT: "OpenDocument (.odt)"}  # fmt: skip


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, path: str, fmt: SourceFormat) -> bytes:
    """The file's content converted to .docx bytes by LibreOffice."""
    program = soffice()
    if program is None:
        raise UnreadableFileError(
            path,
            f"is a {_NAMES[fmt]} file, which govqa converts with LibreOffice, and LibreOffice "
            f"is not installed; install it (`sudo apt-get install {PACKAGE}`) or save the "
            "file as .docx",
        )
    with tempfile.TemporaryDirectory(prefix="govqa-office-") as tmp:
        source = Path(tmp) / f"report{_SUFFIX[fmt]}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(Path(tmp) / "out"),
            str(source),
        ]
        env = {**os.environ, "HOME": tmp}
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=CONVERT_SECONDS, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise UnreadableFileError(
                path, f"LibreOffice did not convert it within {CONVERT_SECONDS:.0f} s"
            ) from exc
        target = Path(tmp) / "out" / "report.docx"
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise UnreadableFileError(
                path,
                f"is a {_NAMES[fmt]} file LibreOffice could not convert to .docx"
                + (f" ({detail})" if detail else "")
                + "; open it in an office program and save it as .docx",
            )
        return target.read_bytes()


def read_office(data: bytes, path: str, sha256: str, fmt: SourceFormat) -> Document:
    """A .doc/.wps, .rtf or .odt file read as the .docx LibreOffice makes of it. The document
    keeps the original's bytes hash and format; its cells carry DOCX table positions (the
    same tables, rows and columns as in the original)."""
    from ingest.readers.docx import read_docx

    doc = read_docx(convert_to_docx(data, path, fmt), path, sha256)
    doc.format = fmt
    doc.size = len(data)
    return doc

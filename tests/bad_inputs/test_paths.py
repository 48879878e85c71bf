"""Paths a batch cannot use: a folder it may not open, a FIFO, a socket, a link to nothing.
Each is a line of the ingest's outcomes with its reason; the other files are ingested. A data
dir that cannot be written is one line naming it and what to do, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.embedding_cache import CachedEmbedder
from qa_app.engine import Engine, IngestStatus
from qa_app.settings import Settings
from tests.bad_inputs.generate import report_text

NOBODY = 65534
ROOT = os.geteuid() == 0


def _batch(folder: Path) -> None:
    """Two reports (one in a subfolder) and the paths no reader can use."""
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(report_text(1), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(report_text(2), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")


def test_fifo_socket_and_dangling_link_are_listed_and_the_rest_ingested(
    tmp_path: Path, shared_embedder: CachedEmbedder
) -> None:
    folder = tmp_path / "in"
    _batch(folder)
    # a socket path must be short (108 bytes): bind it in a short temporary folder
    with tempfile.TemporaryDirectory() as short:
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(os.path.join(short, "s.txt"))
            shutil.move(os.path.join(short, "s.txt"), folder / "sub" / "s.txt")
            engine = Engine(Settings(data_dir=tmp_path / "data"), embedder=shared_embedder)
            outcomes = {
                Path(o.path).name: o for o in engine.ingest_run([folder], embed=False).outcomes
            }
            engine.close()
        finally:
            sock.close()
    assert outcomes["a.txt"].status is IngestStatus.INGESTED
    assert outcomes["b.txt"].status is IngestStatus.INGESTED
    told = {name: outcomes[name].reason or "" for name in ("pipe.txt", "s.txt", "gone.txt")}
    assert all(outcomes[name].status is IngestStatus.FAILED for name in told)
    assert "FIFO" in told["pipe.txt"] and "socket" in told["s.txt"]
    assert "does not exist" in told["gone.txt"] and "nowhere.txt" in told["gone.txt"]
    assert all(name in reason for name, reason in told.items())  # each names its path


def test_a_fifo_given_by_name_is_listed_not_waited_on(
    tmp_path: Path, shared_embedder: CachedEmbedder
) -> None:
    os.mkfifo(tmp_path / "p.txt")  # opening it for reading would block forever
    engine = Engine(Settings(data_dir=tmp_path / "data"), embedder=shared_embedder)
    (outcome,) = engine.ingest_run([tmp_path / "p.txt"], embed=False).outcomes
    engine.close()
    assert outcome.status is IngestStatus.FAILED and "FIFO" in (outcome.reason or "")


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A folder outside pytest's (root-only) tmp dir, so another user can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="govqa-paths-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _as_unprivileged() -> list[str]:
    """The command prefix that runs as a user file permissions apply to: none needed unless
    this is root, which reads any folder whatever its mode."""
    if not ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: chmod 000 does not stop root reading")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def _govqa(prefix: list[str], *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "qa_app", *args],
        capture_output=True, text=True, env=env, timeout=600, cwd=home,
    )  # fmt: skip


def test_a_folder_without_permission_is_listed_and_the_rest_ingested(world_dir: Path) -> None:
    prefix = _as_unprivileged()
    folder, data, home = world_dir / "in", world_dir / "data", world_dir / "home"
    _batch(folder)
    for made in (data, home):
        made.mkdir()
        if ROOT:
            os.chown(made, NOBODY, NOBODY)
    (folder / "sub").chmod(0o000)
    (folder / "c.txt").write_text(report_text(3), encoding="utf-8")
    (folder / "c.txt").chmod(0o000)  # a file it may not read
    run = _govqa(prefix, "ingest", str(folder), "--data-dir", str(data), "--tables-only",
                 "--json", home=home)  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1  # some paths failed: the exit code says so
    outcomes = {Path(o["path"]).name: o for o in json.loads(run.stdout)}
    assert outcomes["a.txt"]["status"] == "ingested"
    assert outcomes["sub"]["status"] == "failed"
    assert "permission denied" in outcomes["sub"]["reason"]
    assert "FIFO" in outcomes["pipe.txt"]["reason"]
    assert outcomes["c.txt"]["status"] == "failed"
    assert "Permission denied" in outcomes["c.txt"]["reason"]


def _read_only(data: Path) -> list[str]:
    """A prefix that runs the command with `data` read-only: a read-only bind mount of it in
    a mount namespace of its own (root), else its mode (any other user)."""
    if not ROOT:
        data.chmod(0o555)
        return []
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-m", "true"], capture_output=True)
    if unshare is None or probe.returncode != 0:
        pytest.skip("running as root without mount namespaces: cannot make a read-only mount")
    mount = f'mount --bind {data} {data} && mount -o remount,bind,ro {data} {data} && exec "$@"'
    return [unshare, "-m", "sh", "-c", mount, "sh"]


def test_a_read_only_data_dir_is_one_line_naming_it(world_dir: Path) -> None:
    folder, data, home = world_dir / "in", world_dir / "data", world_dir / "home"
    _batch(folder)
    home.mkdir()
    first = _govqa([], "ingest", str(folder / "a.txt"), "--data-dir", str(data), "--tables-only",
                   home=home)  # fmt: skip
    assert first.returncode == 0, first.stderr
    prefix = _read_only(data)
    for args in (["ingest", str(folder / "sub")], ["reports"]):
        run = _govqa(prefix, *args, "--data-dir", str(data), home=home)
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert run.returncode == 1 and len(lines) == 1, run.stderr
        assert lines[0].startswith("Error: the data dir ") and str(data) in lines[0]
        assert "--data-dir" in lines[0]  # what to do


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys, a file system no one writes")
def test_the_app_says_a_data_dir_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP_MAIN
    from tests.app.helpers import plain

    monkeypatch.setenv("GOVQA_DATA_DIR", "/sys/govqa-data")  # sysfs refuses every new folder
    at = AppTest.from_file(str(APP_MAIN), default_timeout=120).run()
    errors = [plain(e.value) for e in at.error]
    assert any("/sys/govqa-data" in e and "--data-dir" in e for e in errors), errors
    assert not at.exception


def test_a_full_data_dir_is_one_line_naming_it(world_dir: Path) -> None:
    """A data dir on a 2 MB file system filled to the last byte (a tmpfs of a mount namespace
    of its own: root only)."""
    unshare = shutil.which("unshare")
    if not ROOT or unshare is None or subprocess.run([unshare, "-m", "true"]).returncode:
        pytest.skip("needs root and mount namespaces to mount a small file system")
    folder, disk, home = world_dir / "in", world_dir / "disk", world_dir / "home"
    _batch(folder)
    disk.mkdir()
    home.mkdir()
    fill = (
        f"mount -t tmpfs -o size=2m tmpfs {disk} && mkdir {disk}/data && "
        f'(dd if=/dev/zero of={disk}/filler bs=64k 2>/dev/null; true) && exec "$@"'
    )
    args = ["ingest", str(folder / "a.txt"), "--data-dir", str(disk / "data"), "--tables-only"]
    run = _govqa([unshare, "-m", "sh", "-c", fill, "sh"], *args, home=home)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 1 and len(lines) == 1, run.stderr
    assert lines[0].startswith(f"Error: the data dir {disk / 'data'} is on a full disk")

"""Real servers for tests, started on free loopback ports with their data in temp dirs:
`chroma run` (installed with chromadb) and PostgreSQL (Debian's postgresql package; the Makefile
installs it when missing). Neither needs the network."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

STARTUP_SECONDS = 60  # a generous bound for a cold start on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------ Chroma


def _chroma_cli() -> str:
    local = Path(sys.executable).with_name("chroma")
    found = str(local) if local.exists() else shutil.which("chroma")
    if found is None:
        pytest.fail("the `chroma` command (installed with chromadb) is not on this machine")
    return found


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """Run `chroma run` on a free loopback port until the block ends; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = path.with_suffix(".log")
    with log.open("wb") as out:
        command = [_chroma_cli(), "run", "--path", str(path), "--host", "127.0.0.1"]
        proc = subprocess.Popen([*command, "--port", str(port)], stdout=out, stderr=out)
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", proc, log, "chroma run")
        yield url
    finally:
        stop(proc)


def wait_for_http(
    url: str, proc: subprocess.Popen[bytes], log: Path, what: str, seconds: float = STARTUP_SECONDS
) -> None:
    """Poll `url` until it answers 200; fail with the log's tail if `proc` dies or it never
    answers within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer {url} in {seconds:.0f}s:\n{log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Terminate `proc`, killing it if it does not exit within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ------------------------------------------------------------------ PostgreSQL


def postgres_bin() -> Path | None:
    """Folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` system user then."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root needs `runuser` to start PostgreSQL as user postgres")
    return [runuser, "-u", "postgres", "--", *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port; yields an admin URL (database
    `postgres`, trust auth) usable with `postgresql+psycopg://`."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.fail(
            "PostgreSQL is not installed; `make test` installs it (apt-get install postgresql)"
        )
    root = Path(tempfile.mkdtemp(prefix="govqa-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    run = lambda cmd: subprocess.run(  # noqa: E731
        _as_postgres_user(cmd), check=True, capture_output=True, text=True
    )
    try:
        run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "govqa",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ]
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "log"),
                "start",
            ]
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr or exc.stdout}")
    try:
        yield f"postgresql+psycopg://govqa@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres_user(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """Create database `name` on the server and return its URL."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"

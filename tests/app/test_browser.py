"""The app in a real browser: `govqa app` serves the seed store on a free loopback port, and
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no browser is downloaded)
asks the appeals question in the chat input and reads the answer off the page.

The seed store is used when the seeds are present, else a synthetic one.
Set GOVQA_SCREENSHOT_TO=docs/screenshot-chat.png to also save the screenshot for the README.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.app.conftest import DemoStore
from tests.conftest import SEEDS_DIR
from tests.servers import free_port, stop, wait_for_http

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STARTUP_LIMIT = 120.0  # seconds; a limit on waiting, not an assertion on speed


@dataclass
class Expected:
    """A store, and what the appeals answer over it must say."""

    data: Path
    agency: str
    says: str


@pytest.fixture
def expected(request: pytest.FixtureRequest) -> Expected:
    """The seeds when they are present (郏县人民政府, 7 reconsiderations), else a synthetic
    store and the first agency the generator gave appeals: the test runs either way."""
    if SEEDS_DIR.is_dir():
        return Expected(request.getfixturevalue("seed_store"), "郏县人民政府", "行政复议7件")
    demo: DemoStore = request.getfixturevalue("demo_store")
    agency, review = next(iter(demo.appeals(2024).items()))
    return Expected(demo.data, agency, f"行政复议{review}件")


@pytest.fixture
def served(expected: Expected, tmp_path: Path) -> Iterator[str]:
    """`govqa app --data-dir <store> --port <free>`, stopped after the test."""
    port = free_port()
    govqa = Path(sys.executable).parent / "govqa"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVQA_LLM")}
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(govqa), "app", "--data-dir", str(expected.data), "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/_stcore/health", server, log, "govqa app", STARTUP_LIMIT)
        yield url
    finally:
        stop(server, timeout=20)


def test_the_appeals_question_in_a_real_browser(
    served: str, expected: Expected, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1250})
            page.goto(served)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=STARTUP_LIMIT * 1000)
            box.fill("2024年哪些机关有行政复议或行政诉讼？")
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").nth(1)
            answer.get_by_text(f"{expected.agency}：{expected.says}", exact=False).wait_for(
                timeout=STARTUP_LIMIT * 1000
            )
            answer.get_by_test_id("stExpander").first.wait_for()  # the facts have rendered
            text = answer.inner_text()
            page.wait_for_timeout(500)  # let the last element settle before the picture
            shot = tmp_path / "chat.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert expected.agency in text and expected.says in text and "已核验" in text
    assert shot.stat().st_size > 10_000
    target = os.environ.get("GOVQA_SCREENSHOT_TO")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)

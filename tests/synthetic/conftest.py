"""The chaos tests' tally: every case's score is added to one Tally kept on the pytest config,
and the table of recovered shares is printed at the end of the run (plain `pytest -q` too)."""

from __future__ import annotations

import pytest

from tests.synthetic.chaos_harness import Tally

TALLY = pytest.StashKey[Tally]()


def tally_of(config: pytest.Config) -> Tally:
    if TALLY not in config.stash:
        config.stash[TALLY] = Tally()
    return config.stash[TALLY]


@pytest.fixture
def chaos_tally(request: pytest.FixtureRequest) -> Tally:
    return tally_of(request.config)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if TALLY not in config.stash or not config.stash[TALLY].stats:
        return
    tally = config.stash[TALLY]
    terminalreporter.write_sep("=", "chaos: cells recovered per quirk (right / total)")
    for line in tally.table():
        terminalreporter.write_line(line)
    terminalreporter.write_line(
        "wrong: a parsed number that differs from the truth (or a number where it is null); "
        "silent: a lost cell on a report without any warning; refused: GovqaError"
    )
    cache = getattr(config, "cache", None)
    if cache is not None:
        cache.set("govqa/chaos-recovery", tally.as_json())
        cache.set("govqa/chaos-failures", tally.failure_seeds())

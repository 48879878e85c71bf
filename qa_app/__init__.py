"""govqa's question answering, in rooms that follow the data (docs/architecture.md):

- question/   a question -> a typed QueryPlan (rule and LLM planners, vocabulary, numerals)
- execution/  the plan -> Evidence read from the stores
- answer/     the evidence -> an Answer, composed and verified; summaries, views, exports
- engine/     Engine, the single door the front ends call (ask, ingest, reports, checks)
- cli/, app/  the front ends: the `govqa` command line and the Streamlit chat
- bench/      measuring: the benchmark and the accuracy scoring of `govqa eval`
- settings.py, llm.py   configuration and the optional chat model, shared by every room

Dependencies run one way: front ends -> engine -> answer -> execution -> question, all over
index/ and ingest/ (tests/test_architecture.py keeps it so).
"""

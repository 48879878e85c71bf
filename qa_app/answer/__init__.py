"""The answer side: `Evidence` turned into an `Answer` (model.py) and checked.

compose.py picks a composer (composers/) by intent; verify.py matches every number of the
text to a fact or derivation (with question/numerals.py, the planner's own numeral reader);
extractive.py and llm_summary.py summarize narrative passages; views.py and export.py shape
reports and facts for reading and download.

May import: execution (evidence), question (the plan, numerals), qa_app.llm, prompts, ingest.
Never the engine or the front ends.
"""

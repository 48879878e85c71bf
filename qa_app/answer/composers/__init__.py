"""One composer per kind of answer (values, lists, years, appeals, checks, summaries), over the
shared drafting tools of base.py and derived.py. Only answer/compose.py picks among them.

May import: qa_app.answer (model, extractive), execution (evidence), question (the plan).
"""

"""The question side: what a question asks, as a typed `QueryPlan` (plan.py).

The rule planner (planner.py) reads agencies (agencies.py, agency_words.py), years (years.py),
numbers (numerals.py: the one numeral reader, also used by the answer side), metric words and
cues (lexicon.py over the data files of vocabulary/) and says every guess in a note
(notes.py); the LLM planner (planner_llm.py) asks a chat model and falls back to the rules.
What the corpus tells a question (template edition, an agency's years, a mention's topic) is
read in context.py; when no word names a figure, semantic.py ranks the glossary's entries
with the corpus's embedder.

May import: index (the report filter), ingest (template, normalization), prompts, and
qa_app.llm. Never execution, answer or the front ends.
"""

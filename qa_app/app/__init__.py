"""The Streamlit app (`govqa app`): pages over the same Engine methods the CLI calls.

Pages and components only render; anything that decides about reports or numbers belongs to
the engine. May import: qa_app.engine, qa_app.settings (also for its own settings: the password
variable, the upload limit), qa_app.llm, and the models of question, execution and answer.
Never the CLI.
"""

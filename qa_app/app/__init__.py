"""The Streamlit app (`govqa app`): pages over the same Engine methods the CLI calls."""

"""LLM prompts, one file each; loaded by name so none lives inline in code."""

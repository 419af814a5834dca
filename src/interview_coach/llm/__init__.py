"""Optional writing by a language model the user runs (COACH_LLM_URL): a short answer grounded in the quoted
passages for `ask`, a written comment next to a grade. Off by default; nothing else depends on it."""

"""The feedback panel: the reply highlighted, the findings, the rewrite and what the
reply does (shared by the conversation and the checker)."""

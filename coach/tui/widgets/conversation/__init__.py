"""The conversation screen's parts: the log, the reply input, the hint line and the
status line."""

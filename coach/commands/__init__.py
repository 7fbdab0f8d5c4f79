"""One module per ``coach`` command; each exposes ``register(subparsers)``."""

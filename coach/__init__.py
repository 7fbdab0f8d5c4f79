"""coach: rehearse asking your manager for remote or flexible work."""

__version__ = "0.1.0"

"""The saved facts: ``<data dir>/proposal/facts.json`` (directory ``0700``, file
``0600``), written atomically, reused by the next draft and by practice sessions::

    {"format": 1, "saved": "2025-03-01T09:30:00Z", "facts": {...}}

A file that cannot be used is moved aside with a ``W300`` warning, as the readiness
answers are (:mod:`coach.prepare.storage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.prepare.storage import (
    DataWarning,
    private_subdir,
    read_record,
    set_aside_warning,
    timestamp,
    write_private_json,
)
from coach.proposal.facts import ProposalFacts

FORMAT = 1
PROPOSAL_DIR = "proposal"
FACTS_FILE = "facts.json"


def facts_path(data_dir: Path) -> Path:
    return data_dir / PROPOSAL_DIR / FACTS_FILE


@dataclass(frozen=True)
class SavedFacts:
    facts: ProposalFacts | None
    """``None`` when nothing (usable) was saved."""
    saved: str | None = None
    """When they were saved (UTC, ISO 8601)."""
    warnings: tuple[DataWarning, ...] = ()


def load_facts(data_dir: Path) -> SavedFacts:
    """The facts saved under ``data_dir``; a bad file is set aside (``W300``)."""
    path = facts_path(data_dir)
    loaded = read_record(path, FORMAT, "a proposal facts file")
    if loaded.data is None:
        return SavedFacts(None, warnings=(loaded.warning,) if loaded.warning else ())
    raw = loaded.data.get("facts")
    try:
        if not isinstance(raw, dict):
            raise ValueError("it holds no facts")
        facts = ProposalFacts.from_json(raw)
    except ValueError as exc:
        return SavedFacts(None, warnings=(set_aside_warning(path, str(exc)),))
    saved = loaded.data.get("saved")
    return SavedFacts(facts, saved if isinstance(saved, str) else None)


def save_facts(data_dir: Path, facts: ProposalFacts) -> Path:
    """Save (replace) the facts; returns the file's path."""
    private_subdir(data_dir, PROPOSAL_DIR)
    path = facts_path(data_dir)
    write_private_json(path, {"format": FORMAT, "saved": timestamp(), "facts": facts.to_json()})
    return path

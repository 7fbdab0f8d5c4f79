"""How the app starts and what it may import: the first screen paints before spaCy
is imported, and the TUI's helpers for the domain import no UI library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_importing_the_app_does_not_import_spacy() -> None:
    """The first screen paints before spaCy is imported (it loads in a worker)."""
    code = (
        "import sys; import coach.cli, coach.commands.app, coach.tui.app; "
        "import coach.tui.screens.home; "
        "print(sorted(m for m in ('spacy', 'thinc', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("module", ["engine.py", "hints.py"])
def test_the_tui_domain_helpers_import_no_ui_library(module: str) -> None:
    tree = ast.parse((REPO / "coach" / "tui" / module).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert not imported & {"rich", "textual"}


def test_the_key_tables_in_the_docs_are_current() -> None:
    from coach.tui.keys import END, START, keys_markdown

    text = (REPO / "docs" / "tui.md").read_text(encoding="utf-8")
    current = text[text.index(START) : text.index(END) + len(END)] + "\n"
    assert current == keys_markdown(), (
        "docs/tui.md is stale: paste the output of `python -m coach.tui.keys` "
        "between the keys markers"
    )


def test_without_a_terminal_the_app_points_to_plain_mode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.cli import main

    monkeypatch.delenv("COACH_CONFIG", raising=False)
    assert main(["practice", "remote-trial"]) == 2
    assert capsys.readouterr().err == (
        "coach: error: the full-screen app needs a terminal "
        "(use 'coach practice remote-trial --plain')\n"
    )
    assert main([]) == 2  # `coach` alone, piped: the help
    assert "practice" in capsys.readouterr().out

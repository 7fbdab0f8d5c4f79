"""``coach export``: Markdown, self-contained HTML and JSON reports of a session."""

from __future__ import annotations

import html
import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Run,
    record,
)

from coach.analysis import Analyzer
from coach.session import Session
from coach.transcript import export_html, export_markdown, read_transcript

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env

HOSTILE = (
    STRONG[0] + ' <script>alert("x")</script> & <img src=x onerror=y> '
    "**bold** [link](http://evil.example) # not a heading"
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes |= {name for name, _ in attrs}


@pytest.fixture
def played(tmp_path: Path, analyzer: Analyzer) -> tuple[Path, Session]:
    return record(tmp_path / "data", analyzer, [HOSTILE, *STRONG[1:]])


def test_markdown_holds_the_conversation_feedback_and_scorecard(
    played: tuple[Path, Session], run: Run
) -> None:
    path, session = played
    code, md, err = run("export", str(path), "--format", "md")
    assert code == 0 and err == ""
    assert md.startswith("# First pitch to a cautious but fair manager\n")
    assert "- **Outcome:** " in md and "- **Talking to:** Dana Reyes (Engineering manager)" in md
    card = session.scorecard()
    assert card is not None
    assert f"- **Score:** {card.total}/100" in md and f"**{card.total}/100** over 4" in md
    for text in STRONG[1:]:
        assert f"> {text}" in md
    for turn in session.turns:
        assert turn.feedback is not None
        for finding in turn.feedback.findings:
            assert f"**{finding.title}** ({finding.level})" in md
        if turn.feedback.suggestion:
            assert "**Suggested rewrite**" in md
    ending = session.ending
    assert ending is not None and ending.debrief.split(".")[0] in md
    for group in card.groups:
        assert f"- **{group.title}**: {group.met} of {group.applicable} met" in md
    # Recorded text cannot become markup.
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*\\*bold\\*\\*" in md and "\\[link\\]" in md


def test_html_is_self_contained_and_escapes_what_was_typed(
    played: tuple[Path, Session], run: Run
) -> None:
    path, session = played
    code, page, _ = run("export", str(path), "--format", "html")
    assert code == 0
    assert page.startswith("<!DOCTYPE html>\n") and page.rstrip().endswith("</html>")
    assert "<style>" in page and '<meta charset="utf-8">' in page
    # Nothing is loaded from elsewhere, and nothing runs: the only elements are plain
    # text markup, no attribute points anywhere, and the style has no url() or @import.
    tags = Tags()
    tags.feed(page)
    assert tags.names <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "main",
        "footer",
        "h1",
        "h2",
        "h3",
        "dl",
        "dt",
        "dd",
        "div",
        "span",
        "p",
        "strong",
        "ul",
        "ol",
        "li",
        "mark",
        "table",
        "tr",
        "td",
    }
    assert tags.attributes <= {"lang", "charset", "name", "content", "class"}
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x" in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for text in STRONG[1:]:
        assert text in shown
    for turn in session.turns:
        assert turn.feedback is not None
        for finding in turn.feedback.findings:
            assert f"{finding.level} {finding.title}: {finding.message}" in shown
    card = session.scorecard()
    assert card is not None and f'<span class="score">{card.total}/100</span>' in page
    # Evidence is marked in the reply.
    assert re.search(r'<mark class="(praise|tip|warning|blocker)">', page)


def test_html_marks_do_not_break_escaping() -> None:
    from coach.transcript.export import highlighted

    text = "a <b> c"
    findings = [{"level": "warning", "evidence": [{"start": 2, "end": 5, "text": "<b>"}]}]
    assert highlighted(text, findings) == 'a <mark class="warning">&lt;b&gt;</mark> c'
    bad = [{"level": "tip", "evidence": [{"start": 5, "end": 99, "text": "?"}]}]
    assert highlighted(text, bad) == "a &lt;b&gt; c"


def test_json_export_is_the_recorded_data(played: tuple[Path, Session], run: Run) -> None:
    path, session = played
    code, out, _ = run("export", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "coach-transcript-report" and data["version"] == 1
    assert data["id"] == path.stem and data["scenario"]["id"] == "remote-trial"
    assert [t["reply"]["text"] for t in data["turns"]] == [HOSTILE, *STRONG[1:]]
    first = data["turns"][0]["reply"]
    assert {"text", "behaviors", "findings", "pipeline"} <= set(first)
    assert data["ending"]["outcome"] == "trial-agreed" and data["finished"] is True
    card = session.scorecard()
    assert card is not None
    assert data["score"] == data["scorecard"]["total"] == card.total


def test_export_writes_a_private_file(
    played: tuple[Path, Session], run: Run, tmp_path: Path
) -> None:

    path, _ = played
    target = tmp_path / "report.html"
    code, out, err = run(
        "export",
        "last",
        "--format",
        "html",
        "-o",
        str(target),
        "--data-dir",
        str(path.parent.parent),
    )
    assert code == 0 and out == "" and err == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_unfinished_session_exports_too(tmp_path: Path, analyzer: Analyzer) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:1], stop=False)
    transcript = read_transcript(path)
    md = export_markdown(transcript)
    assert "- **Outcome:** Unfinished (stopped before an ending)" in md
    assert "No scorecard was recorded." in md
    assert "The session stopped before an ending." in export_html(transcript)

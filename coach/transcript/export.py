"""Reports to share with a mentor: Markdown, a self-contained HTML page, or JSON.

Each holds the conversation, the feedback on every reply as it was given (every
finding, with the suggested rewrite), the ending with its debrief, and the
scorecard. The HTML page has its style inline and loads nothing (no scripts, fonts,
images or links), and every piece of recorded text is escaped. The JSON report is
for tools: the recorded data, one object, in the checked-reply shape of
``coach.report``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from coach.transcript.format import FORMAT, VERSION
from coach.transcript.reader import RecordedTurn, Transcript

FORMATS = ("md", "html", "json")
SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}
LEVEL_NAMES = {"praise": "praise", "tip": "tip", "warning": "warning", "blocker": "blocker"}


def export(transcript: Transcript, fmt: str) -> str:
    """The report as text in ``fmt`` (``md``, ``html`` or ``json``)."""
    if fmt == "md":
        return export_markdown(transcript)
    if fmt == "html":
        return export_html(transcript)
    if fmt == "json":
        import json

        return json.dumps(export_json(transcript), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")


def _outcome(transcript: Transcript) -> str:
    ending = transcript.ending
    if ending is not None:
        return f"{ending.outcome_label}: {ending.title}"
    return "Unfinished (stopped before an ending)"


def _score(transcript: Transcript) -> str:
    score = transcript.score
    return "not scored" if score is None else f"{score}/100"


def _pipeline(p: Mapping[str, str]) -> str:
    return " ".join(v for v in (p.get("name"), p.get("version")) if v) or "unknown"


def _when(transcript: Transcript) -> str:
    started = transcript.header.started_at
    return started.strftime("%Y-%m-%d %H:%M UTC") if started else transcript.header.started


def _manager(transcript: Transcript) -> str:
    header = transcript.header
    if header.manager_role:
        return f"{transcript.manager_name} ({header.manager_role})"
    return transcript.manager_name


# ---------------------------------------------------------------------------
# JSON


def export_json(transcript: Transcript) -> dict[str, Any]:
    header = transcript.header
    ending = transcript.ending
    return {
        "format": f"{FORMAT}-report",
        "version": VERSION,
        "id": transcript.id,
        "scenario": {
            "id": header.scenario_id,
            "title": header.scenario_title,
            "sha256": header.scenario_sha256,
        },
        "manager": {"name": header.manager_name, "role": header.manager_role},
        "started": header.started,
        "seed": header.seed,
        "pipeline": dict(header.pipeline),
        "app": {"name": "coach", "version": header.app_version},
        "origin": header.origin.to_json() if header.origin is not None else None,
        "opening": transcript.opening,
        "turns": [
            {
                "turn": t.turn,
                "node": t.node,
                "situation": t.situation,
                "topic": t.topic,
                "manager_said": t.manager_said,
                "reply": dict(t.reply) if t.reply is not None else {"text": t.text},
                "analysed": t.analysed,
                "fired": list(t.fired),
                "variables": t.variables,
                "manager_answered": t.manager_line,
            }
            for t in transcript.turns
        ],
        "ending": None
        if ending is None
        else {
            "id": ending.ending,
            "outcome": ending.outcome,
            "outcome_label": ending.outcome_label,
            "title": ending.title,
            "debrief": ending.debrief,
        },
        "finished": transcript.finished,
        "score": transcript.score,
        "scorecard": dict(transcript.scorecard_json) if transcript.scorecard_json else None,
        "warnings": [str(w) for w in transcript.warnings],
    }


# ---------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Recorded text as literal Markdown: no emphasis, links, HTML or headings."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", escaped)


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in md_escape(text).splitlines())


def export_markdown(transcript: Transcript) -> str:
    header = transcript.header
    out = [
        f"# {md_escape(header.scenario_title)}",
        "",
        f"- **Date:** {_when(transcript)}",
        f"- **Talking to:** {md_escape(_manager(transcript))}",
        f"- **Outcome:** {md_escape(_outcome(transcript))}",
        f"- **Score:** {_score(transcript)}",
        f"- **Replies:** {len(transcript.turns)}",
        "",
        "## Conversation",
        "",
    ]
    name = md_escape(transcript.manager_name)
    if transcript.opening is not None:
        out += [f"**{name}:** {md_escape(transcript.opening)}", ""]
    for turn in transcript.turns:
        out += [f"### Reply {turn.turn}", "", _md_quote(turn.text), ""]
        out += _md_feedback(turn)
        if turn.manager_line is not None:
            out += [f"**{name}:** {md_escape(turn.manager_line)}", ""]
    out += ["## Outcome", ""]
    ending = transcript.ending
    if ending is not None:
        out += [
            f"**{md_escape(ending.outcome_label)}:** {md_escape(ending.title)}",
            "",
            md_escape(ending.debrief),
            "",
        ]
    else:
        out += ["The session stopped before an ending.", ""]
    out += _md_scorecard(transcript.scorecard_json)
    out += [
        "## Details",
        "",
        f"- Session: `{transcript.id}`",
        f"- Scenario: `{header.scenario_id}`, seed {header.seed}",
        f"- Pipeline: {md_escape(_pipeline(header.pipeline))}; "
        f"coach {md_escape(header.app_version)}",
    ]
    if header.origin is not None:
        out.append(f"- Retried from reply {header.origin.turn} of `{header.origin.transcript}`")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_feedback(turn: RecordedTurn) -> list[str]:
    if not turn.analysed:
        return ["*Not analysed: the session stopped while this reply was analysed.*", ""]
    findings = turn.findings_json
    if not findings and not turn.suggestion:
        return ["*Feedback: nothing to add.*", ""]
    out = ["**Feedback**", ""]
    for f in findings:
        level = str(f["level"])
        out.append(
            f"- {SYMBOLS.get(level, '·')} **{md_escape(str(f['title']))}** ({level}): "
            f"{md_escape(str(f['message']))}"
        )
    if turn.suggestion:
        out += ["", "**Suggested rewrite**", "", _md_quote(turn.suggestion)]
    return [*out, ""]


def _md_scorecard(card: Mapping[str, Any] | None) -> list[str]:
    if card is None:
        return ["## Scorecard", "", "No scorecard was recorded.", ""]
    out = ["## Scorecard", "", f"**{card['total']}/100** over {card['turns']} replies", ""]
    cap = card.get("cap")
    if cap is not None and card["uncapped"] > cap:
        out += [f"Capped at {cap} by a blocker ({round(card['uncapped'])} without it).", ""]
    for group in card["groups"]:
        checks = group["checks"]
        met = sum(1 for c in checks if c["met"])
        applicable = sum(1 for c in checks if c["met"] is not None)
        out.append(f"- **{md_escape(group['title'])}**: {met} of {applicable} met")
        for check in checks:
            mark = {True: "✓", False: "·", None: "-"}[check["met"]]
            note = " (not applicable)" if check["met"] is None else ""
            out.append(f"  - {mark} {md_escape(check['title'])}{note}")
    for blocker in card.get("blockers", []):
        turns = ", ".join(str(t) for t in blocker.get("turns", []))
        out.append(
            f"- ✗ **{md_escape(blocker['title'])}** (reply {turns}): caps the score at "
            f"{blocker.get('cap')}"
        )
    if card.get("improvements"):
        out += ["", "**To raise the score**", ""]
        for i, item in enumerate(card["improvements"], start=1):
            out.append(f"{i}. **{md_escape(item['title'])}**: {md_escape(item['advice'])}")
    return [*out, ""]


# ---------------------------------------------------------------------------
# HTML

_CSS = """
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6575; --bg: #ffffff;
  --panel: #f4f6f9; --line: #d9dee7; --you: #e8f1ff; --praise: #1a7f37;
  --tip: #0a6fa8; --warning: #9a6700; --blocker: #c62828; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --muted: #9aa4b2; --bg: #15181d; --panel: #1e232b;
    --line: #323945; --you: #1c2a40; --praise: #57c278; --tip: #4fb3e8;
    --warning: #e0b341; --blocker: #ff6b6b; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 4rem; color: var(--fg);
  background: var(--bg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .8rem; border-bottom: 1px solid var(--line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
  color: var(--muted); margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.line { margin: 1rem 0; padding: .7rem .9rem; border-radius: .6rem; background: var(--panel); }
.line .who { font-weight: 600; display: block; font-size: .85rem; color: var(--muted); }
.you { background: var(--you); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.feedback { margin: .4rem 0 1.2rem 1rem; padding-left: .8rem; border-left: 3px solid var(--line); }
.feedback ul { list-style: none; padding: 0; margin: .3rem 0; }
.feedback li { margin: .35rem 0; }
.sym { display: inline-block; width: 1.2em; font-weight: 700; }
.praise .sym, .praise .lvl { color: var(--praise); }
.tip .sym, .tip .lvl { color: var(--tip); }
.warning .sym, .warning .lvl { color: var(--warning); }
.blocker .sym, .blocker .lvl { color: var(--blocker); }
.lvl { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
.rewrite { margin-top: .5rem; font-style: italic; }
mark { background: none; color: inherit; text-decoration: underline 2px;
  text-underline-offset: 3px; }
mark.praise { text-decoration-color: var(--praise); }
mark.tip { text-decoration-color: var(--tip); }
mark.warning { text-decoration-color: var(--warning); }
mark.blocker { text-decoration-color: var(--blocker); }
.muted { color: var(--muted); }
.score { font-size: 2rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
td { padding: .25rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.mark { width: 1.5rem; text-align: center; }
.met { color: var(--praise); }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
@media print { body { max-width: none; } .line { break-inside: avoid; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def highlighted(text: str, findings: Sequence[Mapping[str, Any]]) -> str:
    """The reply, escaped, with each finding's evidence marked (the most important
    finding wins where evidence overlaps)."""
    spans: list[tuple[int, int, str]] = []
    for finding in findings:
        for e in finding.get("evidence", []):
            start, end = int(e["start"]), int(e["end"])
            if 0 <= start < end <= len(text):
                spans.append((start, end, str(finding["level"])))
    chosen: list[tuple[int, int, str]] = []
    for start, end, level in spans:  # ranked order: earlier findings matter more
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, level))
    out: list[str] = []
    at = 0
    for start, end, level in sorted(chosen):
        out.append(_e(text[at:start]))
        out.append(
            f'<mark class="{_e(LEVEL_NAMES.get(level, "tip"))}">{_e(text[start:end])}</mark>'
        )
        at = end
    out.append(_e(text[at:]))
    return "".join(out)


def export_html(transcript: Transcript) -> str:
    header = transcript.header
    title = f"{header.scenario_title}: practice report"
    name = transcript.manager_name
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(header.scenario_title)}</h1>",
        '<dl class="meta">',
        f"<dt>Date</dt><dd>{_e(_when(transcript))}</dd>",
        f"<dt>Talking to</dt><dd>{_e(_manager(transcript))}</dd>",
        f"<dt>Outcome</dt><dd>{_e(_outcome(transcript))}</dd>",
        f"<dt>Score</dt><dd>{_e(_score(transcript))}</dd>",
        f"<dt>Replies</dt><dd>{len(transcript.turns)}</dd>",
        "</dl>",
        "</header>",
        "<main>",
        "<h2>Conversation</h2>",
    ]
    if transcript.opening is not None:
        parts.append(_html_line(name, transcript.opening, "manager"))
    for turn in transcript.turns:
        parts.append(
            f'<div class="line you"><span class="who">You, reply {turn.turn}</span>'
            f'<div class="text">{highlighted(turn.text, turn.findings_json)}</div></div>'
        )
        parts.append(_html_feedback(turn))
        if turn.manager_line is not None:
            parts.append(_html_line(name, turn.manager_line, "manager"))
    parts.append("<h2>Outcome</h2>")
    ending = transcript.ending
    if ending is not None:
        parts.append(
            f"<p><strong>{_e(ending.outcome_label)}:</strong> {_e(ending.title)}</p>"
            f"<p>{_e(ending.debrief)}</p>"
        )
    else:
        parts.append("<p>The session stopped before an ending.</p>")
    parts += _html_scorecard(transcript.scorecard_json)
    parts += [
        "</main>",
        "<footer>",
        f"Session {_e(transcript.id)} · scenario {_e(header.scenario_id)} · seed "
        f"{_e(header.seed)} · {_e(_pipeline(header.pipeline))} · coach {_e(header.app_version)}",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _html_line(who: str, text: str, kind: str) -> str:
    return (
        f'<div class="line {kind}"><span class="who">{_e(who)}</span>'
        f'<div class="text">{_e(text)}</div></div>'
    )


def _html_feedback(turn: RecordedTurn) -> str:
    if not turn.analysed:
        return '<div class="feedback muted">Not analysed: the session stopped here.</div>'
    items = []
    for f in turn.findings_json:
        level = LEVEL_NAMES.get(str(f["level"]), "tip")
        items.append(
            f'<li class="{level}"><span class="sym">{_e(SYMBOLS.get(level, "·"))}</span>'
            f'<span class="lvl">{_e(level)}</span> <strong>{_e(f["title"])}</strong>: '
            f"{_e(f['message'])}</li>"
        )
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="muted">Nothing to add.</p>'
    if turn.suggestion:
        body += (
            '<div class="rewrite"><strong>Try:</strong> '
            f'<span class="text">{_e(turn.suggestion)}</span></div>'
        )
    return f'<div class="feedback">{body}</div>'


def _html_scorecard(card: Mapping[str, Any] | None) -> list[str]:
    out = ["<h2>Scorecard</h2>"]
    if card is None:
        return [*out, "<p>No scorecard was recorded.</p>"]
    out.append(
        f'<p><span class="score">{_e(card["total"])}/100</span> '
        f'<span class="muted">over {_e(card["turns"])} replies</span></p>'
    )
    cap = card.get("cap")
    if cap is not None and card["uncapped"] > cap:
        out.append(
            f"<p>Capped at {_e(cap)} by a blocker ({round(card['uncapped'])} without it).</p>"
        )
    for group in card["groups"]:
        checks = group["checks"]
        met = sum(1 for c in checks if c["met"])
        applicable = sum(1 for c in checks if c["met"] is not None)
        rows = []
        for check in checks:
            mark = {True: "✓", False: "·", None: "-"}[check["met"]]
            css = "met" if check["met"] else "muted" if check["met"] is None else ""
            note = " (not applicable)" if check["met"] is None else ""
            rows.append(
                f'<tr><td class="mark {css}">{mark}</td><td>{_e(check["title"])}{note}</td></tr>'
            )
        out.append(
            f'<h3>{_e(group["title"])} <span class="muted">{met} of {applicable} met</span></h3>'
            f"<table>{''.join(rows)}</table>"
        )
    blockers = card.get("blockers", [])
    if blockers:
        items = "".join(
            f'<li class="blocker"><span class="sym">✗</span>{_e(b["title"])} (reply '
            f"{_e(', '.join(str(t) for t in b.get('turns', [])))}): caps the score at "
            f"{_e(b.get('cap'))}</li>"
            for b in blockers
        )
        out.append(f'<div class="feedback"><ul>{items}</ul></div>')
    if card.get("improvements"):
        items = "".join(
            f"<li><strong>{_e(i['title'])}</strong>: {_e(i['advice'])}</li>"
            for i in card["improvements"]
        )
        out.append(f"<h3>To raise the score</h3><ol>{items}</ol>")
    return out

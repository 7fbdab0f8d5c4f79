"""The one JSON shape of a checked reply, and of a scorecard.

Written by this serializer alone and used by ``check --format json``, every
``check --jsonl`` line, ``score --format json``, transcripts and the TUI, so they
never drift apart. A checked reply::

    {"id"?, "text", "situation"?, "behaviors": {id: {"present", "evidence"}},
     "findings"?: [{"rule", "level", "title", "message", "why", "suggestion",
                    "evidence": [{"start", "end", "text"}]}],
     "suggestion"?: str, "pipeline": {"name", "version"}}

``findings`` are ranked most important first; ``suggestion`` is the combined
rewrite of the whole reply (present only when there is one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coach.nlp.detection import Detection, Evidence

if TYPE_CHECKING:
    from coach.coaching import Feedback, Finding, Scorecard


def evidence_json(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    return [{"start": e.start, "end": e.end, "text": e.text} for e in evidence]


def detection_json(detection: Detection) -> dict[str, Any]:
    return {
        bid: {"present": result.present, "evidence": evidence_json(result.evidence)}
        for bid, result in detection.behaviours.items()
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "level": finding.level,
        "title": finding.title,
        "message": finding.message,
        "why": finding.why,
        "suggestion": finding.suggestion,
        "evidence": evidence_json(finding.evidence),
    }


def findings_json(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    return [finding_json(f) for f in findings]


def checked_reply(
    detection: Detection,
    pipeline: dict[str, str],
    *,
    reply_id: Any = None,
    situation: str | None = None,
    findings: list[dict[str, Any]] | None = None,
    suggestion: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if reply_id is not None:
        out["id"] = reply_id
    out["text"] = detection.text
    if situation is not None:
        out["situation"] = situation
    out["behaviors"] = detection_json(detection)
    if findings is not None:
        out["findings"] = findings
    if suggestion is not None:
        out["suggestion"] = suggestion
    out["pipeline"] = dict(pipeline)
    return out


def coached_reply(
    detection: Detection,
    pipeline: dict[str, str],
    feedback: Feedback,
    findings: Iterable[Finding] | None = None,
    *,
    reply_id: Any = None,
    situation: str | None = None,
) -> dict[str, Any]:
    """A checked reply with its feedback: ``findings`` (all of the feedback's unless a
    filtered selection is given) and the combined ``suggestion``."""
    chosen = feedback.findings if findings is None else findings
    return checked_reply(
        detection,
        pipeline,
        reply_id=reply_id,
        situation=situation,
        findings=findings_json(chosen),
        suggestion=feedback.suggestion,
    )


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    return {
        "total": card.total,
        "uncapped": round(card.uncapped, 2),
        "cap": card.cap,
        "turns": card.turns,
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "weight": g.weight,
                "share": None if g.share is None else round(g.share, 4),
                "checks": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "weight": c.weight,
                        "met": c.met,
                        "turns": list(c.turns),
                        "advice": " ".join(c.advice.split()),
                    }
                    for c in g.checks
                ],
            }
            for g in card.groups
        ],
        "blockers": [
            {
                "id": b.id,
                "title": b.title,
                "cap": b.cap,
                "turns": list(b.turns),
                "advice": " ".join(b.advice.split()),
            }
            for b in card.fired_blockers
        ],
        "improvements": [
            {
                "kind": i.kind,
                "id": i.id,
                "title": i.title,
                "advice": " ".join(i.advice.split()),
                "gain": round(i.gain, 2),
            }
            for i in card.improvements
        ],
    }

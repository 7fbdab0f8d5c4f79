"""The one JSON shape of a checked reply.

Written by this serializer alone and used by ``check --format json``, every
``check --jsonl`` line, transcripts and the TUI, so they never drift apart.
"""

from __future__ import annotations

from typing import Any

from coach.nlp.detection import Detection


def detection_json(detection: Detection) -> dict[str, Any]:
    return {
        bid: {
            "present": result.present,
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in result.evidence],
        }
        for bid, result in detection.behaviours.items()
    }


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

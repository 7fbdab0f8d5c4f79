"""Progress over time, from the transcripts in the data directory.

:func:`load_history` reads every transcript and gives plain data:

- **sessions**, newest first, each with its scenario, outcome, score and length;
- **per scenario**: how many sessions, the last and best score, the average, the
  trend over time as a sparkline (``▁▂▃▄▅▆▇█`` for 0 to 100) and the change from the
  first scored session to the last;
- **per piece of advice** (each check of the scorecard's rubric, and each blocker):
  in how many sessions it applied and was met, and a *recent-weighted* rate in which
  a session's weight halves every :data:`HALF_LIFE` sessions back, so that what you
  do now counts more than what you did at first; with a strip of the recent results.

Only sessions that reached an ending count for scores, trends and advice: a stopped
session is judged on half a conversation. Files that cannot be read are listed in
``skipped`` (one line each) and otherwise ignored. Sparklines are plain Unicode
computed here, so the command line and the app show the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.transcript.reader import Transcript, read_transcript
from coach.transcript.store import transcript_files

BLOCKS = "▁▂▃▄▅▆▇█"
HALF_LIFE = 3.0
"""Sessions back after which a session's weight in the advice rates has halved."""
RECENT = 10
"""How many sessions the per-advice strips show."""


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 100.0) -> str:
    """One block per value, ``▁`` at ``low`` to ``█`` at ``high``; a space for None."""
    span = high - low or 1.0
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        share = min(max((value - low) / span, 0.0), 1.0)
        out.append(BLOCKS[round(share * (len(BLOCKS) - 1))])
    return "".join(out)


def recency_weights(count: int, half_life: float = HALF_LIFE) -> list[float]:
    """Weights for ``count`` sessions, oldest first: the newest weighs 1, one
    ``half_life`` sessions before it 0.5, and so on."""
    return [0.5 ** ((count - 1 - i) / half_life) for i in range(count)]


@dataclass(frozen=True)
class SessionSummary:
    id: str
    path: Path
    scenario_id: str
    scenario_title: str
    started: str
    started_at: datetime | None
    replies: int
    finished: bool
    outcome: str | None
    outcome_label: str | None
    ending_title: str | None
    score: int | None
    """The ending's score; for a stopped session, the score so far (not used in trends)."""
    resumable: bool
    """No ending: ``coach resume`` can continue it."""
    origin: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": str(self.path),
            "scenario": self.scenario_id,
            "title": self.scenario_title,
            "started": self.started,
            "replies": self.replies,
            "finished": self.finished,
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "score": self.score,
            "resumable": self.resumable,
            "origin": self.origin,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ScenarioProgress:
    scenario_id: str
    title: str
    sessions: tuple[SessionSummary, ...]
    """Oldest first."""
    scores: tuple[int, ...]
    """Scores of the sessions that reached an ending, oldest first."""

    @property
    def last(self) -> int | None:
        return self.scores[-1] if self.scores else None

    @property
    def best(self) -> int | None:
        return max(self.scores) if self.scores else None

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def change(self) -> int | None:
        """Last score minus the first (``None`` with fewer than two)."""
        return self.scores[-1] - self.scores[0] if len(self.scores) > 1 else None

    @property
    def trend(self) -> str:
        return sparkline(self.scores)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "sessions": len(self.sessions),
            "scored": len(self.scores),
            "scores": list(self.scores),
            "last": self.last,
            "best": self.best,
            "average": None if self.average is None else round(self.average, 1),
            "change": self.change,
            "trend": self.trend,
        }


@dataclass(frozen=True)
class AdviceProgress:
    """One piece of advice (a rubric check, or a blocker to avoid) across sessions."""

    id: str
    kind: str
    """``check`` (met when the check was met) or ``blocker`` (met when avoided)."""
    title: str
    advice: str
    applicable: int
    """Scored sessions in which it applied."""
    met: int
    rate: float | None
    """Recent-weighted share of those sessions in which it was met (0 to 1)."""
    results: tuple[bool | None, ...]
    """Per scored session, oldest first: met, missed, or ``None`` (did not apply)."""

    @property
    def recent(self) -> str:
        """The last results as blocks: ``█`` met, ``▁`` missed, ``·`` did not apply."""
        marks = {True: "█", False: "▁", None: "·"}
        return "".join(marks[r] for r in self.results[-RECENT:])

    @property
    def last(self) -> bool | None:
        return next((r for r in reversed(self.results) if r is not None), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "advice": self.advice,
            "applicable": self.applicable,
            "met": self.met,
            "rate": None if self.rate is None else round(self.rate, 3),
            "last": self.last,
            "recent": self.recent,
        }


@dataclass(frozen=True)
class History:
    data_dir: Path
    sessions: tuple[SessionSummary, ...]
    """Newest first."""
    scenarios: tuple[ScenarioProgress, ...]
    advice: tuple[AdviceProgress, ...]
    """Weakest (lowest recent-weighted rate) first."""
    skipped: tuple[str, ...] = ()
    """One line per file that could not be read."""

    @property
    def scores(self) -> tuple[int, ...]:
        """Every ending's score, oldest first, all scenarios together."""
        return tuple(s.score for s in reversed(self.sessions) if s.finished and s.score is not None)

    @property
    def trend(self) -> str:
        return sparkline(self.scores)

    def scenario(self, scenario_id: str) -> ScenarioProgress | None:
        return next((s for s in self.scenarios if s.scenario_id == scenario_id), None)

    def resumable(self) -> SessionSummary | None:
        """The newest session without an ending (what ``coach resume`` continues)."""
        return next((s for s in self.sessions if s.resumable), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir),
            "sessions": [s.to_json() for s in self.sessions],
            "scenarios": [s.to_json() for s in self.scenarios],
            "advice": [a.to_json() for a in self.advice],
            "trend": self.trend,
            "half_life": HALF_LIFE,
            "skipped": list(self.skipped),
        }


def summarise(transcript: Transcript) -> SessionSummary:
    ending = transcript.ending
    origin = transcript.header.origin
    return SessionSummary(
        id=transcript.id,
        path=transcript.path,
        scenario_id=transcript.scenario_id,
        scenario_title=transcript.header.scenario_title,
        started=transcript.header.started,
        started_at=transcript.header.started_at,
        replies=len(transcript.turns),
        finished=ending is not None,
        outcome=ending.outcome if ending else None,
        outcome_label=ending.outcome_label if ending else None,
        ending_title=ending.title if ending else None,
        score=transcript.score,
        resumable=ending is None,
        origin=f"{origin.transcript}#{origin.turn}" if origin is not None else None,
        warnings=tuple(str(w) for w in transcript.warnings),
    )


def read_all(data_dir: Path) -> tuple[list[Transcript], list[str]]:
    """Every readable transcript (oldest first), and one line per file that is not."""
    transcripts: list[Transcript] = []
    skipped: list[str] = []
    for file in transcript_files(data_dir):
        try:
            transcripts.append(read_transcript(file))
        except CoachError as exc:
            skipped.append(exc.message)
    return transcripts, skipped


def load_history(data_dir: Path, scenario: str | None = None) -> History:
    """The history of every recorded session under ``data_dir`` (or of one scenario)."""
    transcripts, skipped = read_all(data_dir)
    if scenario is not None:
        transcripts = [t for t in transcripts if t.scenario_id == scenario]
    return build_history(data_dir, transcripts, skipped)


def build_history(
    data_dir: Path, transcripts: Iterable[Transcript], skipped: Sequence[str] = ()
) -> History:
    ordered = sorted(transcripts, key=lambda t: (t.header.started, t.name))
    summaries = [summarise(t) for t in ordered]
    by_scenario: dict[str, list[SessionSummary]] = {}
    for summary in summaries:
        by_scenario.setdefault(summary.scenario_id, []).append(summary)
    scenarios = tuple(
        ScenarioProgress(
            scenario_id=sid,
            title=sessions[-1].scenario_title,
            sessions=tuple(sessions),
            scores=tuple(s.score for s in sessions if s.finished and s.score is not None),
        )
        for sid, sessions in sorted(by_scenario.items())
    )
    cards = [
        t.ending.scorecard_json
        for t in ordered
        if t.ending is not None and t.ending.scorecard_json is not None
    ]
    return History(
        data_dir=data_dir,
        sessions=tuple(reversed(summaries)),
        scenarios=scenarios,
        advice=advice_progress(cards),
        skipped=tuple(skipped),
    )


def advice_progress(cards: Sequence[Mapping[str, Any]]) -> tuple[AdviceProgress, ...]:
    """Per check and blocker, over scorecards given oldest first."""
    weights = recency_weights(len(cards))
    checks: dict[str, tuple[str, str]] = {}
    check_results: dict[str, list[bool | None]] = {}
    blockers: dict[str, tuple[str, str]] = {}
    fired: list[set[str]] = []
    for index, card in enumerate(cards):
        for group in card.get("groups", []):
            for check in group.get("checks", []):
                cid = str(check["id"])
                checks.setdefault(cid, (str(check["title"]), str(check["advice"])))
                results = check_results.setdefault(cid, [None] * len(cards))
                results[index] = check["met"]
        here = set()
        for blocker in card.get("blockers", []):
            bid = str(blocker["id"])
            blockers.setdefault(bid, (str(blocker["title"]), str(blocker["advice"])))
            here.add(bid)
        fired.append(here)
    out: list[AdviceProgress] = []
    for cid, (title, advice) in checks.items():
        out.append(_progress(cid, "check", title, advice, check_results[cid], weights))
    for bid, (title, advice) in blockers.items():
        avoided: list[bool | None] = [bid not in here for here in fired]
        out.append(_progress(bid, "blocker", title, advice, avoided, weights))
    out.sort(key=lambda a: (2.0 if a.rate is None else a.rate, -a.applicable, a.id))
    return tuple(out)


def _progress(
    ident: str,
    kind: str,
    title: str,
    advice: str,
    results: Sequence[bool | None],
    weights: Sequence[float],
) -> AdviceProgress:
    applicable = [(r, w) for r, w in zip(results, weights, strict=True) if r is not None]
    total = sum(w for _, w in applicable)
    rate = sum(w for r, w in applicable if r) / total if total else None
    return AdviceProgress(
        id=ident,
        kind=kind,
        title=title,
        advice=" ".join(advice.split()),
        applicable=len(applicable),
        met=sum(1 for r, _ in applicable if r),
        rate=rate,
        results=tuple(results),
    )


def scenario_scores(data_dir: Path) -> dict[str, ScenarioProgress]:
    """Per scenario id: its sessions and scores (``.last``, ``.best``) for the app's
    home screen."""
    return {s.scenario_id: s for s in load_history(data_dir).scenarios}
